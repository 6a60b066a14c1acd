/**
 * A consistent copy of a live ledger: SQLite's online backup to a temporary file, an
 * integrity check on the copy, then a rename. Never a file copy of a live WAL database.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';
import { namesIn } from '../names-in';
import { asSqlite, type Db } from './connection';

/**
 * Our temporary files: a backup's `.<target>.<pid>.<ms>.tmp` (and the journal SQLite keeps
 * beside it while sealing it), a restore's `.<ledger>.restore-<pid>.tmp`. The pid says whose.
 */
const OUR_TEMP = /^\..+\.(?:(\d+)\.\d+|restore-(\d+))\.tmp(?:-journal|-wal|-shm)?$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a killed backup or restore left in `dir` (a kill mid-backup
 * leaves a hidden copy of the whole ledger: 776 MiB over 10 kills of a big one). Only ours (by
 * name), and only of a process that no longer runs: this process's own and a live one's may
 * be a backup in progress. Run before each backup into a folder and when a ledger is opened.
 * Returns how many files it removed.
 */
export function removeStaleBackupTemps(dir: string): number {
  let removed = 0;
  for (const name of namesIn(dir)) {
    const m = OUR_TEMP.exec(name);
    if (!m) continue;
    const pid = Number(m[1] ?? m[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed++;
    } catch {
      // not ours to remove after all (permissions): left for the next time
    }
  }
  return removed;
}

export async function backupTo(db: Db, target: string): Promise<string> {
  const dir = path.dirname(target);
  removeStaleBackupTemps(dir);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await asSqlite(db, '备份到文件').backup(temp);
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
