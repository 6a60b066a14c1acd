import type { Db } from '../connection';

export interface Migration {
  /** strictly increasing, no gaps; becomes PRAGMA user_version when applied */
  version: number;
  name: string;
  /** runs inside the migration's transaction; throw to roll it back */
  up(db: Db): void;
}
