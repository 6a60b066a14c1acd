/**
 * Numbers handed out twice. Before migration 9, SQLite gave the highest id again once its row
 * was deleted, and links, waivers and history are keyed by number: the new row inherited the
 * deleted one's. The audit log shows it as a delete followed, under the same number, by an
 * insert that is not a restore of the deleted row (undo brings back the row as it was:
 * records/removal.ts). Reported, never repaired silently: which old row, what hangs on the new one.
 */
import type { VerifyProblem } from '../../../shared/api';
import { formatFen } from '../../../shared/money';
import type { Db } from '../db/connection';
import { entityLabel, type EntityName } from '../db/write-path';

interface Reuse {
  entity: EntityName;
  entity_id: number;
  deleted_at: string;
  before_json: string | null;
  inserted_seq: number;
  inserted_at: string;
  after_json: string | null;
}

/** Entities files can be linked to (attachments/links.ts targets). */
const LINK_TARGETS = new Set(['record', 'purchaser', 'supplier', 'certificate']);

export function verifyIdsNotReused(db: Db, limit: number): VerifyProblem[] {
  // The entry after a delete under one number can only be an insert (a deleted row cannot be
  // changed); audit_log_entity (entity, entity_id, seq) finds it.
  const reuses = db
    .prepare(
      `SELECT d.entity, d.entity_id, d.at AS deleted_at, d.before_json, i.seq AS inserted_seq, i.at AS inserted_at, i.after_json
       FROM audit_log d
       JOIN audit_log i ON i.seq = (SELECT min(n.seq) FROM audit_log n WHERE n.entity = d.entity AND n.entity_id = d.entity_id AND n.seq > d.seq)
       WHERE d.action = 'delete' AND i.action = 'insert'
       ORDER BY d.seq`,
    )
    .iterate() as IterableIterator<Reuse>;
  const problems: VerifyProblem[] = [];
  for (const r of reuses) {
    if (isRestore(r.before_json, r.after_json)) continue;
    problems.push({ code: 'ID_REUSED', message: describe(db, r), entity: r.entity, entityId: r.entity_id });
    if (problems.length >= limit) break;
  }
  return problems;
}

/** A restore writes back the deleted row itself; only its change time differs. */
function isRestore(beforeJson: string | null, afterJson: string | null): boolean {
  if (beforeJson === null || afterJson === null) return false;
  const before = JSON.parse(beforeJson) as Record<string, unknown>;
  const after = JSON.parse(afterJson) as Record<string, unknown>;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('updated_at');
  return [...keys].every((k) => (before[k] ?? null) === (after[k] ?? null));
}

function describe(db: Db, r: Reuse): string {
  const label = entityLabel(r.entity);
  const old = r.before_json ? summary(r.entity, JSON.parse(r.before_json) as Record<string, unknown>) : '';
  const carried: string[] = [];
  if (LINK_TARGETS.has(r.entity)) {
    const links = db
      .prepare(
        `SELECT count(*) FROM attachment_links l WHERE l.entity = ? AND l.entity_id = ?
           AND (SELECT min(a.seq) FROM audit_log a WHERE a.entity = 'attachmentLink' AND a.entity_id = l.id) < ?`,
      )
      .pluck()
      .get(r.entity, r.entity_id, r.inserted_seq) as number;
    if (links > 0) carried.push(`${links} 个附件`);
  }
  if (r.entity === 'record') {
    const waivers = db
      .prepare(
        `SELECT count(*) FROM check_waivers w WHERE w.record_id = ?
           AND (SELECT min(a.seq) FROM audit_log a WHERE a.entity = 'checkWaiver' AND a.entity_id = w.id) < ?`,
      )
      .pluck()
      .get(r.entity_id, r.inserted_seq) as number;
    if (waivers > 0) carried.push(`${waivers} 条检查豁免`);
  }
  carried.push('修改记录');
  return (
    `${label}编号 ${r.entity_id} 被重复使用：原${label}${old ? `（${old}）` : ''}于 ${day(r.deleted_at)} 删除后，` +
    `该编号又给了 ${day(r.inserted_at)} 新增的${label}；原${label}的${/^\d/.test(carried[0]) ? ' ' : ''}${carried.join('、')}现在显示在新${label}上，请逐项核对`
  );
}

function summary(entity: EntityName, row: Record<string, unknown>): string {
  if (entity === 'record') {
    const parts = [row.date, row.purchaser_name, row.product_name].filter((v) => typeof v === 'string' && v !== '');
    if (typeof row.amount_fen === 'number') parts.push(`${formatFen(row.amount_fen)} 元`);
    return parts.join('，');
  }
  return typeof row.name === 'string' ? row.name : typeof row.file_name === 'string' ? row.file_name : '';
}

function day(iso: string): string {
  return iso.slice(0, 10);
}
