/**
 * Finishing renames a crash interrupted. store-many.ts lets the ledger link a drop of files as
 * soon as their bytes are flushed under temporary names in `<files>/.tmp/`, before the renames
 * to their hashes are flushed (that saves a second flush of the disk per drop). After a crash in
 * between, a linked file can be whole in `.tmp/` and absent under its hash; this puts it there.
 *
 * Run when a ledger is opened (a crash means the next start opens it) and before `cleanup`
 * removes old temporary files, so that nothing linked is ever taken for a leftover.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connection';
import { attachmentIdOf } from './rows';
import { syncDir } from '../durable-file';
import { fileStatus, listTempFiles, sha256Of, storedPath } from './store';

/**
 * What `.tmp/` holds, by the hash of its bytes (a file that cannot be read is left out). Normally
 * empty: only an add under way, or one a crash interrupted, leaves anything there.
 */
export function tempFilesByHash(filesDir: string): Map<string, string> {
  const byHash = new Map<string, string>();
  for (const tmp of listTempFiles(filesDir)) {
    try {
      byHash.set(sha256Of(fs.readFileSync(tmp.path)), tmp.path);
    } catch {
      // moved or removed meanwhile
    }
  }
  return byHash;
}

/**
 * Moves each temporary file whose bytes an attachment row names, and which is missing or
 * damaged under its hash, into place. Anything else in `.tmp/` (an add under way in another
 * process, half a file from a crash before its flush) is left for `cleanup`. Never throws:
 * what cannot be moved stays where it is, and `verify` reports the attachment as broken.
 * Returns how many files were put in place.
 */
export function placeInterrupted(db: Db, filesDir: string): number {
  let placed = 0;
  for (const [sha256, tmpPath] of tempFilesByHash(filesDir)) {
    try {
      if (attachmentIdOf(db, sha256) === undefined) continue;
      if (fileStatus(filesDir, sha256) === 'ok') continue;
      // Flushed again here: the file may be another process's add that has not flushed it yet.
      const fd = fs.openSync(tmpPath, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      const target = storedPath(filesDir, sha256);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(tmpPath, target);
      syncDir(path.dirname(target));
      placed++;
    } catch {
      // moved by another process meanwhile, or not movable: see above
    }
  }
  return placed;
}
