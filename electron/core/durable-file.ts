/**
 * A file put in place whole or not at all: written under a temporary name beside the target,
 * flushed, renamed over the target, and the folder flushed so the rename survives a power cut.
 * Throws the system's error (after removing the temporary file); callers say what failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { syncDir } from './attachments/store';

export function writeFileDurably(target: string, content: Uint8Array): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w');
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
  syncDir(path.dirname(target));
}
