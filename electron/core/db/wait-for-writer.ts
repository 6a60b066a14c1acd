/**
 * Writers that wait instead of giving up. SQLite's busy timeout (5 s, db/connection.ts) covers
 * short overlaps; a long commit in another process (a 100,000-row import) holds the write lock
 * far longer, and the edit or import that met it failed with LEDGER_BUSY. Now the core runs such
 * a call again once the lock is free: it waits for the lock asynchronously (the core keeps
 * answering progress and cancel meanwhile; a file's lock is polled, a server's is queued for,
 * keeping the call's place: db/pg/ledger-lock.ts queueForLedgerLock), says "正在等待另一项导入完成…" (the CLI on stderr,
 * a job in its progress), and gives up only after MAX_WAIT_MS.
 *
 * A call is run again only when it changed nothing before it met the busy ledger (the
 * connection's total_changes() is where it was): then running it again is running it once. A
 * call that writes in several transactions (a workbook's sheets, a bulk load's index drop, load
 * and rebuild) runs each later part through `ctx.waitForWriters` (core.ts): that part alone waits
 * and runs again, with the same notice, and what the call already committed stays committed once.
 */
import { AppError } from '../../../shared/result';
import { isPostgres, type Db } from './connection';
import { queueForLedgerLock } from './pg/ledger-lock';
import { prepared } from './statements';
import { writeLockFree } from './write-path';

export const WAITING_MESSAGE = '正在等待另一项导入完成…';
/** Half an hour: a million-row import commits in minutes on a slow PC. */
export const MAX_WAIT_MS = 30 * 60 * 1000;
const POLL_MS = 200;
/** as a file's busy timeout (db/connection.ts): a server's write waits this long before it says so */
const QUIET_WAIT_MS = 5000;

/** Runs one part of a call (one transaction), waiting for another process's write as a whole call would. */
export type WaitForWriters = <T>(part: () => Promise<T> | T) => Promise<T>;

export interface WaitHooks {
  /** said once each time the call starts waiting */
  onWait(message: string): void;
  /** the lock is free again and the call (or part) runs again */
  onResume?(): void;
  /** throws (CANCELLED) when the caller gave up meanwhile */
  throwIfCancelled?(): void;
  maxWaitMs?: number;
}

export async function retryWhileAnotherWrites<T>(ledgerDb: () => Db | null, attempt: () => Promise<T> | T, hooks: WaitHooks): Promise<T> {
  const started = Date.now();
  /** on a server: lets go of the lock this call queued for, once its attempt has run */
  let release: (() => void) | null = null;
  try {
    for (;;) {
      const db = ledgerDb();
      const before = db ? changesOf(db) : 0;
      // on a server a write that finds the lock held gives up at once while nothing has changed: this call queues for it
      const failFastBefore = db && isPostgres(db) ? db.failFastAt : null;
      if (db && isPostgres(db)) db.failFastAt = before;
      try {
        return await attempt();
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'LEDGER_BUSY' || !db || ledgerDb() !== db || changesOf(db) !== before) throw err;
        release?.();
        release = null;
        const max = hooks.maxWaitMs ?? MAX_WAIT_MS;
        // A file has waited its busy timeout already; a server's write gave up at once, and says
        // it waits only once it has waited as long (a colleague's edit is over before that).
        const waitFrom = Date.now();
        let said = false;
        const say = () => {
          if (said) return;
          said = true;
          hooks.onWait(WAITING_MESSAGE);
        };
        if (!isPostgres(db)) say();
        const stopIfDue = () => {
          if (Date.now() - waitFrom >= QUIET_WAIT_MS) say();
          if (Date.now() - started > max) {
            throw new AppError('LEDGER_BUSY', `台账被另一个程序持续写入超过 ${Math.round(max / 60_000)} 分钟，本次修改未保存；请确认没有卡住的导入后再试`);
          }
          hooks.throwIfCancelled?.();
        };
        if (isPostgres(db)) {
          // in the server's queue, keeping this call's place (db/pg/ledger-lock.ts)
          release = await queueForLedgerLock(db, stopIfDue);
          if (!said) continue; // a short wait: nothing was said, nothing to take back
        } else {
          do {
            stopIfDue();
            await new Promise((resolve) => setTimeout(resolve, POLL_MS));
            hooks.throwIfCancelled?.();
          } while (!writeLockFree(db));
        }
        hooks.onResume?.();
      } finally {
        if (db && isPostgres(db)) db.failFastAt = failFastBefore;
      }
    }
  } finally {
    release?.();
  }
}

function changesOf(db: Db): number {
  return isPostgres(db) ? db.totalChanges : (prepared(db, 'SELECT total_changes()').pluck().get() as number);
}
