/** Waivers: an issue accepted with a reason, written (and so audited) through the write path. */
import { isCheckCode, type CheckCode } from '../../../shared/checks/codes';
import type { CheckWaiver } from '../../../shared/domain/checks';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import type { Db } from '../db/connection';

export function waiverKey(code: string, subject: string): string {
  return `${code}\u0000${subject}`;
}

interface WaiverRow {
  id: number;
  code: string;
  subject: string;
  record_id: number | null;
  reason: string;
  created_at: string;
}

function toWaiver(r: WaiverRow): CheckWaiver {
  return { id: r.id, code: r.code as CheckCode, subject: r.subject, recordId: r.record_id, reason: r.reason, createdAt: r.created_at };
}

export function listWaivers(db: Db): CheckWaiver[] {
  return (db.prepare('SELECT * FROM check_waivers ORDER BY id').all() as WaiverRow[]).map(toWaiver);
}

export function readWaivers(db: Db): Map<string, CheckWaiver> {
  return new Map(listWaivers(db).map((w) => [waiverKey(w.code, w.subject), w]));
}

export function waive(ledger: LedgerSession, code: string, subject: string, reason: string): CheckWaiver {
  if (!isCheckCode(code)) throw new AppError('BAD_ARGS', `未知的检查代码：${code}`);
  const recordMatch = /^record:(\d+)$/.exec(subject);
  const existing = ledger.db.prepare('SELECT id FROM check_waivers WHERE code = ? AND subject = ?').get(code, subject) as { id: number } | undefined;
  const row = ledger.write(`豁免检查 ${code}：${reason.trim()}`, (w) => {
    const values = { code, subject, record_id: recordMatch ? Number(recordMatch[1]) : null, reason: reason.trim() };
    if (existing) return w.update('checkWaiver', existing.id, values)?.after ?? w.get('checkWaiver', existing.id)!;
    return w.insert('checkWaiver', { ...values, created_at: w.at });
  });
  return toWaiver(row as unknown as WaiverRow);
}

export function unwaive(ledger: LedgerSession, id: number): boolean {
  const found = ledger.db.prepare('SELECT code FROM check_waivers WHERE id = ?').get(id) as { code: string } | undefined;
  if (!found) return false;
  ledger.write(`撤销豁免 ${found.code}`, (w) => w.remove('checkWaiver', id));
  return true;
}
