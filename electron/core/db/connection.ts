/**
 * Opening a ledger file: the pragmas that keep it safe, read back so a silently ignored
 * setting (e.g. WAL on a network share) is noticed instead of trusted.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';
import { dialectOf, type LedgerDb } from './ledger-db';
import type { PgDb } from './pg/pg-db';

/**
 * A connection to a ledger, file or server: what the core's handlers and domains take. Code
 * that needs SQLite itself (pragmas, the backup API, JS functions) takes `SqliteDb` and is
 * reached through `asSqlite`, so the compiler lists every place PostgreSQL must answer otherwise.
 */
export type Db = LedgerDb;
/** A ledger file's connection (better-sqlite3). */
export type SqliteDb = Database.Database;

export function isSqlite(db: Db): db is SqliteDb {
  return dialectOf(db) === 'sqlite';
}

export function isPostgres(db: Db): db is PgDb {
  return dialectOf(db) === 'postgres';
}

/**
 * The ledger file's own connection, for what only SQLite has; on a PostgreSQL ledger the user
 * hears which operation is not available there yet (`what`, e.g. '文件备份').
 */
export function asSqlite(db: Db, what: string): SqliteDb {
  if (isSqlite(db)) return db;
  throw new AppError('NOT_ON_POSTGRES', `PostgreSQL 台账暂不支持${what}`);
}

/** 'BFTZ' — marks a SQLite file as one of our ledgers. */
export const APPLICATION_ID = 0x4246545a;

export interface OpenOptions {
  /** the file must already exist (open) or must not (create) */
  mode: 'open' | 'create' | 'any';
  readonly?: boolean;
  /**
   * Runs before any pragma is set, i.e. before anything is written: the place to refuse a
   * file that is not ours, or is from a newer version, while it is still untouched.
   */
  inspect?: (db: SqliteDb) => void;
}

/** A UNC path (\\server\share) is a network share: WAL's shared memory does not work there. */
export function isNetworkPath(path: string): boolean {
  return /^(\\\\|\/\/)[^\\/]+[\\/]/.test(path);
}

/**
 * On Windows a mapped drive letter (Z:\台账.db) can be a share too: the native realpath
 * resolves it to its UNC form. Checked on the file if it exists, else on its folder.
 */
export function resolvedPathOnWindows(file: string, realpath: (p: string) => string = fs.realpathSync.native): string {
  for (const candidate of [file, file.replace(/[\\/][^\\/]*$/, '') || file]) {
    try {
      return realpath(candidate);
    } catch {
      // not there yet: try the folder
    }
  }
  return file;
}

/** Checked on the path as the user gave it, before path.resolve can disguise it. */
export function refuseNetworkPath(path: string, platform: NodeJS.Platform = process.platform): void {
  if (isNetworkPath(path) || (platform === 'win32' && isNetworkPath(resolvedPathOnWindows(path)))) {
    throw new AppError(
      'NETWORK_PATH',
      `台账文件“${path}”位于网络共享目录。网络盘无法保证台账的写入安全，请把台账放在本机磁盘上（可定期备份到网络盘）。`,
    );
  }
}

export function openDatabase(path: string, opts: OpenOptions = { mode: 'any' }): SqliteDb {
  refuseNetworkPath(path);
  if (opts.mode === 'open' && !fs.existsSync(path)) {
    throw new AppError('LEDGER_NOT_FOUND', `无法打开台账文件“${path}”：文件不存在`);
  }
  let db: SqliteDb;
  try {
    db = new Database(path, { fileMustExist: opts.mode === 'open', readonly: opts.readonly ?? false });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_CANTOPEN') throw new AppError('LEDGER_NOT_FOUND', `无法打开台账文件“${path}”：文件不存在或没有读写权限`);
    throw new AppError('LEDGER_UNREADABLE', `无法打开台账文件“${path}”：${(err as Error).message}`);
  }
  try {
    opts.inspect?.(db);
    applyPragmas(db, opts.readonly ?? false);
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    const message = (err as Error).message;
    if (/not a database|file is encrypted/i.test(message)) {
      throw new AppError('NOT_A_LEDGER', `“${path}”不是台账文件（也不是 SQLite 数据库）`);
    }
    throw new AppError('LEDGER_UNREADABLE', `无法打开台账文件“${path}”：${message}`);
  }
  return db;
}

function applyPragmas(db: SqliteDb, readonly: boolean): void {
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') {
      throw new AppError('PRAGMA_REFUSED', `无法为台账启用 WAL 日志（得到 ${String(mode)}）：该位置可能是网络盘或只读介质`);
    }
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // 64 MB page cache (default 2 MB): bulk imports and the sort indexes of a million records
  // otherwise thrash it; memory stays well under the 300 MB budget.
  db.pragma('cache_size = -65536');
  const synchronous = db.pragma('synchronous', { simple: true });
  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  if (synchronous !== 2 || foreignKeys !== 1) {
    throw new AppError('PRAGMA_REFUSED', `台账安全设置未生效（synchronous=${String(synchronous)}，foreign_keys=${String(foreignKeys)}）`);
  }
}

/** What the pragmas are now, for tests and the diagnostics page. */
export function readPragmas(db: SqliteDb): { journalMode: string; synchronous: number; foreignKeys: number; busyTimeout: number } {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    foreignKeys: Number(db.pragma('foreign_keys', { simple: true })),
    busyTimeout: Number(db.pragma('busy_timeout', { simple: true })),
  };
}
