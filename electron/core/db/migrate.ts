/**
 * Bring a ledger to the current schema: refuse files from a newer app and files that are not
 * ledgers; take a verified backup before touching an existing ledger; run each migration in
 * its own transaction together with the version bump, so a failure leaves the old version.
 */
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { backupTo } from './backup';
import { APPLICATION_ID, type SqliteDb as Db } from './connection';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

export interface MigrationOutcome {
  from: number;
  to: number;
  backupFile: string | null;
}

export function schemaVersionOf(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function isEmptyDatabase(db: Db): boolean {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  return row.n === 0;
}

/**
 * Refuse, before anything is written to it, a file that is not one of our ledgers or that a
 * newer version of the app wrote. Reading the header pragmas writes nothing.
 */
export function inspectLedgerFile(db: Db, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const target = migrations[migrations.length - 1].version;
  const version = schemaVersionOf(db);
  const appId = Number(db.pragma('application_id', { simple: true }));
  if (appId !== APPLICATION_ID) {
    throw new AppError('NOT_A_LEDGER', `“${path.basename(file)}”不是帮扶台账文件`);
  }
  if (version > target) {
    throw new AppError(
      'LEDGER_TOO_NEW',
      `该台账由较新版本的程序创建（数据版本 ${version}，本程序支持到 ${target}），请升级程序后再打开；为保护数据，本程序不会修改它`,
      { fileVersion: version, appVersion: target },
    );
  }
}

export async function migrate(db: Db, file: string, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationOutcome> {
  const target = migrations[migrations.length - 1].version;
  const from = schemaVersionOf(db);
  const fresh = from === 0 && isEmptyDatabase(db);
  if (!fresh) inspectLedgerFile(db, file, migrations);
  if (from === target) return { from, to: target, backupFile: null };

  let backupFile: string | null = null;
  if (!fresh) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    backupFile = `${file}.v${from}-before-upgrade-${stamp}.bak`;
    await backupTo(db, backupFile);
  }
  if (fresh) db.pragma(`application_id = ${APPLICATION_ID}`);
  for (const m of migrations) {
    if (m.version <= from) continue;
    withForeignKeys(db, !m.foreignKeysOff, () =>
      db.transaction(() => {
        m.up(db);
        if (m.foreignKeysOff) refuseForeignKeyViolations(db, m);
        db.pragma(`user_version = ${m.version}`);
      })(),
    );
  }
  return { from, to: target, backupFile };
}

/** Runs `fn` with foreign key enforcement on or off (set outside any transaction), then restores it. */
function withForeignKeys(db: Db, on: boolean, fn: () => void): void {
  const was = Number(db.pragma('foreign_keys', { simple: true })) === 1;
  if (was === on) return fn();
  db.pragma(`foreign_keys = ${on ? 'ON' : 'OFF'}`);
  try {
    fn();
  } finally {
    db.pragma(`foreign_keys = ${was ? 'ON' : 'OFF'}`);
  }
}

function refuseForeignKeyViolations(db: Db, m: Migration): void {
  const bad = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  if (bad.length > 0) {
    const first = bad[0];
    throw new Error(`migration ${m.version} (${m.name}) left ${bad.length} foreign key violation(s), e.g. ${first.table} row ${first.rowid} → ${first.parent}`);
  }
}

export { SCHEMA_VERSION };
