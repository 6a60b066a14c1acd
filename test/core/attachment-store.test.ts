/**
 * The store's many-files path (store-many.ts), the renames a crash interrupted (recover.ts) and
 * the flush under it (flush.ts), on real folders: what lands where, what is reused, what a
 * failure leaves, what a crash between the link and the renames leaves and how it is mended,
 * and that the flush helper neither keeps a process alive nor lets one exit before its answer.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { flushFiles, SYNCFS_MIN_FILES } from '../../electron/core/attachments/flush';
import { EXISTING_LINK_SQL } from '../../electron/core/attachments/links';
import { putFiles } from '../../electron/core/attachments/store-many';
import { fileStatus, listStoredFiles, listTempFiles, sha256Of, storedPath, tmpDirOf, type StoredFile } from '../../electron/core/attachments/store';
import { tinyPdf } from '../support/documents';
import { coreWithLedger, SAMPLE, TEST_BACKEND, tempDir } from './support';

/**
 * The folder's own mechanics (temporary names, shard folders, renames a crash interrupted) are
 * a ledger file's only: a PostgreSQL ledger writes a document in the transaction that links it
 * (attachments/pg-store.ts, tested in attachment-pg-store.test.ts).
 */
const onFile = TEST_BACKEND === 'sqlite';

const ROOT = path.resolve(__dirname, '../..');
const canFlushFileSystem = process.platform === 'linux' && ['/usr/bin/sync', '/bin/sync'].some((p) => fs.existsSync(p));

/** `n` distinct PDFs of `size` bytes. */
function pdfs(n: number, size = 64 * 1024): { bytes: Uint8Array; name: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const bytes = crypto.randomBytes(size);
    bytes.write('%PDF-1.4\n', 0, 'latin1');
    return { bytes, name: `发票-${i}.pdf` };
  });
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => fs.statSync(path.join(dir, p)).isFile());
}

/**
 * Whether a file is whole under its hash or in .tmp/, while renames may be moving it from one to
 * the other: a rename is atomic, so looking at the hash name again after .tmp/ misses nothing.
 */
function wholeOnDisk(dir: string, sha256: string): boolean {
  if (fileStatus(dir, sha256) === 'ok') return true;
  const inTmp = listTempFiles(dir).some((t) => {
    try {
      return sha256Of(fs.readFileSync(t.path)) === sha256;
    } catch {
      return false; // renamed since the listing
    }
  });
  return inTmp || fileStatus(dir, sha256) === 'ok';
}

/** Stores without a ledger: what was stored is what `link` is given. */
const store = (dir: string, files: { bytes: Uint8Array; name: string }[]) => putFiles(dir, files, async (stored, durable) => (await durable, stored));

