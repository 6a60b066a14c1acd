/**
 * Opening and creating ledgers: a file, or a PostgreSQL database (ledger/session-postgres.ts)
 * when given a postgres:// address. A session binds one open ledger to the write path and its
 * validators; the core holds at most one at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import { isSqlite, openDatabase, refuseNetworkPath, type Db, type SqliteDb } from '../db/connection';
import { insertSortKeys, keepSortKeys } from '../records/sort-keys';
import { isPostgresAddress } from '../../../shared/ledger-address';
import { createPostgresLedger, openPostgresLedger } from './session-postgres';
import { inspectLedgerFile, migrate } from '../db/migrate';
import { healSortKeys, installSortKeys } from '../records/sort-keys';
import { createBulkIndexes } from '../db/bulk-indexes';
import { backupFolder, newestGoodBackup } from '../backups/store';
import { removeStaleBackupTemps } from '../db/backup';
import type { LedgerSchema } from '../db/schema';
import { write, writeWhen, type WriteSetup } from '../db/write-path';
import { postgresKysely } from '../db/pg/kysely';
import type { PgDb } from '../db/pg/pg-db';
import { placeInterrupted } from '../attachments/recover';
import { filesDirOf } from '../attachments/store';
import { layOutStore } from '../attachments/store-many';
import { attachmentValidators } from '../attachments/validate';
import { listValidators } from '../lists/validate';
import { periodLockGuard } from '../periods/lock';
import { periodValidators } from '../periods/validate';
import { recordValidator } from '../records/validate';
import type { Reference } from '../reference/reference';
import { checkSettings } from '../settings/app';
import { defaultSettings } from '../settings/defaults';

export interface SessionOptions {
  actor: string;
  reference: Reference;
  /** the built PostgreSQL connection thread (Electron build; core/worker-script.ts) */
  pgThreadUrl?: string;
}

export function bind(file: string, db: Db, opts: SessionOptions, notice: string | null): LedgerSession {
  const setup: WriteSetup = {
    validators: {
      record: recordValidator(opts.reference.isCounty),
      ...listValidators(opts.reference.isCounty),
      settings: (row) => void checkSettings(JSON.parse(String(row.data_json))),
      ...periodValidators,
      ...attachmentValidators,
    },
    guards: [periodLockGuard],
    // a file's sort keys are kept by triggers calling the app's function (records/sort-keys.ts)
    afterChange: isSqlite(db) ? undefined : keepSortKeys,
    afterBulkInsert: isSqlite(db) ? undefined : insertSortKeys,
  };
  return {
    path: file,
    db,
    kysely: isSqlite(db) ? new Kysely<LedgerSchema>({ dialect: new SqliteDialect({ database: db }) }) : postgresKysely(db as PgDb),
    notice,
    write: (label, fn) => write(db, { actor: opts.actor, label }, setup, fn),
    writeWhen: (label, fn, ready) => writeWhen(db, { actor: opts.actor, label }, setup, fn, ready),
  };
}

/**
 * Runs before anything is written to the file: a ledger that fails quick_check is never
 * opened for writing; the error names the newest backup that passes, for the welcome screen.
 */
function refuseDamaged(db: SqliteDb, file: string): void {
  let result: string;
  try {
    result = String(db.pragma('quick_check', { simple: true }));
  } catch (err) {
    result = (err as Error).message;
  }
  if (result === 'ok') return;
  const backup = newestGoodBackup(file);
  const when = (iso: string) => {
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  };
  throw new AppError(
    'LEDGER_DAMAGED',
    `台账文件“${path.basename(file)}”已损坏（数据库完整性检查未通过），为保护数据没有打开它。` +
      (backup ? `可以用最近的完好备份（${when(backup.at)}，${backup.records ?? '?'} 条记录）恢复。` : '没有找到可用的备份，请联系技术支持。'),
    { ledgerPath: file, problem: result.slice(0, 500), backup: backup ? { file: backup.file, at: backup.at, records: backup.records } : null },
  );
}

export async function openLedger(file: string, opts: SessionOptions): Promise<LedgerSession> {
  if (isPostgresAddress(file)) return openPostgresLedger(file, opts);
  refuseNetworkPath(file);
  const resolved = path.resolve(file);
  const db = openDatabase(resolved, {
    mode: 'open',
    inspect: (d) => {
      inspectLedgerFile(d, resolved);
      refuseDamaged(d, resolved);
    },
  });
  try {
    const outcome = await migrate(db, resolved);
    // Self-heal: a bulk load interrupted between dropping and rebuilding its indexes.
    createBulkIndexes(db);
    installSortKeys(db);
    healSortKeys(db);
    const notice = outcome.backupFile
      ? `台账已升级到新的数据版本（${outcome.from} → ${outcome.to}），升级前的备份保存在：${outcome.backupFile}`
      : null;
    const session = bind(resolved, db, opts, notice);
    const hasSettings = db.prepare('SELECT 1 FROM office_settings WHERE id = 1').get();
    if (!hasSettings) throw new AppError('LEDGER_INCOMPLETE', `“${path.basename(resolved)}”缺少单位设置，不是完整的台账文件`);
    // Self-heal: attachments linked just before a crash that stopped their renames.
    placeInterrupted(db, filesDirOf(resolved));
    // Self-heal: hidden copies a killed backup or restore left beside the ledger or in its backups.
    removeStaleBackupTemps(path.dirname(resolved));
    removeStaleBackupTemps(backupFolder(resolved));
    return session;
  } catch (err) {
    db.close();
    throw err;
  }
}

export interface CreateLedgerInit {
  officeName: string;
  districtName: string;
  districtCode: string;
}

export async function createLedger(file: string, init: CreateLedgerInit, opts: SessionOptions): Promise<LedgerSession> {
  if (isPostgresAddress(file)) return createPostgresLedger(file, init, opts);
  refuseNetworkPath(file);
  const resolved = path.resolve(file);
  if (fs.existsSync(resolved)) {
    throw new AppError('LEDGER_EXISTS', `文件“${resolved}”已存在；为避免覆盖已有数据，请换一个文件名或直接打开它`);
  }
  const dir = path.dirname(resolved);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new AppError('NOT_WRITABLE', `无法创建文件夹“${dir}”：${(err as Error).message}`);
  }
  const db = openDatabase(resolved, { mode: 'create' });
  try {
    await migrate(db, resolved);
    installSortKeys(db);
    const session = bind(resolved, db, opts, null);
    writeNewLedgerSettings(session, init, opts.reference);
    layOutStore(filesDirOf(resolved));
    return session;
  } catch (err) {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(resolved + suffix, { force: true });
    throw err;
  }
}

/** A new ledger's first audited write: the office's settings and the default paired regions. */
export function writeNewLedgerSettings(session: LedgerSession, init: CreateLedgerInit, reference: Reference): void {
  session.write('新建台账', (w) => {
    const settings = defaultSettings({ ...init, year: new Date().getFullYear() });
    w.insert('settings', { data_json: JSON.stringify(settings) }, 1);
    for (const r of reference.defaultPairedRegions) {
      w.insert('pairedRegion', { code: r.code, name: r.name, from_year: r.fromYear, to_year: r.toYear });
    }
  });
}

export function closeLedger(session: LedgerSession): void {
  try {
    if (isSqlite(session.db)) session.db.pragma('optimize');
  } catch {
    // Only statistics for the query planner: a full disk must not stop the ledger closing.
  }
  session.db.close();
}
