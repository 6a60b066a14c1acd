import type { SqliteDb as Db } from '../connection';
import type { LedgerDb } from '../ledger-db';

export interface Migration {
  /** strictly increasing, no gaps; becomes PRAGMA user_version when applied */
  version: number;
  name: string;
  /** runs inside the migration's transaction; throw to roll it back */
  up(db: Db): void;
  /**
   * The same change on a PostgreSQL ledger, in one transaction with its version bump. Required
   * of every migration after PG_BASELINE_VERSION (db/pg/baseline-schema.ts): PostgreSQL ledgers
   * start at that version's schema, so older migrations never run there.
   */
  postgres?(db: LedgerDb): void;
  /**
   * Rebuilds tables (create new, copy, drop, rename): foreign key enforcement is switched off
   * around its transaction, as SQLite's documentation requires (the pragma is a no-op inside
   * one), and foreign_key_check must come back empty before it commits.
   */
  foreignKeysOff?: boolean;
}