describe('storing many files at once', () => {
  it('puts each file under its hash, writes identical bytes once and leaves no temporary file', async () => {
    const dir = path.join(tempDir(), 'l.db.files');
    const files = pdfs(40);
    files.push({ bytes: files[3].bytes, name: '重复.pdf' });
    let seen: StoredFile[] = [];
    const stored = await putFiles(dir, files, async (s, durable) => {
      await durable;
      // What a link commits after: every file whole on disk, under its hash or under .tmp/ while its rename runs.
      for (const f of s) expect(wholeOnDisk(dir, f.sha256)).toBe(true);
      return (seen = s);
    });
    expect(stored).toBe(seen);
    expect(stored.map((s) => s.sha256)).toEqual(files.map((f) => sha256Of(f.bytes)));
    expect(stored.every((s) => s.mime === 'application/pdf' && s.size === 64 * 1024)).toBe(true);
    for (const s of stored) expect(fileStatus(dir, s.sha256)).toBe('ok');
    expect(filesUnder(dir)).toHaveLength(40);
    expect(listTempFiles(dir)).toEqual([]);
  });

  it('lists the stored files past a stray file named like a hash folder, and finds none in a missing folder', async () => {
    const dir = path.join(tempDir(), 'l.db.files');
    expect(listStoredFiles(dir)).toEqual([]);
    const files = pdfs(3);
    await store(dir, files);
    const used = new Set(files.map((f) => sha256Of(f.bytes).slice(0, 2)));
    const unused = ['00', '01', '02', '03'].find((shard) => !used.has(shard))!;
    fs.rmSync(path.join(dir, unused), { recursive: true, force: true });
    fs.writeFileSync(path.join(dir, unused), 'a file where a hash folder would be');
    expect(listStoredFiles(dir).map((f) => f.sha256).sort()).toEqual(files.map((f) => sha256Of(f.bytes)).sort());
  });

  it('reuses an intact stored file and replaces one whose bytes changed', async () => {
    const dir = path.join(tempDir(), 'l.db.files');
    const [a, b] = pdfs(2);
    const [sa, sb] = await store(dir, [a, b]);
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(storedPath(dir, sa.sha256), old, old);
    fs.writeFileSync(storedPath(dir, sb.sha256), 'tampered');

    await store(dir, [a, b]);
    expect(fs.statSync(storedPath(dir, sa.sha256)).mtimeMs).toBeGreaterThan(old.getTime() + 1000); // touched, so cleanup spares it
    expect(fileStatus(dir, sb.sha256)).toBe('ok');
    expect(filesUnder(dir)).toHaveLength(2);
  });

  it('lays out a new ledger\'s store when the ledger is made, so a first drop only writes files', async () => {
    const { core, file } = await coreWithLedger();
    const dir = `${file}.files`;
    if (onFile) {
      expect(fs.readdirSync(dir).sort()).toEqual(['.tmp', ...Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))]);
      expect(listStoredFiles(dir)).toEqual([]);
    }
    expect(await core.call('attachments/cleanupPreview', {})).toEqual({ stored: { files: 0, bytes: 0 }, unused: { files: 0, bytes: 0 }, keptRecent: 0 });
  });

  it.skipIf(!onFile)('a failure part-way removes its temporary files, names the file and links nothing', async () => {
    const { core, file } = await coreWithLedger();
    const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    // A plain file where one hash's folder must go: that rename cannot happen. (No other file
    // here may share that folder, or the message would rightly name that one.)
    const shard = (f: { bytes: Uint8Array }) => sha256Of(f.bytes).slice(0, 2);
    const all = pdfs(40);
    const files = all.filter((f, i) => i === 20 || shard(f) !== shard(all[20]));
    const blocked = storedPath(`${file}.files`, sha256Of(all[20].bytes));
    fs.rmSync(path.dirname(blocked), { recursive: true, force: true }); // laid out when the ledger was made
    fs.writeFileSync(path.dirname(blocked), 'not a folder');

    const items = files.map((f) => ({ target: { entity: 'record' as const, id: changes[0].id }, role: '发票' as const, fileName: f.name, content: f.bytes }));
    await expect(core.call('attachments/addMany', { items })).rejects.toMatchObject({ code: 'WRITE_FAILED', message: expect.stringContaining('发票-20.pdf') });
    expect(listTempFiles(`${file}.files`)).toEqual([]);
    expect((await core.call('attachments/list', { target: { entity: 'record', id: changes[0].id } })).links).toEqual([]);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it.skipIf(!onFile)('cleanup removes what an interrupted add left in the temporary folder, once it is old', async () => {
    const { core, file } = await coreWithLedger();
    const tmp = tmpDirOf(`${file}.files`);
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(path.join(tmp, 'left-by-a-crash'), tinyPdf('half'));
    fs.writeFileSync(path.join(tmp, 'being-written-now'), tinyPdf('now'));
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(tmp, 'left-by-a-crash'), old, old);
    const result = await core.call('attachments/cleanup', {});
    expect(result.files).toBe(1);
    expect(fs.readdirSync(tmp)).toEqual(['being-written-now']);
  });

  /** A ledger with three files linked to one record, and the crash the store-many order allows: one of them still under its temporary name. */
  async function crashedBeforeRename() {
    const { core, file } = await coreWithLedger();
    const filesDir = `${file}.files`;
    const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    const files = pdfs(3, 4096);
    await core.call('attachments/addMany', { items: files.map((f) => ({ target: { entity: 'record' as const, id: changes[0].id }, role: '发票' as const, fileName: f.name, content: f.bytes })) });
    const sha = sha256Of(files[1].bytes);
    const stranded = path.join(tmpDirOf(filesDir), '4242-0123456789abcdef');
    fs.renameSync(storedPath(filesDir, sha), stranded);
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(stranded, old, old);
    // Beside it, what a crash before a flush leaves: bytes no attachment names.
    const leftover = path.join(tmpDirOf(filesDir), '4242-fedcba9876543210');
    fs.writeFileSync(leftover, tinyPdf('half'));
    fs.utimesSync(leftover, old, old);
    return { core, file, filesDir, sha, leftover };
  }

  it.skipIf(!onFile)('a linked file a crash left under its temporary name is put in place when the ledger is opened again', async () => {
    const { core, file, filesDir, sha, leftover } = await crashedBeforeRename();
    // verify moves nothing, but says the file is whole and how to put it back
    const before = (await core.call('verify/ledger', {})).problems;
    expect(before.map((p) => p.code)).toEqual(['ATTACHMENT_BROKEN']);
    expect(before[0].message).toContain('重新打开台账');
    expect(fileStatus(filesDir, sha)).toBe('missing');
    await core.call('ledger/close', {});
    await core.call('ledger/open', { path: file });
    expect(fileStatus(filesDir, sha)).toBe('ok');
    expect(listTempFiles(filesDir).map((t) => t.path)).toEqual([leftover]); // not linked: cleanup's to remove
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it.skipIf(!onFile)('cleanup puts such a file in place instead of removing it as a leftover', async () => {
    const { core, filesDir, sha } = await crashedBeforeRename();
    // offered: the unlinked leftover only, not the linked file it will put in place
    expect((await core.call('attachments/cleanupPreview', {})).unused).toEqual({ files: 1, bytes: tinyPdf('half').length });
    const result = await core.call('attachments/cleanup', {});
    expect(result.files).toBe(1); // the unlinked leftover only
    expect(fileStatus(filesDir, sha)).toBe('ok');
    expect(listTempFiles(filesDir)).toEqual([]);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it.skipIf(!onFile)('cleanup removes an old temporary copy of a file already whole under its hash', async () => {
    const { core, filesDir, sha } = await crashedBeforeRename();
    await core.call('attachments/cleanup', {}); // puts the stranded file in place
    const copy = path.join(tmpDirOf(filesDir), '4242-00aa00aa00aa00aa');
    fs.copyFileSync(storedPath(filesDir, sha), copy);
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(copy, old, old);
    expect((await core.call('attachments/cleanupPreview', {})).unused.files).toBe(1);
    expect((await core.call('attachments/cleanup', {})).files).toBe(1);
    expect(listTempFiles(filesDir)).toEqual([]);
    expect(fileStatus(filesDir, sha)).toBe('ok');
  });

  it('makes a hash folder again if it was removed while the app ran', async () => {
    const dir = path.join(tempDir(), 'l.db.files');
    await store(dir, pdfs(2));
    for (const shard of fs.readdirSync(dir)) if (shard !== '.tmp') fs.rmSync(path.join(dir, shard), { recursive: true });
    const again = pdfs(30);
    const stored = await store(dir, again);
    for (const s of stored) expect(fileStatus(dir, s.sha256)).toBe('ok');
    expect(listTempFiles(dir)).toEqual([]);
  });

  it('links hundreds of files to one record in one change, and finds each link again on a second drop', async () => {
    const { core } = await coreWithLedger();
    const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    const target = { entity: 'record' as const, id: changes[0].id };
    const files = pdfs(300, 1024);
    const { links } = await core.call('attachments/addMany', { items: files.map((f) => ({ target, role: '发票' as const, fileName: f.name, content: f.bytes })) });
    expect(links.map((l) => l.name)).toEqual(files.map((f) => f.name));
    expect(new Set(links.map((l) => l.linkId)).size).toBe(300);
    // Again: every link already exists, found through each file's own links.
    const again = await core.call('attachments/addMany', { items: files.map((f) => ({ target, role: '发票' as const, fileName: f.name, content: f.bytes })) });
    expect(again.links.map((l) => l.linkId)).toEqual(links.map((l) => l.linkId));
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  // EXPLAIN QUERY PLAN of the ledger file; PostgreSQL's planner needs no unary + (links.ts)
  it.skipIf(!onFile)('looks for an existing link through the file’s links, not the target’s (a record can hold thousands)', async () => {
    const { file } = await coreWithLedger();
    const db = new Database(file, { readonly: true });
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${EXISTING_LINK_SQL}`).all(1, 'record', 1, '发票') as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan).toContain('USING INDEX attachment_links_attachment');
    } finally {
      db.close();
    }
  });
});

describe('flushing', () => {
  it('flushes many files with one file-system flush where there is one, a few with an fsync each', async () => {
    const dir = tempDir();
    const paths = Array.from({ length: SYNCFS_MIN_FILES }, (_, i) => path.join(dir, `f${i}`));
    for (const p of paths) fs.writeFileSync(p, 'x');
    expect(await flushFiles(paths)).toBe(canFlushFileSystem ? 'file system' : 'each');
    expect(await flushFiles(paths.slice(0, 2))).toBe('each');
  });

  it('a missing file is an error on the fsync path, not a silent success', async () => {
    const dir = tempDir();
    await expect(flushFiles([path.join(dir, 'gone')])).rejects.toMatchObject({ code: 'ENOENT' });
  });

  // Plain JavaScript (bundled here), not through tsx: tsx's loader thread would keep the process
  // alive on its own and hide a helper that let it exit before the answer.
  it('the flush helper answers before a short-lived process exits, and does not keep it alive after', () => {
    const dir = tempDir();
    const script = path.join(dir, 'flush-then-exit.mjs');
    buildSync({
      stdin: {
        contents: `import fs from 'node:fs';
import { flushFiles } from ${JSON.stringify(path.join(ROOT, 'electron/core/attachments/flush.ts'))};
const paths = Array.from({ length: 20 }, (_, i) => ${JSON.stringify(dir)} + '/f' + i);
for (const p of paths) fs.writeFileSync(p, 'x');
flushFiles(paths).then((how) => console.log('flushed:' + how));
`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.error).toBeUndefined(); // no timeout: nothing kept it alive
    expect(run.stdout.trim()).toBe(`flushed:${canFlushFileSystem ? 'file system' : 'each'}`);
  }, 30_000);
});
