/**
 * Bringing a PostgreSQL ledger up to this program's schema when it is opened or created: each
 * migration's PostgreSQL form after the ledger's version, each in one transaction with its
 * version bump. The version row is locked first, so two staff opening the ledger at once run
 * each migration once (the second finds the version already moved).
 *
 * DDL needs the ledger's owner: the app's everyday role cannot alter tables (app-role.ts), so a
 * ledger that needs upgrading and is opened by that role is refused with a message saying who
 * must open it once.
 */
import { AppError } from '../../../../shared/result';
import type { LedgerDb } from '../ledger-db';
import { MIGRATIONS, type Migration } from '../migrations';
import { META_TABLE, postgresMigrationsAfter, setPostgresSchemaVersion } from './baseline-schema';
import { PgError } from './sync-client';

/** Runs what is pending; returns the versions applied (none when the ledger is current). */
export function migratePostgresLedger(db: LedgerDb, from: number, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  for (const m of postgresMigrationsAfter(from, migrations)) {
    try {
      db.transaction(() => {
        const now = db.prepare(`SELECT schema_version FROM ${META_TABLE} FOR UPDATE`).pluck().get() as number;
        if (now >= m.version) return;
        m.postgres(db);
        setPostgresSchemaVersion(db, m.version);
        applied.push(m.version);
      })();
    } catch (err) {
      if (err instanceof PgError && err.code === '42501') {
        throw new AppError('LEDGER_NEEDS_UPGRADE', `该台账需要升级数据结构（到版本 ${m.version}），当前数据库用户没有权限；请由台账的所有者（管理员）用本程序打开一次台账完成升级`);
      }
      throw err;
    }
  }
  return applied;
}
