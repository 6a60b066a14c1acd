/**
 * Storing many files at once (a drop of hundreds of invoices, a catalogue's scans) with the
 * guarantee putFile gives one file — written to a temporary name, flushed, renamed to its hash,
 * the rename flushed, all before anything links it — without paying a flush per file.
 *
 * The order is chosen so that the one slow wait, the disk flush, overlaps the one slow piece of
 * work, hashing:
 *   1. every file is written to a temporary name in `<files>/.tmp/`;
 *   2. the disk is asked to flush them (flush.ts: one flush of the file system, not one per
 *      file), and while it does, every file is hashed here (CPU only, no file system);
 *   3. once the flush is done, each file is renamed to `<files>/ab/<sha256>` — unless an intact
 *      copy is stored already or an earlier file in the list had the same bytes, in which case
 *      its temporary file is simply removed;
 *   4. one more flush makes the renames durable.
 *
 * Measured on this kind of machine (bench/attachments.ts; docs/status.md has the figures): this
 * beats hashing first (the flush then waits alone) and beats flushing every MB while writing
 * (writes then queue behind the journal commits those flushes cause). The price is that bytes
 * already stored are written once more before their hash is known; a second drop of the same
 * files costs about what the first did instead of almost nothing, which is rare and bounded.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { flushDirs, flushFiles } from './flush';
import { sniffMime } from './sniff';
import { checkAttachmentBytes, fileStatus, sha256Of, storeError, storedPath, tmpDirOf, touch, type StoredFile } from './store';

/**
 * Stores `files` (an identical file already stored and intact is reused, identical files in
 * the list are stored once). Returns in the order given. On any failure the temporary files are
 * removed; files already renamed into place are whole and stay as orphans for `cleanup`.
 */
export async function putFiles(filesDir: string, files: { bytes: Uint8Array; name: string }[]): Promise<StoredFile[]> {
  for (const f of files) checkAttachmentBytes(f.bytes, f.name);
  if (files.length === 0) return [];
  const tmpDir = tmpDirOf(filesDir);
  const tmps: string[] = [];
  /** The file being written or placed when something fails, for the message. */
  let current = '';
  try {
    fs.mkdirSync(tmpDir, { recursive: true });
    for (const { bytes, name } of files) {
      current = name;
      const tmp = path.join(tmpDir, `${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
      tmps.push(tmp);
      fs.writeFileSync(tmp, bytes, { flag: 'wx' });
    }
    current = '';

    const flushed = flushFiles(tmps, files.length);
    flushed.catch(() => {}); // awaited below; hashing must not leave it unhandled if it throws first
    const stored = files.map(({ bytes }) => ({ sha256: sha256Of(bytes), size: bytes.length, mime: sniffMime(bytes) }));
    await flushed;

    const dirs = new Set<string>();
    const placed = new Set<string>();
    files.forEach(({ name }, i) => {
      current = name;
      const { sha256 } = stored[i];
      const target = storedPath(filesDir, sha256);
      if (placed.has(sha256)) {
        fs.rmSync(tmps[i], { force: true });
        return;
      }
      placed.add(sha256);
      if (fileStatus(filesDir, sha256) === 'ok') {
        touch(target);
        fs.rmSync(tmps[i], { force: true });
        return;
      }
      const dir = path.dirname(target);
      if (!dirs.has(dir)) fs.mkdirSync(dir, { recursive: true });
      dirs.add(dir);
      fs.renameSync(tmps[i], target);
    });
    current = '';
    await flushDirs([tmpDir, ...dirs], files.length);
    return stored;
  } catch (err) {
    for (const tmp of tmps) fs.rmSync(tmp, { force: true });
    throw storeError(err, current || files.map((f) => f.name).join('、'), filesDir);
  }
}
