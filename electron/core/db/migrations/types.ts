import type { Db } from '../connection';

export interface Migration {
  /** strictly increasing, no gaps; becomes PRAGMA user_version when applied */
  version: number;
  name: string;
  /** runs inside the migration's transaction; throw to roll it back */
  up(db: Db): void;
  /**
   * Rebuilds tables (create new, copy, drop, rename): foreign key enforcement is switched off
   * around its transaction, as SQLite's documentation requires (the pragma is a no-op inside
   * one), and foreign_key_check must come back empty before it commits.
   */
  foreignKeysOff?: boolean;
}
