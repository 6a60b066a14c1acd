/**
 * A stamp that changes whenever the ledger is written, by this connection or another: caches
 * of what a query answered (the grid's page anchors, the import's several-number invoice cells)
 * are kept only while it stays the same.
 * - a file: total_changes() (this connection) and PRAGMA data_version (any other connection);
 * - PostgreSQL: the audit log's head, which every write of every staff member's app moves
 *   (all writes go through the write path), and this connection's own changes. An edit made with
 *   psql behind the app's back moves neither: such a cache lives until the next write of the
 *   app — verify, not a cache, is what finds such edits.
 */
import { isPostgres, type Db } from './connection';
import { prepared } from './statements';

export function ledgerChangeStamp(db: Db): string {
  if (isPostgres(db)) return `${db.totalChanges}:${prepared(db, 'SELECT max(seq) FROM audit_log').pluck().get() as number | null}`;
  return JSON.stringify(prepared(db, 'SELECT total_changes(), data_version FROM pragma_data_version').raw().get());
}
