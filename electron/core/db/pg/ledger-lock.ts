/**
 * One writer at a time per ledger, on PostgreSQL as on a file. SQLite's BEGIN IMMEDIATE takes
 * the file's write lock; on a server the same is an advisory lock held for the transaction, so
 * the audit chain stays one chain however many staff save at once (each write reads the chain's
 * head and appends after it). A short overlap waits as SQLite's busy timeout does; a long one
 * (another person's import committing) ends in LEDGER_BUSY, which the core turns into waiting
 * with a message (db/wait-for-writer.ts), polling `ledgerLockFree`.
 */
import type { PgDb } from './pg-db';

/** 'BFTZ': the same number as a ledger file's application_id. One ledger per database. */
const LEDGER_LOCK_KEY = 0x4246545a;
/** as db/connection.ts's busy_timeout for a file */
const SHORT_WAIT = '5s';

/** Inside a transaction: waits up to SHORT_WAIT for the ledger's write lock (SQLSTATE 55P03 if not). */
export function lockLedgerForTransaction(db: PgDb): void {
  db.prepare(`SET LOCAL lock_timeout = '${SHORT_WAIT}'`).run();
  db.prepare('SELECT pg_advisory_xact_lock(?)').run(LEDGER_LOCK_KEY);
  db.prepare('SET LOCAL lock_timeout = 0').run();
}

/** Whether no one holds the ledger's write lock right now (takes it and lets go at once). */
export function ledgerLockFree(db: PgDb): boolean {
  const got = db.prepare('SELECT pg_try_advisory_lock(?)').pluck().get(LEDGER_LOCK_KEY) === true;
  if (got) db.prepare('SELECT pg_advisory_unlock(?)').run(LEDGER_LOCK_KEY);
  return got;
}
