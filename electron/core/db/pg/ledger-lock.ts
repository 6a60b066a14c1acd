/**
 * One writer at a time per ledger, on PostgreSQL as on a file. SQLite's BEGIN IMMEDIATE takes
 * the file's write lock; on a server the same is an advisory lock held for the transaction, so
 * the audit chain stays one chain however many staff save at once (each write reads the chain's
 * head and appends after it). A short overlap waits as SQLite's busy timeout does; a long one
 * (another person's import committing) ends in LEDGER_BUSY, which the core turns into waiting
 * with a message (db/wait-for-writer.ts) in the server's queue for the lock (`queueForLedgerLock`),
 * so writers go in the order they began waiting.
 */
import { AppError } from '../../../../shared/result';
import type { PgDb } from './pg-db';
import { PgError } from './sync-client';

/** 'BFTZ': the same number as a ledger file's application_id. One ledger per database. */
const LEDGER_LOCK_KEY = 0x4246545a;
/** as db/connection.ts's busy_timeout for a file */
const SHORT_WAIT = '5s';

/**
 * Inside a transaction: takes the ledger's write lock. In a call that will run again once the
 * lock is free (PgDb.failFastAt, nothing changed yet), a lock held elsewhere is LEDGER_BUSY at
 * once, and the call queues for it (queueForLedgerLock) from its first moment: waiting its short
 * wait here would put it back at the end of the queue after 5 s, behind writers that came later.
 * Otherwise it waits up to SHORT_WAIT (SQLSTATE 55P03 if not).
 */
export function lockLedgerForTransaction(db: PgDb): void {
  if (db.failFastAt !== null && db.failFastAt === db.totalChanges) {
    if (db.prepare('SELECT pg_try_advisory_xact_lock(?)').pluck().get(LEDGER_LOCK_KEY) === true) return;
    throw new AppError('LEDGER_BUSY', '台账正被另一位同事写入，请稍后再试');
  }
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

/**
 * Waits in the server's queue for the ledger's write lock without blocking the core thread, and
 * holds it (for the session) once granted; the returned function lets go. A writer that found
 * the ledger busy waits here rather than polling: polling keeps no place in the queue, so a
 * writer that began waiting later but queued (another import's first, short wait) would take
 * the lock first, and an edit could wait for two imports' commits instead of one. While the
 * session holds the lock, its own transactions take it again at once (advisory locks count per
 * session). `stop` is asked every 200 ms; once it throws, the wait is cancelled on the server
 * and that error rethrown.
 */
export async function queueForLedgerLock(db: PgDb, stop: () => void): Promise<() => void> {
  let stopped: { error: unknown } | null = null;
  const asked = () => {
    try {
      stop();
      return false;
    } catch (error) {
      stopped = { error };
      return true;
    }
  };
  for (;;) {
    try {
      await db.client.queryAsync('SELECT pg_advisory_lock($1)', [LEDGER_LOCK_KEY], asked);
    } catch (err) {
      if (stopped) throw (stopped as { error: unknown }).error;
      // a server whose lock_timeout is set for every session: queue again
      if (err instanceof PgError && err.code === '55P03') continue;
      throw err;
    }
    const release = () => {
      try {
        db.prepare('SELECT pg_advisory_unlock(?)').run(LEDGER_LOCK_KEY);
      } catch {
        // the connection is gone, and the lock with it
      }
    };
    if (stopped) {
      // granted just as the wait was stopped
      release();
      throw (stopped as { error: unknown }).error;
    }
    return release;
  }
}
