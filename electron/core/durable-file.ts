/**
 * Files put in place whole or not at all: written under a temporary name, flushed, renamed over
 * the target, and the folder flushed so the rename survives a power cut. The one way the app
 * writes a file it must not lose half of (packages, exports, the attachment store).
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `content` to `tmp` (created anew), flushes it and renames it to `target`; on failure
 * the temporary file is removed and the system's error thrown (callers say what failed). The
 * caller flushes the target's folder (syncDir), once for many files if it writes several.
 */
export function writeThenRename(tmp: string, target: string, content: Uint8Array): void {
  try {
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** A file put in place durably, its temporary copy beside it. */
export function writeFileDurably(target: string, content: Uint8Array): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  fs.rmSync(tmp, { force: true }); // a leftover of this process's earlier, interrupted attempt
  writeThenRename(tmp, target, content);
  syncDir(path.dirname(target));
}

/** Flushes a folder's entries (a rename in it) to disk, where the platform can. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported on this platform
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
