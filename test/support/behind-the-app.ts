/**
 * Editing a ledger behind the app's back, as someone with the file (sqlite3) or the owner's
 * credentials (psql) would: a second connection of its own, and the few statements whose
 * spelling differs between the two (removing the audit log's append-only guard). Tests that
 * tamper with a ledger use this so the same test runs on both backends (issue 17).
 */
import Database from 'better-sqlite3';
import { dialectOf, type LedgerDb } from '../../electron/core/db/ledger-db';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { isPostgresAddress } from '../../shared/ledger-address';


/** A connection of its own to the ledger at `location` (a file path or a postgres:// address). */
export function openBehindTheApp(location: string, opts: { readonly?: boolean } = {}): LedgerDb {
  if (isPostgresAddress(location)) return new PgDb(new PgSyncClient(location));
  return new Database(location, { readonly: opts.readonly ?? false });
}

/** Runs `statements` on a connection of its own, then closes it. */
export function editBehindTheApp(location: string, ...statements: string[]): void {
  const db = openBehindTheApp(location);
  try {
    for (const s of statements) db.exec(s);
  } finally {
    db.close();
  }
}

export const onPostgres = (db: LedgerDb): boolean => dialectOf(db) === 'postgres';

/**
 * Lifts the log's append-only guard so it can be edited: sqlite3 drops the RAISE triggers;
 * the owner on PostgreSQL disables the table's triggers (ALTER TABLE … DISABLE TRIGGER USER,
 * which the app's role cannot do). Either way verify must name the lifted guard.
 */
export function liftLogGuard(db: LedgerDb): void {
  if (onPostgres(db)) db.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
  else db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
}

/** Drops one of the guard's triggers (PostgreSQL's DROP TRIGGER names its table). */
export function dropLogTrigger(db: LedgerDb, name: 'audit_log_no_update' | 'audit_log_no_delete'): void {
  db.exec(onPostgres(db) ? `DROP TRIGGER ${name} ON audit_log` : `DROP TRIGGER ${name}`);
}

/** Replaces the DELETE trigger with one that lets every delete through. */
export function replaceDeleteTriggerWithNoop(db: LedgerDb): void {
  dropLogTrigger(db, 'audit_log_no_delete');
  if (onPostgres(db)) {
    db.exec(`CREATE FUNCTION let_it_through() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
             CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION let_it_through()`);
  } else {
    db.exec('CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END');
  }
}

/** liftLogGuard on a connection of its own. */
export function liftLogGuardAt(location: string): void {
  const db = openBehindTheApp(location);
  try {
    liftLogGuard(db);
  } finally {
    db.close();
  }
}
