/**
 * Numbers handed out twice. Before migration 9, SQLite gave the highest id again once its row
 * was deleted, and links, waivers and history are keyed by number: the new row inherited the
 * deleted one's. The audit log shows it as a delete followed, under the same number, by an
 * insert that is not a restore of the deleted row (undo brings back the row as it was:
 * records/removal.ts). Found here for verify, for the repair (repair-reused-ids.ts) and for the
 * history panel (app.ts), never repaired silently.
 */
import type { VerifyProblem } from '../../../shared/api';
import { formatFen } from '../../../shared/money';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { entityLabel, type EntityName } from '../db/write-path';

export interface Reuse {
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

// The entry after a delete under one number can only be an insert (a deleted row cannot be
// changed); audit_log_entity (entity, entity_id, seq) finds it.
const REUSES_SQL = `SELECT d.entity, d.entity_id, d.at AS deleted_at, d.before_json, i.seq AS inserted_seq, i.at AS inserted_at, i.after_json
  FROM audit_log d
  JOIN audit_log i ON i.seq = (SELECT min(n.seq) FROM audit_log n WHERE n.entity = d.entity AND n.entity_id = d.entity_id AND n.seq > d.seq)
  WHERE d.action = 'delete' AND i.action = 'insert'`;

/** Every reuse, oldest first. */
export function* findReuses(db: Db): Generator<Reuse> {
  for (const r of db.prepare(`${REUSES_SQL} ORDER BY d.seq`).iterate() as IterableIterator<Reuse>) if (!isRestore(r.before_json, r.after_json)) yield r;
}

/** The latest reuse of one number before `beforeSeq` (its current owner's first entry, when none is given). */
export function latestReuse(db: Db, entity: string, entityId: number, beforeSeq = Number.MAX_SAFE_INTEGER): Reuse | null {
  const candidates = db
    .prepare(`${REUSES_SQL} AND d.entity = ? AND d.entity_id = ? AND i.seq < ? ORDER BY d.seq DESC`)
    .all(entity, entityId, beforeSeq) as Reuse[];
  return candidates.find((r) => !isRestore(r.before_json, r.after_json)) ?? null;
}

export function verifyIdsNotReused(db: Db, limit: number): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  for (const r of findReuses(db)) {
    // Once nothing of the deleted row hangs on the number (repaired, or there never was
    // anything), the reuse is harmless: the history panel shows the two rows apart.
    const links = inheritedLinks(db, r).length;
    const waivers = inheritedWaivers(db, r).length;
    if (links + waivers === 0) continue;
    problems.push({ code: 'ID_REUSED', message: describe(r, links, waivers), entity: r.entity, entityId: r.entity_id });
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

/**
 * What still hangs on the number and belongs to a deleted row: everything the log says of it
 * (its insert, and any change: a waiver re-decided for the new row is the new row's) came
 * before the reusing insert. Its latest entry, not its first: a link's own number may have
 * been reused too.
 */
export function inheritedLinks(db: Db, r: Reuse): { id: number; attachment_id: number; role: string; name: string }[] {
  if (!LINK_TARGETS.has(r.entity)) return [];
  return prepared(
    db,
    `SELECT l.id, l.attachment_id, l.role, a.original_name AS name FROM attachment_links l JOIN attachments a ON a.id = l.attachment_id
       WHERE l.entity = ? AND l.entity_id = ?
         AND (SELECT max(e.seq) FROM audit_log e WHERE e.entity = 'attachmentLink' AND e.entity_id = l.id) < ?
       ORDER BY l.id`,
  ).all(r.entity, r.entity_id, r.inserted_seq) as { id: number; attachment_id: number; role: string; name: string }[];
}

export function inheritedWaivers(db: Db, r: Reuse): { id: number; code: string; reason: string }[] {
  if (r.entity !== 'record') return [];
  return prepared(
    db,
    `SELECT w.id, w.code, w.reason FROM check_waivers w WHERE w.record_id = ?
       AND (SELECT max(e.seq) FROM audit_log e WHERE e.entity = 'checkWaiver' AND e.entity_id = w.id) < ?
     ORDER BY w.id`,
  ).all(r.entity_id, r.inserted_seq) as { id: number; code: string; reason: string }[];
}

function describe(r: Reuse, links: number, waivers: number): string {
  const label = entityLabel(r.entity);
  const old = deletedSummary(r);
  const carried: string[] = [];
  if (links > 0) carried.push(`${links} 个附件`);
  if (waivers > 0) carried.push(`${waivers} 条检查豁免`);
  return (
    `${label}编号 ${r.entity_id} 被重复使用：原${label}${old ? `（${old}）` : ''}于 ${day(r.deleted_at)} 删除后，` +
    `该编号又给了 ${day(r.inserted_at)} 新增的${label}；原${label}的 ${carried.join('、')}现在显示在新${label}上。` +
    `修复：在“操作记录”页点“验证台账”，再点“修复重复编号”；或运行 verify <台账> --repair-reused-ids`
  );
}

/** The deleted row in a few words, as it was when deleted. */
export function deletedSummary(r: Reuse): string {
  return r.before_json ? summary(r.entity, JSON.parse(r.before_json) as Record<string, unknown>) : '';
}

function summary(entity: EntityName, row: Record<string, unknown>): string {
  if (entity === 'record') {
    const parts = [row.date, row.purchaser_name, row.product_name].filter((v) => typeof v === 'string' && v !== '');
    if (typeof row.amount_fen === 'number') parts.push(`${formatFen(row.amount_fen)} 元`);
    return parts.join('，');
  }
  return typeof row.name === 'string' ? row.name : typeof row.file_name === 'string' ? row.file_name : '';
}

export function day(iso: string): string {
  return iso.slice(0, 10);
}
