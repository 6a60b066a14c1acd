/**
 * The attachment store: every file kept once, named by its SHA-256, in a folder beside the
 * ledger (`<ledger>.files/ab/<sha256>`). The original file name is never part of a path (it
 * lives in the ledger as a display name only), so '../../evil.pdf', 'CON.pdf' or a 300-character
 * name cannot escape the folder or trip over Windows rules.
 *
 * A file is written to a temporary name (in `<ledger>.files/.tmp`), flushed to disk and renamed
 * into place: a file under a hash name is always whole, never half of one (store-many.ts keeps
 * the same order for many files at once, and recover.ts finishes renames a crash interrupted).
 * Bytes are on disk before the ledger transaction that links them; if that transaction fails
 * the stored file is an orphan that a later add of the same bytes reuses and `cleanup` removes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/result';
import { syncDir, writeThenRename } from '../durable-file';
import { namesIn } from '../names-in';
import { sniffMime } from './sniff';

export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;
/** How much of a document a read hands over at a time; the PostgreSQL store's part size too (pg-store.ts). */
export const DOCUMENT_PART_BYTES = 1024 * 1024;
/** Longest display name kept (characters); longer names are shortened, keeping the extension. */
export const MAX_NAME_CHARS = 200;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredFile {
  sha256: string;
  size: number;
  mime: string;
}

export function filesDirOf(ledgerPath: string): string {
  return `${ledgerPath}.files`;
}

export function storedPath(filesDir: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new AppError('INTERNAL', `内部错误：“${sha256}”不是有效的文件哈希`);
  return path.join(filesDir, sha256.slice(0, 2), sha256);
}

