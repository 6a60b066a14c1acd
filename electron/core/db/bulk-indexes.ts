/**
 * Indexes that a bulk load drops and rebuilds: building an index once over the loaded rows is
 * several times faster than maintaining it row by row (a 1,000,000-row demo, a 100,000-row
 * import). Every definition here matches its migration exactly, and opening a ledger recreates
 * any that are missing, so a bulk load interrupted by a crash heals itself on the next open.
 *
 * Not on PostgreSQL: there other staff keep working during a load, and DROP INDEX would lock
 * them out of the records table (and leave their queries unindexed) for the whole import.
 */
import { availableParallelism } from 'node:os';
import { isPostgres, type Db, type SqliteDb } from './connection';
import type { WaitForWriters } from './wait-for-writer';
import { writeError } from './write-path';
import { SORT_INDEXES } from './migrations/002-sort-indexes';
import { PICK_LIST_INDEXES } from './migrations/004-pick-list-indexes';
import { CHECK_INDEXES } from './migrations/005-checks';
import { SORT_BY_CHECK_INDEX } from './migrations/008-sort-by-check-indexes';
import { SORT_KEYS } from '../records/sort-keys';

const replaced = new Set([...PICK_LIST_INDEXES.map((i) => i.replaces), ...SORT_BY_CHECK_INDEX.map((i) => i.drops)]);

/** The indexes of the current schema (002 as changed by 004 and 008, 005's, and 001's). */
const DEFINITIONS: readonly string[] = [
  ...SORT_INDEXES.filter((i) => !replaced.has(i.name)).map((i) => `CREATE INDEX IF NOT EXISTS ${i.name} ON records(${i.column})`),
  ...PICK_LIST_INDEXES.map((i) => `CREATE INDEX IF NOT EXISTS ${i.name} ON records(${i.column}, amount_fen)`),
  // 005: covering indexes for the checks' GROUP BY queries
  ...CHECK_INDEXES.map((i) => `CREATE INDEX IF NOT EXISTS ${i.name} ON records(${i.columns})`),
  // 011: the pinyin sort keys of the name columns (their table is filled by triggers as rows arrive)
  ...SORT_KEYS.map((k) => k.indexSql),
  // 001-initial: records of an import batch; the history panel reads one entity's entries;
  // op_id groups one change.
  'CREATE INDEX IF NOT EXISTS records_batch ON records(batch_id)',
  'CREATE INDEX IF NOT EXISTS audit_log_entity ON audit_log(entity, entity_id, seq)',
  'CREATE INDEX IF NOT EXISTS audit_log_op ON audit_log(op_id)',
];
const NAMES = DEFINITIONS.map((sql) => /EXISTS (\w+)/.exec(sql)![1]);
/**
 * Kept while loading: a bulk load appends to these in key order (new audit entries have the
 * next seq, op and record ids; an import's rows share one batch id), so maintaining them costs
 * little, and rebuilding them means reading the whole audit log again.
 */
const KEPT = new Set(['records_batch', 'audit_log_entity', 'audit_log_op']);
const DROPPED = NAMES.filter((n) => !KEPT.has(n));

/** Below this many rows the drop/rebuild costs more than it saves on a large ledger. */
export const BULK_ROWS = 20_000;

export function createBulkIndexes(db: Db): void {
  if (isPostgres(db)) return;
  db.exec(DEFINITIONS.map((s) => `${s};`).join('\n'));
}

/**
 * Runs `load` with the bulk indexes dropped, and rebuilds them afterwards whether it
 * succeeded or not. The drop is its own statement: if the process dies mid-load, the next
 * open rebuilds them (createBulkIndexes in ledger/session.ts).
 */
export function withBulkIndexesDropped<T>(db: Db, load: () => T): T {
  if (isPostgres(db)) return load();
  dropBulkIndexes(db as SqliteDb);
  try {
    return load();
  } finally {
    rebuildBulkIndexes(db as SqliteDb);
  }
}

/**
 * `withBulkIndexesDropped` for a call that waits for other processes' writes: the drop, the load
 * (one transaction) and the rebuild are three writes, and each that meets another process's
 * write lock waits for it and runs again (`wait`: db/wait-for-writer.ts), so a load that
 * committed is never reported failed because its rebuild found the ledger busy. Dropping and
 * rebuilding run again harmlessly (IF EXISTS, IF NOT EXISTS).
 */
export async function withBulkIndexesDroppedWaiting<T>(db: Db, wait: WaitForWriters, load: () => T): Promise<T> {
  if (isPostgres(db)) return wait(load);
  await wait(() => dropBulkIndexes(db as SqliteDb));
  try {
    return await wait(load);
  } finally {
    await wait(() => rebuildBulkIndexes(db as SqliteDb));
  }
}

function dropBulkIndexes(db: SqliteDb): void {
  try {
    db.exec(DROPPED.map((n) => `DROP INDEX IF EXISTS ${n};`).join('\n'));
  } catch (err) {
    throw writeError(err);
  }
}

function rebuildBulkIndexes(db: SqliteDb): void {
  try {
    // The index sorter works in the page cache: a larger one for the rebuild only is ~30%
    // faster on a million rows, and is given back right after.
    // Helper threads let the sorter merge in parallel: ~15% faster over a million rows here.
    const cache = db.pragma('cache_size', { simple: true }) as number;
    db.pragma('cache_size = -262144');
    db.pragma(`threads = ${Math.min(4, availableParallelism())}`);
    try {
      createBulkIndexes(db);
    } finally {
      db.pragma(`cache_size = ${cache}`);
      db.pragma('threads = 0');
    }
    db.pragma('optimize');
  } catch (err) {
    throw writeError(err);
  }
}
