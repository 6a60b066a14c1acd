/**
 * A change made on a record (or a 名录 entry) someone else has saved since the clerk's screen showed it is
 * refused, naming who: "该记录刚被王芳修改，请刷新后再改". On a shared PostgreSQL ledger two
 * staff may edit the same purchase at once; on a file, another program may. Checked inside the
 * write's transaction, under the ledger's write lock, so no save can slip in between the check
 * and the change. The record's (or certificate's) updated_at, set by every write of it, is what
 * the screen saw.
 */
import { AppError } from '../../../shared/result';
import { prepared } from '../db/statements';
import type { EntityName, Writer } from '../db/write-path';

export function refuseIfChangedSince(w: Writer, id: number, seen: string | undefined, entity: 'record' | 'certificate' = 'record'): void {
  if (seen === undefined) return;
  const what = entity === 'record' ? '记录' : '证书';
  const now = w.get(entity, id);
  if (!now) throw new AppError('STALE_RECORD', entity === 'record' ? `记录 ${id} 已被他人删除，请刷新后再改` : `该${what}已被他人删除，请刷新后再改`);
  if (now.updated_at === seen) return;
  const who = lastActor(w, entity, id);
  throw new AppError('STALE_RECORD', `该${what}刚被${who ?? '他人'}修改，请刷新后再改`, { id, by: who ?? null });
}

/**
 * The same for an entry of 名录 (a purchaser, supplier, product, region), which keeps no
 * updated_at: the save carries the entry as the screen showed it (`seen`), and is refused when
 * the entry now reads otherwise (`now`: null when it was deleted).
 */
export function refuseIfEntryChanged(w: Writer, entity: EntityName, id: number, seen: Record<string, unknown> | undefined, now: Record<string, unknown> | null): void {
  if (seen === undefined) return;
  if (!now) throw new AppError('STALE_RECORD', '该条目已被他人删除，请刷新后再改');
  if (Object.keys(now).every((k) => (now[k] ?? null) === (seen[k] ?? null))) return;
  const who = lastActor(w, entity, id);
  throw new AppError('STALE_RECORD', `该条目刚被${who ?? '他人'}修改，请刷新后再改`, { id, by: who ?? null });
}

function lastActor(w: Writer, entity: EntityName, id: number): string | undefined {
  return prepared(w.db, 'SELECT actor FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(entity, id) as string | undefined;
}
