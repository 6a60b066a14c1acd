/**
 * A change made on a record someone else has saved since the clerk's screen showed it is
 * refused, naming who: "该记录刚被王芳修改，请刷新后再改". On a shared PostgreSQL ledger two
 * staff may edit the same purchase at once; on a file, another program may. Checked inside the
 * write's transaction, under the ledger's write lock, so no save can slip in between the check
 * and the change. The record's updated_at (set by every write of it) is what the screen saw.
 */
import { AppError } from '../../../shared/result';
import { prepared } from '../db/statements';
import type { Writer } from '../db/write-path';

export function refuseIfChangedSince(w: Writer, id: number, seen: string | undefined): void {
  if (seen === undefined) return;
  const now = w.get('record', id);
  if (!now) throw new AppError('STALE_RECORD', `记录 ${id} 已被他人删除，请刷新后再改`);
  if (now.updated_at === seen) return;
  const who = prepared(w.db, "SELECT actor FROM audit_log WHERE entity = 'record' AND entity_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(id) as string | undefined;
  throw new AppError('STALE_RECORD', `该记录刚被${who ?? '他人'}修改，请刷新后再改`, { id, by: who ?? null });
}
