/**
 * Putting the package on disk before the month is locked (issue 15): written under a temporary
 * name beside the target, flushed, renamed into place and the folder flushed, so a crash or a
 * full disk never leaves half a package under the real name, and the hash the ledger records
 * is that of a file that exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { syncDir, writeFileDurably } from '../durable-file';
import { isPostgresAddress } from '../../../shared/ledger-address';

/**
 * The window's place for packages: a 报送包 folder beside the ledger file (made when missing).
 * A ledger on a PostgreSQL server has no folder of its own on this computer: its packages go in
 * the app's data folder instead (`dataDir`), never in a folder named after the server's address.
 */
export function besideLedger(ledgerPath: string, fileName: string, dataDir: string): string {
  const base = isPostgresAddress(ledgerPath) ? dataDir : path.dirname(ledgerPath);
  const dir = path.join(base, '报送包');
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new AppError('WRITE_FAILED', `无法创建报送包文件夹“${dir}”（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）；该月未锁定`);
  }
  return path.join(dir, fileName);
}

export function writePackageFile(target: string, content: Uint8Array): void {
  try {
    writeFileDurably(target, content);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new AppError('DISK_FULL', `磁盘空间已满，报送包未能保存到“${target}”；该月未锁定`);
    throw new AppError('WRITE_FAILED', `无法写入报送包“${target}”（${code ?? (err as Error).message}）；该月未锁定，请换一个保存位置再试`);
  }
}

/** The lock failed after the file was put in place: the file must not look like the submitted one. */
export function withdrawPackageFile(target: string): void {
  try {
    fs.rmSync(target, { force: true });
    syncDir(path.dirname(target));
  } catch {
    // Removing failed too: the caller's error still says the month was not submitted.
  }
}
