/**
 * A consistent copy of a live ledger: SQLite's online backup to a temporary file, an
 * integrity check on the copy, then a rename. Never a file copy of a live WAL database.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';
import type { Db } from './connection';

export async function backupTo(db: Db, target: string): Promise<string> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await db.backup(temp);
    const problem = sealAndCheck(temp);
    if (problem) throw new AppError('BACKUP_CORRUPT', `备份校验失败（${problem}），未保留该备份`);
    fs.renameSync(temp, target);
    return target;
  } catch (err) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // the folder itself is unusable: there is no temporary file to remove
    }
    if (err instanceof AppError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOSPC' || e.code === 'SQLITE_FULL') throw new AppError('DISK_FULL', `磁盘空间不足，无法写入备份“${target}”`);
    if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOENT', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(String(e.code))) {
      throw new AppError('NOT_WRITABLE', `无法写入“${dir}”（${e.code}）：请检查该文件夹是否存在、是否有写入权限`);
    }
    throw new AppError('BACKUP_FAILED', `备份失败：${e.message}`);
  }
}

/**
 * Make the copy one self-contained file (rollback journal, not WAL: a backup must not depend
 * on -wal/-shm files beside it) and run integrity_check on it.
 */
function sealAndCheck(file: string): string | null {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('integrity_check', { simple: true });
    return result === 'ok' ? null : String(result);
  } finally {
    copy.close();
  }
}

/** null when the file passes PRAGMA integrity_check, else the first problem reported. */
export function integrityProblem(file: string): string | null {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    return result === 'ok' ? null : String(result);
  } finally {
    copy.close();
  }
}
