/**
 * LOCKED_PERIOD_EDITED: a record of a submitted month that changed after the submission — an
 * audited change later than `submitted_at` (made before the lock existed, or by an older app),
 * a record moved into or out of the month since, or a row that no longer matches its latest
 * audit entry (changed with plain SQL, outside the app).
 */
import { severityOf } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import { DAMAGED, differsFromAudit, parseAuditJson } from '../db/audit-chain';
import type { Db } from '../db/connection';

interface SubmittedPeriod {
  month: string;
  submittedAt: string;
}

/** The first audit entry written after `at` (entries are appended in time order), by bisection on seq. */
function firstSeqAfter(db: Db, at: string): number | null {
  const bounds = db.prepare('SELECT min(seq) AS lo, max(seq) AS hi FROM audit_log').get() as { lo: number | null; hi: number | null };
  if (bounds.hi === null || bounds.lo === null) return null;
  const atOf = db.prepare('SELECT at FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT 1').pluck();
  let lo = bounds.lo;
  let hi = bounds.hi + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const t = atOf.get(mid) as string | undefined;
    if (t !== undefined && t > at) hi = mid;
    else lo = mid + 1;
  }
  return lo > bounds.hi ? null : lo;
}

function monthOf(json: string | null): string | null {
  if (!json) return null;
  const date = parseAuditJson(json)?.date;
  return typeof date === 'string' ? date.slice(0, 7) : null;
}

export function lockedPeriodEdits(db: Db, period: string | null): CheckIssue[] {
  const periods = (
    db.prepare(`SELECT month, submitted_at AS "submittedAt" FROM periods WHERE status = 'submitted' AND submitted_at IS NOT NULL ORDER BY month`).all() as SubmittedPeriod[]
  ).filter((p) => !period || p.month === period);
  const found = new Map<number, string>();
  const exists = db.prepare('SELECT 1 FROM records WHERE id = ?').pluck();

  for (const p of periods) {
    // Audited changes after the submission that touched the month, before or after.
    const from = firstSeqAfter(db, p.submittedAt);
    if (from !== null) {
      const later = db
        .prepare(
          `SELECT a.entity_id AS id, a.action, a.at, a.before_json AS "beforeJson", a.after_json AS "afterJson", r.date AS "currentDate"
           FROM audit_log a LEFT JOIN records r ON a.after_sha256 IS NOT NULL AND r.id = a.entity_id
           WHERE a.seq >= ? AND a.entity = 'record' ORDER BY a.seq`,
        )
        .iterate(from) as IterableIterator<{ id: number; action: string; at: string; beforeJson: string | null; afterJson: string | null; currentDate: string | null }>;
      for (const e of later) {
        // A bulk insert keeps only a digest of the row: its month is the row's, if it is still there.
        const afterMonth = e.afterJson ? monthOf(e.afterJson) : (e.currentDate?.slice(0, 7) ?? null);
        if (monthOf(e.beforeJson) !== p.month && afterMonth !== p.month) continue;
        const verb = e.action === 'insert' ? '新增' : e.action === 'delete' ? '删除' : '修改';
        found.set(e.id, `${p.month} 月已于 ${p.submittedAt.slice(0, 16).replace('T', ' ')} 报送，此后记录于 ${e.at.slice(0, 16).replace('T', ' ')} 被${verb}`);
      }
    }
    // Rows of the month that differ from their latest audited state: changed outside the app.
    const rows = db
      .prepare(
        `SELECT r.*, a.after_json AS __after, a.after_sha256 AS __digest FROM records r
         LEFT JOIN audit_log a ON a.seq = (SELECT max(seq) FROM audit_log WHERE entity = 'record' AND entity_id = r.id)
         WHERE (r.date >= @from AND r.date <= @to) OR r.period = @month`,
      )
      .iterate({ from: `${p.month}-01`, to: `${p.month}-31`, month: p.month }) as IterableIterator<Record<string, unknown>>;
    for (const row of rows) {
      const { __after, __digest, ...current } = row;
      const id = Number(current.id);
      if (found.has(id)) continue;
      const after = typeof __after === 'string' ? __after : null;
      const digest = typeof __digest === 'string' ? __digest : null;
      if (after === null && digest === null) {
        found.set(id, `${p.month} 月已报送，但该记录没有操作记录（在本程序之外写入）`);
        continue;
      }
      const changed = differsFromAudit(current, after, digest);
      if (changed.length) {
        const what = changed[0] === '*' ? '内容与写入时的指纹不符' : changed[0] === DAMAGED ? '其操作记录已损坏' : `字段：${changed.join('、')}`;
        found.set(id, `${p.month} 月已报送，但该记录在本程序之外被修改过（${what}）`);
      }
    }
  }
  return [...found].sort(([a], [b]) => a - b).map(([id, message]) => ({
    code: 'LOCKED_PERIOD_EDITED' as const,
    severity: severityOf('LOCKED_PERIOD_EDITED'),
    ...(exists.get(id) ? { recordId: id } : {}),
    subject: `record:${id}`,
    message,
  }));
}
