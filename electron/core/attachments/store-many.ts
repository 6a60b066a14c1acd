/**
 * Storing many files at once (a drop of hundreds of invoices, a catalogue's scans) with the
 * guarantee putFile gives one file — written to a temporary name, flushed, renamed to its hash,
 * the rename flushed, all before anything links it — without paying a flush per file.
 *
 * Writing and flushing overlap instead of alternating: each new file goes to a temporary name
 * in `<files>/.tmp/`, and every MB or so the disk is asked to flush what has been written so far
 * (flush.ts: one flush of the file system, not one per file) while the next files are written.
 * Once a flush that began after a file was written has finished, the file is renamed into
 * `<files>/ab/<sha256>`. At the end one more flush covers the last files, then one the renames.
 *
 * Measured on this kind of machine (bench/attachments.ts): flushing every 1 MB beats every
 * 4 MB, 16 MB or only at the end; hashing on the thread pool (WebCrypto) instead of here saved
 * nothing, since handing each buffer over cost the main thread as much as hashing it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { flushDirs, flushFiles } from './flush';
import { sniffMime } from './sniff';
import { checkAttachmentBytes, fileStatus, sha256Of, storeError, storedPath, tmpDirOf, touch, type StoredFile } from './store';

/** Bytes written between two looks at the flush under way: the disk takes one chunk while the next is written. */
const FLUSH_CHUNK_BYTES = 1024 * 1024;

interface Written {
  tmp: string;
  target: string;
  name: string;
}

/**
 * Stores `files` (an identical file already stored and intact is reused, identical files in
 * the list are stored once). Returns in the order given. On any failure the temporary files are
 * removed; files already renamed into place are whole and stay as orphans for `cleanup`.
 */
export async function putFiles(filesDir: string, files: { bytes: Uint8Array; name: string }[]): Promise<StoredFile[]> {
  for (const f of files) checkAttachmentBytes(f.bytes, f.name);
  const batch = new BatchWriter(filesDir, files.length);
  const stored: StoredFile[] = [];
  const seen = new Set<string>();
  try {
    for (const { bytes, name } of files) {
      const sha256 = sha256Of(bytes);
      stored.push({ sha256, size: bytes.length, mime: sniffMime(bytes) });
      if (seen.has(sha256)) continue;
      seen.add(sha256);
      if (fileStatus(filesDir, sha256) === 'ok') touch(storedPath(filesDir, sha256));
      else await batch.write(bytes, name, sha256);
    }
    await batch.finish();
    return stored;
  } catch (err) {
    batch.abandon();
    throw storeError(err, batch.failedName(), filesDir);
  }
}

class BatchWriter {
  private readonly tmpDir: string;
  private readonly written: Written[] = [];
  /** Written, not yet covered by a flush that has begun. */
  private unflushed: Written[] = [];
  private flushing: Promise<void> | null = null;
  private error: unknown = null;
  private chunkBytes = 0;
  private readonly dirs = new Set<string>();
  /** What was being written or placed when something failed, for the message. */
  private writing = '';
  private placing = '';

  constructor(
    private readonly filesDir: string,
    private readonly total: number,
  ) {
    this.tmpDir = tmpDirOf(filesDir);
  }

  async write(bytes: Uint8Array, name: string, sha256: string): Promise<void> {
    this.writing = name;
    if (this.written.length === 0) fs.mkdirSync(this.tmpDir, { recursive: true });
    const tmp = path.join(this.tmpDir, `${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
    const file: Written = { tmp, name, target: storedPath(this.filesDir, sha256) };
    this.written.push(file);
    this.unflushed.push(file);
    fs.writeFileSync(tmp, bytes, { flag: 'wx' });
    this.writing = '';
    this.chunkBytes += bytes.length;
    if (this.chunkBytes >= FLUSH_CHUNK_BYTES) {
      this.chunkBytes = 0;
      // Lets a finished flush report in (and its files be renamed), then starts the next one.
      await new Promise((resolve) => setImmediate(resolve));
      this.throwIfFailed();
      if (!this.flushing) this.startFlush();
    }
  }

  /** Returns once every file is renamed into place and the renames are on disk. */
  async finish(): Promise<void> {
    while (this.flushing || this.unflushed.length > 0) {
      if (!this.flushing) this.startFlush();
      await this.flushing;
      this.throwIfFailed();
    }
    if (this.written.length > 0) await flushDirs([this.tmpDir, ...this.dirs], this.total);
  }

  abandon(): void {
    for (const f of this.written) fs.rmSync(f.tmp, { force: true });
  }

  failedName(): string {
    return this.writing || this.placing || this.written.map((f) => f.name).join('、');
  }

  private throwIfFailed(): void {
    if (this.error) throw this.error;
  }

  private startFlush(): void {
    const batch = this.unflushed;
    this.unflushed = [];
    this.flushing = flushFiles(batch.map((f) => f.tmp), this.total)
      .then(() => {
        for (const f of batch) this.place(f);
      })
      .catch((err: unknown) => {
        this.error ??= err;
      })
      .finally(() => {
        this.flushing = null;
      });
  }

  /** A flushed file into its place by hash. */
  private place(f: Written): void {
    this.placing = f.name;
    const dir = path.dirname(f.target);
    if (!this.dirs.has(dir)) fs.mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
    fs.renameSync(f.tmp, f.target);
    this.placing = '';
  }
}