export function sha256Of(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Refuses what cannot be an attachment, with a message naming the file. */
export function checkAttachmentBytes(bytes: Uint8Array, name: string): void {
  if (bytes.length === 0) throw new AppError('EMPTY_FILE', `“${name}”是空文件（0 字节），不能作为附件`);
  if (bytes.length > MAX_ATTACHMENT_BYTES) {
    throw new AppError(
      'FILE_TOO_LARGE',
      `“${name}”有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过附件上限 50 MB；请压缩或拆分后再添加`,
      { size: bytes.length, limit: MAX_ATTACHMENT_BYTES },
    );
  }
}

/** Stores `bytes` (once: an identical file already stored and intact is reused). */
export function putFile(filesDir: string, bytes: Uint8Array, name: string): StoredFile {
  checkAttachmentBytes(bytes, name);
  const sha256 = sha256Of(bytes);
  const target = storedPath(filesDir, sha256);
  const stored = { sha256, size: bytes.length, mime: sniffMime(bytes) };
  if (fileStatus(filesDir, sha256) === 'ok') {
    touch(target);
    return stored;
  }
  const dir = path.dirname(target);
  const tmp = path.join(tmpDirOf(filesDir), `${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(path.dirname(tmp), { recursive: true });
    writeThenRename(tmp, target, bytes);
    syncDir(dir);
  } catch (err) {
    throw storeError(err, name, filesDir);
  }
  return stored;
}

/**
 * Where files are written before they are renamed to their hash: one folder, so a crash's
 * leftovers are easy to find (cleanup removes old ones) and never look like stored files.
 */
export function tmpDirOf(filesDir: string): string {
  return path.join(filesDir, '.tmp');
}

/** Marks a stored file as freshly used, so a concurrent cleanup does not take it before it is linked. */
function touch(target: string): void {
  try {
    const now = new Date();
    fs.utimesSync(target, now, now);
  } catch {
    // read-only store: still usable
  }
}

/** A document whose bytes, read to be copied, no longer hash to its name. */
export function brokenCopy(name: string): AppError {
  return new AppError('ATTACHMENT_BROKEN', `附件“${name}”的文件内容被改动过（与保存时的哈希不符），未复制；请先在“检查”中核对`);
}

export function storeError(err: unknown, name: string, filesDir: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new AppError('DISK_FULL', `磁盘空间已满，无法保存附件“${name}”`);
  return new AppError('WRITE_FAILED', `无法保存附件“${name}”到“${filesDir}”：${code ?? (err as Error).message}`);
}

/** Makes the rename itself durable; directories cannot be opened for sync on Windows, which is fine. */
export function readStoredFile(filesDir: string, sha256: string, name: string): Uint8Array {
  try {
    return fs.readFileSync(storedPath(filesDir, sha256));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('ATTACHMENT_BROKEN', `附件“${name}”的文件已丢失（${storedPath(filesDir, sha256)}）`);
    throw new AppError('FILE_UNREADABLE', `无法读取附件“${name}”：${code ?? (err as Error).message}`);
  }
}

export type FileStatus = 'ok' | 'missing' | 'changed';

/** Whether the stored file is there and still has the content its name (hash) promises. */
export function fileStatus(filesDir: string, sha256: string): FileStatus {
  const file = storedPath(filesDir, sha256);
  // Most files asked about are new: a stat that returns undefined is far cheaper than a read that throws.
  let exists: boolean;
  try {
    exists = fs.statSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    exists = false; // e.g. a file where its folder should be: storing it will say what is wrong
  }
  if (!exists) return 'missing';
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return 'missing';
  }
  return sha256Of(bytes) === sha256 ? 'ok' : 'changed';
}

/**
 * Every stored file's hash, size and modification time (temporary files, anything not named by a
 * hash, and a file removed while the folder is read are skipped).
 */
export function listStoredFiles(filesDir: string): { sha256: string; size: number; mtimeMs: number }[] {
  const out: { sha256: string; size: number; mtimeMs: number }[] = [];
  for (const shard of namesIn(filesDir)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of namesIn(path.join(filesDir, shard))) {
      if (!SHA256_HEX.test(name) || name.slice(0, 2) !== shard) continue;
      const st = fs.statSync(path.join(filesDir, shard, name), { throwIfNoEntry: false });
      if (st) out.push({ sha256: name, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return out;
}

/** Files in the temporary folder (each an add that was interrupted, or one under way now). */
export function listTempFiles(filesDir: string): { path: string; size: number; mtimeMs: number }[] {
  const dir = tmpDirOf(filesDir);
  return namesIn(dir).flatMap((name) => {
    try {
      const st = fs.statSync(path.join(dir, name));
      return st.isFile() ? [{ path: path.join(dir, name), size: st.size, mtimeMs: st.mtimeMs }] : [];
    } catch {
      return [];
    }
  });
}

export function removeStoredFile(filesDir: string, sha256: string): void {
  fs.rmSync(storedPath(filesDir, sha256), { force: true });
}

/** A file from disk (CLI, bench), refused with a clear message when it cannot be an attachment. */
export function readSourceFile(file: string): Uint8Array {
  const name = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new AppError('FILE_UNREADABLE', `无法读取文件“${file}”：${(err as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (err as Error).message}`);
  }
  if (!stat.isFile()) throw new AppError('FILE_UNREADABLE', `“${file}”不是文件`);
  if (stat.size > MAX_ATTACHMENT_BYTES) checkAttachmentBytes({ length: stat.size } as Uint8Array, name);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new AppError('FILE_UNREADABLE', `无法读取文件“${file}”：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  checkAttachmentBytes(bytes, name);
  return bytes;
}

/**
 * The name shown to people: the last path component only, control characters removed, at most
 * MAX_NAME_CHARS characters (the extension kept). Stored in the ledger, never used as a path.
 */
export function displayName(original: string): string {
  const last = original.split(/[\\/]/).filter(Boolean).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let name = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name === '' || name === '.' || name === '..') name = '未命名文件';
  const chars = [...name];
  if (chars.length > MAX_NAME_CHARS) {
    const ext = /\.[^.]{1,10}$/.exec(name)?.[0] ?? '';
    name = chars.slice(0, MAX_NAME_CHARS - [...ext].length - 1).join('') + '…' + ext;
  }
  return name;
}
