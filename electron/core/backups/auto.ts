/**
 * Automatic backups while the app is used: after an operation, if the ledger changed since the
 * last backup (the audit chain's head moved) and the last one is older than the interval, take
 * one; on close, take one whenever anything changed. The clock is injected for tests.
 */
import Database from 'better-sqlite3';
import { isPostgresAddress } from '../../../shared/ledger-address';
import type { LedgerSession } from '../context';
import { createBackup, listBackups, rotateBackups } from './store';

export interface AutoBackupOptions {
  intervalMs: number;
  now?: () => Date;
}

interface State {
  lastAt: number;
  /** the audit chain's head hash at the last backup: a seq alone repeats after a restore */
  lastHead: string;
}

const states = new WeakMap<LedgerSession, State>();

const HEAD = "SELECT coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '') AS h";

function headOf(db: { prepare(sql: string): { get(): unknown } }): string {
  return (db.prepare(HEAD).get() as { h: string }).h;
}

/** Where the newest existing backup left off, so a reopened ledger is not backed up again for nothing. */
function initialState(ledger: LedgerSession): State {
  const newest = listBackups(ledger.path)[0];
  if (!newest) return { lastAt: 0, lastHead: '-' };
  try {
    const copy = new Database(newest.file, { readonly: true, fileMustExist: true });
    try {
      return { lastAt: new Date(newest.at).getTime(), lastHead: headOf(copy) };
    } finally {
      copy.close();
    }
  } catch {
    return { lastAt: 0, lastHead: '-' };
  }
}

/** Takes a backup when due; returns its file, or null when none was needed. */
export async function backupIfDue(ledger: LedgerSession, opts: AutoBackupOptions, force = false): Promise<string | null> {
  // (a server ledger is backed up by its server: store.ts createBackup)
  if (isPostgresAddress(ledger.path)) return null;
  let state = states.get(ledger);
  if (!state) states.set(ledger, (state = initialState(ledger)));
  const head = headOf(ledger.db);
  if (head === state.lastHead) return null;
  const now = (opts.now ?? (() => new Date()))();
  if (!force && now.getTime() - state.lastAt < opts.intervalMs) return null;
  const file = await createBackup(ledger.db, ledger.path, '', now);
  state.lastAt = now.getTime();
  state.lastHead = head;
  rotateBackups(ledger.path, now);
  return file;
}
