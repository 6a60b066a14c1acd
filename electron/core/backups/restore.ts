/**
 * Putting a backup in place of the ledger. The current state is backed up first (so a restore
 * can itself be undone), the ledger is closed (its WAL checkpointed away), the backup is copied
 * beside it under a temporary name, flushed, checked, and renamed over it; then it is opened
 * (and migrated, if the backup is from an older version) like any ledger.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';

/** Copies `backup` over `ledgerPath` atomically; the ledger must be closed. */
export function putBackupInPlace(backup: string, ledgerPath: string): void {
  const temp = path.join(path.dirname(ledgerPath), `.${path.basename(ledgerPath)}.restore-${process.pid}.tmp`);
  try {
    fs.copyFileSync(backup, temp);
    const fd = fs.openSync(temp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const copy = new Database(temp, { readonly: true, fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new AppError('BACKUP_CORRUPT', `备份文件已损坏（${String(check)}），未恢复`);
    } finally {
      copy.close();
    }
    // A -wal left beside the ledger would be replayed into the restored file: there must be none.
    for (const suffix of ['-wal', '-shm']) fs.rmSync(ledgerPath + suffix, { force: true });
    fs.renameSync(temp, ledgerPath);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    if (err instanceof AppError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOSPC') throw new AppError('DISK_FULL', '磁盘空间不足，无法恢复备份（台账保持原样）');
    throw new AppError('RESTORE_FAILED', `恢复失败：${e.message}（台账保持原样）`);
  }
}

/** A damaged ledger is kept, renamed, never deleted: it is evidence too. */
export function setDamagedAside(ledgerPath: string, now = new Date()): string {
  const aside = `${ledgerPath}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(ledgerPath, aside);
  for (const suffix of ['-wal', '-shm']) {
    if (fs.existsSync(ledgerPath + suffix)) fs.renameSync(ledgerPath + suffix, aside + suffix);
  }
  return aside;
}
