/**
 * Attachments through the contract on a real ledger and its real document store: the folder
 * beside a ledger file, or the tables of a PostgreSQL ledger (LEDGER_BACKEND=postgres).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesDirOf, MAX_ATTACHMENT_BYTES, storedPath } from '../../electron/core/attachments/store';
import { sniffMime } from '../../electron/core/attachments/sniff';
import { tinyInvoiceXml, tinyJpeg, tinyOfd, tinyPdf, tinyPng, workbookOf, zipOf } from '../support/documents';
import { storedDocuments } from '../support/stored-documents';
import { coreWithLedger, SAMPLE, TEST_BACKEND, tempDir } from './support';

const onFile = TEST_BACKEND === 'sqlite';

async function ledgerWithRecords(n = 2) {
  const env = await coreWithLedger();
  const { changes } = await env.core.call('records/apply', {
    ops: Array.from({ length: n }, (_, i) => ({ type: 'insert' as const, values: { ...SAMPLE, invoiceNo: `2131200000001234567${i}` } })),
  });
  return { ...env, ids: changes.map((c) => c.id) };
}

/** Every file under a ledger file's store folder, relative to it. */
function storedFiles(ledger: string): string[] {
  const dir = filesDirOf(ledger);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => fs.statSync(path.join(dir, p)).isFile());
}

/** The hashes of the documents the ledger's store holds (the folder, or a PostgreSQL ledger's tables). */
const stored = (ledger: string) => storedDocuments(ledger).hashes();

describe('attachments', () => {
  it('stores a file by its hash beside the ledger and links it, audited', async () => {
    const { core, file, ids } = await ledgerWithRecords(1);
    const pdf = tinyPdf();
    const { link, reused } = await core.call('attachments/add', { target: { entity: 'record', id: ids[0] }, role: '发票', fileName: '发票.pdf', content: pdf });
    expect(reused).toBe(false);
    expect(link).toMatchObject({ name: '发票.pdf', role: '发票', mime: 'application/pdf', size: pdf.length, entity: 'record', entityId: ids[0] });
    expect(storedDocuments(file).bytes(link.sha256)).toEqual(Buffer.from(pdf));
    expect(stored(file)).toEqual([link.sha256]);
    if (onFile) expect(storedFiles(file)).toEqual([path.join(link.sha256.slice(0, 2), link.sha256)]);

    const listed = await core.call('attachments/list', { target: { entity: 'record', id: ids[0] } });
    expect(listed.links).toEqual([link]);
    const content = await core.call('attachments/content', { attachmentId: link.attachmentId });
    expect(content.mime).toBe('application/pdf');
    expect(Buffer.from(content.content)).toEqual(Buffer.from(pdf));

    const history = await core.call('audit/history', { entity: 'attachmentLink' });
    expect(history.entries.map((e) => e.label)).toEqual(['添加附件 发票.pdf']);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('keeps identical bytes once: same file on two records is one stored file and two links', async () => {
    const { core, file, ids } = await ledgerWithRecords(2);
    const pdf = tinyPdf();
    const a = await core.call('attachments/add', { target: { entity: 'record', id: ids[0] }, role: '发票', fileName: 'a.pdf', content: pdf });
    const b = await core.call('attachments/add', { target: { entity: 'record', id: ids[1] }, role: '合同', fileName: 'b.pdf', content: pdf });
    expect(b.reused).toBe(true);
    expect(b.link.attachmentId).toBe(a.link.attachmentId);
    expect(b.link.linkId).not.toBe(a.link.linkId);
    expect(stored(file)).toHaveLength(1);
    // the same link again is not duplicated
    const again = await core.call('attachments/add', { target: { entity: 'record', id: ids[0] }, role: '发票', fileName: 'a.pdf', content: pdf });
    expect(again.link.linkId).toBe(a.link.linkId);
  });

  it('adds many files in one audited change, identical bytes stored once', async () => {
    const { core, file, ids } = await ledgerWithRecords(2);
    const pdf = tinyPdf();
    const { links } = await core.call('attachments/addMany', {
      items: [
        { target: { entity: 'record', id: ids[0] }, role: '发票', fileName: 'a.pdf', content: pdf },
        { target: { entity: 'record', id: ids[1] }, role: '发票', fileName: 'a.pdf', content: pdf },
        { target: { entity: 'record', id: ids[1] }, role: '照片', fileName: 'p.png', content: tinyPng() },
      ],
    });
    expect(links.map((l) => [l.entityId, l.mime])).toEqual([[ids[0], 'application/pdf'], [ids[1], 'application/pdf'], [ids[1], 'image/png']]);
    expect(stored(file)).toHaveLength(2);
    const history = await core.call('audit/history', {});
    expect(history.entries.filter((e) => e.label === '添加 3 个附件')).toHaveLength(5); // 2 files + 3 links
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('unlinking keeps the file; cleanup removes unreferenced files and reports the bytes', async () => {
    const { core, file, ids } = await ledgerWithRecords(1);
    const target = { entity: 'record' as const, id: ids[0] };
    const png = tinyPng();
    const jpeg = tinyJpeg();
    const p = await core.call('attachments/add', { target, role: '照片', fileName: 'a.png', content: png });
    await core.call('attachments/add', { target, role: '照片', fileName: 'b.jpg', content: jpeg });
    expect(await core.call('attachments/unlink', { linkId: p.link.linkId })).toEqual({ unlinked: true });
    expect(stored(file)).toHaveLength(2);
    expect((await core.call('attachments/list', { target })).links.map((l) => l.name)).toEqual(['b.jpg']);
    const held = { files: 2, bytes: png.length + jpeg.length };
    // just added: not offered for cleanup yet
    expect(await core.call('attachments/cleanupPreview', {})).toEqual({ stored: held, unused: { files: 0, bytes: 0 }, keptRecent: 1 });

    storedDocuments(file).age();
    expect(await core.call('attachments/cleanupPreview', {})).toEqual({ stored: held, unused: { files: 1, bytes: png.length }, keptRecent: 0 });
    const r = await core.call('attachments/cleanup', {});
    expect(r).toEqual({ files: 1, bytesFreed: png.length, keptRecent: 0 });
    expect(stored(file)).toHaveLength(1);
    expect(stored(file)).not.toContain(p.link.sha256);
    expect(await core.call('attachments/cleanupPreview', {})).toEqual({ stored: { files: 1, bytes: jpeg.length }, unused: { files: 0, bytes: 0 }, keptRecent: 0 });
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('verify names a stored file whose bytes changed, and one that was deleted', async () => {
    const { core, file, ids } = await ledgerWithRecords(1);
    const target = { entity: 'record' as const, id: ids[0] };
    const a = await core.call('attachments/add', { target, role: '发票', fileName: '三月发票.pdf', content: tinyPdf() });
    const b = await core.call('attachments/add', { target, role: '照片', fileName: '现场照片.png', content: tinyPng() });
    storedDocuments(file).corrupt(a.link.sha256);
    let r = await core.call('verify/ledger', {});
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'ATTACHMENT_BROKEN', message: expect.stringContaining('三月发票.pdf') })]);

    storedDocuments(file).lose(b.link.sha256);
    r = await core.call('verify/ledger', {});
    expect(r.problems.map((p) => p.code)).toEqual(['ATTACHMENT_BROKEN', 'ATTACHMENT_BROKEN']);
    expect(r.problems[1].message).toContain('现场照片.png');
    expect(r.problems[1].message).toContain('丢失');
  });

  it('never uses the given name as a path: traversal, reserved and over-long names stay inside the store', async () => {
    const { core, file, dir, ids } = await ledgerWithRecords(1);
    const target = { entity: 'record' as const, id: ids[0] };
    const long = `${'很长的文件名'.repeat(50)}.pdf`; // 304 characters
    const names = ['../../evil.pdf', 'CON.pdf', 'NUL', 'COM1.txt', '..\\..\\win.pdf', long];
    for (const [i, fileName] of names.entries()) {
      await core.call('attachments/add', { target, role: '其他', fileName, content: tinyPdf(`file ${i}`) });
    }
    const links = (await core.call('attachments/list', { target })).links;
    expect(links.map((l) => l.name).slice(0, 5)).toEqual(['evil.pdf', 'CON.pdf', 'NUL', 'COM1.txt', 'win.pdf']);
    expect([...links[5].name].length).toBeLessThanOrEqual(200);
    expect(links[5].name.endsWith('.pdf')).toBe(true);
    // only the ledger, its WAL files, the store and the app's own lists (recent ledgers, their audit
    // heads) are in the folder; the store holds hash-named files only
    expect(fs.readdirSync(dir).filter((n) => !n.startsWith(path.basename(file)) && n !== '.recent-ledgers.json' && n !== '.ledger-heads.json')).toEqual([]);
    expect(fs.existsSync(path.join(dir, '..', 'evil.pdf'))).toBe(false);
    expect(stored(file)).toHaveLength(6);
    for (const sha256 of stored(file)) expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    if (onFile) for (const f of storedFiles(file)) expect(f).toMatch(/^[0-9a-f]{2}[\\/][0-9a-f]{64}$/);
  });

  it('types files by their bytes, whatever their name says', () => {
    expect(sniffMime(tinyPdf())).toBe('application/pdf');
    expect(sniffMime(tinyPng())).toBe('image/png');
    expect(sniffMime(tinyJpeg())).toBe('image/jpeg');
    expect(sniffMime(new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')))).toBe('image/gif');
    expect(sniffMime(tinyOfd())).toBe('application/ofd');
    expect(sniffMime(tinyInvoiceXml())).toBe('application/xml');
    expect(sniffMime(zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' }))).toMatch(/wordprocessingml/);
    expect(sniffMime(workbookOf([['a']]))).toMatch(/spreadsheetml/);
    expect(sniffMime(workbookOf([['a']], 'xls'))).toBe('application/vnd.ms-excel');
    expect(sniffMime(zipOf({ 'readme.txt': 'hi' }))).toBe('application/zip');
    expect(sniffMime(new Uint8Array([1, 2, 3, 4, 5]))).toBe('application/octet-stream');
    // plain text (UTF-8, GBK, UTF-16 with its mark) is a document; a program is not, whatever its name
    expect(sniffMime(new Uint8Array(Buffer.from('备注：发票稍后补交\r\n')))).toBe('text/plain');
    expect(sniffMime(new Uint8Array(Buffer.from('c4e3bac30d0a', 'hex')))).toBe('text/plain'); // 你好 in GBK
    expect(sniffMime(new Uint8Array(Buffer.from('fffe6000d98b', 'hex')))).toBe('text/plain');
    expect(sniffMime(new Uint8Array(Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(64)])))).toBe('application/octet-stream');
    expect(sniffMime(new Uint8Array(Buffer.from('text\u0000with a NUL')))).toBe('application/octet-stream');
  });

  it('records the sniffed type, not the one the name suggests', async () => {
    const { core, ids } = await ledgerWithRecords(1);
    const { link } = await core.call('attachments/add', { target: { entity: 'record', id: ids[0] }, role: '发票', fileName: '扫描件.pdf', content: tinyJpeg() });
    expect(link.mime).toBe('image/jpeg');
  });

  it('refuses empty files, files over 50 MB and missing targets, storing nothing', async () => {
    const { core, file, ids } = await ledgerWithRecords(1);
    const target = { entity: 'record' as const, id: ids[0] };
    await expect(core.call('attachments/add', { target, role: '发票', fileName: '空.pdf', content: new Uint8Array(0) })).rejects.toMatchObject({ code: 'EMPTY_FILE', message: expect.stringContaining('空.pdf') });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(tinyPdf().subarray(0, 8));
    await expect(core.call('attachments/add', { target, role: '发票', fileName: '大.pdf', content: big })).rejects.toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('50 MB') });
    await expect(core.call('attachments/add', { target: { entity: 'record', id: 999 }, role: '发票', fileName: 'a.pdf', content: tinyPdf() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(stored(file)).toEqual([]);
  });

  // On PostgreSQL the bytes are written in the transaction that links them: a failed one leaves none.
  it.skipIf(!onFile)('bytes stored without a link (what a failed transaction leaves) are reused by the next add and removed by cleanup', async () => {
    const { core, file, ids } = await ledgerWithRecords(1);
    const { putFile } = await import('../../electron/core/attachments/store');
    const orphan = putFile(filesDirOf(file), tinyPdf('orphan'), 'o.pdf');
    expect(storedFiles(file)).toHaveLength(1);
    const { link } = await core.call('attachments/add', { target: { entity: 'record', id: ids[0] }, role: '发票', fileName: 'o.pdf', content: tinyPdf('orphan') });
    expect(link.sha256).toBe(orphan.sha256);
    expect(storedFiles(file)).toHaveLength(1);
    putFile(filesDirOf(file), tinyPdf('another orphan'), 'x.pdf');
    expect((await core.call('attachments/cleanup', {})).keptRecent).toBe(1);
    storedDocuments(file).age();
    expect(await core.call('attachments/cleanup', {})).toMatchObject({ files: 1, keptRecent: 0 });
    expect(storedFiles(file)).toHaveLength(1);
  });

  it('matches invoice files to records by the number in their names, and lists records still without one', async () => {
    const { core, ids } = await ledgerWithRecords(3);
    const before = await core.call('attachments/missingInvoices', {});
    expect(before.total).toBe(3);
    // a dry run reads names only; a real run without the bytes is refused
    const preview = await core.call('attachments/matchByInvoice', { dryRun: true, files: [{ fileName: '21312000000012345671.ofd' }, { fileName: '无关文件.pdf' }] });
    expect(preview).toEqual({ matched: [{ index: 0, fileName: '21312000000012345671.ofd', recordIds: [ids[1]], attachmentId: 0 }], unmatched: ['无关文件.pdf'] });
    await expect(core.call('attachments/matchByInvoice', { files: [{ fileName: '21312000000012345671.ofd' }] })).rejects.toMatchObject({ code: 'BAD_ARGS', message: expect.stringContaining('每个文件都要带上内容') });
    const r = await core.call('attachments/matchByInvoice', {
      files: [
        { fileName: 'dzfp_21312000000012345670_上海某公司.pdf', content: tinyPdf('0') },
        { fileName: '21312000000012345671.ofd', content: tinyOfd() },
        { fileName: '无关文件.pdf', content: tinyPdf('x') },
      ],
    });
    expect(r.matched.map((m) => m.recordIds)).toEqual([[ids[0]], [ids[1]]]);
    expect(r.unmatched).toEqual(['无关文件.pdf']);
    for (const m of r.matched) {
      const { links } = await core.call('attachments/list', { target: { entity: 'record', id: m.recordIds[0] } });
      expect(links.map((l) => [l.attachmentId, l.name, l.role])).toEqual([[m.attachmentId, m.fileName, '发票']]);
    }
    const after = await core.call('attachments/missingInvoices', { startRow: 0, endRow: 10 });
    expect(after.total).toBe(1);
    expect(after.rows.map((row) => row.id)).toEqual([ids[2]]);
    expect((await core.call('attachments/missingInvoices', { period: '2021-12' })).total).toBe(0);
  });

  it('lists records without an invoice in date order, undated ones first, on either backend', async () => {
    const { core, ids } = await ledgerWithRecords(2);
    const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: { ...SAMPLE, date: null, invoiceNo: null } }] });
    const { rows, total } = await core.call('attachments/missingInvoices', { startRow: 0, endRow: 10 });
    expect(total).toBe(3);
    expect(rows.map((r) => r.id)).toEqual([changes[0].id, ...ids]);
  });

  it('cli attach stores and links a file through a real process', async () => {
    const { core, file, ids } = await ledgerWithRecords(1);
    core.close();
    const dir = tempDir();
    const pdfPath = path.join(dir, '发票 2021-11.pdf');
    fs.writeFileSync(pdfPath, tinyPdf());
    const ROOT = path.resolve(__dirname, '../..');
    const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    const ok = cli(['attach', file, '--record', String(ids[0]), '--file', pdfPath, '--json']);
    expect(ok.status).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect(json).toEqual({ attachment: { id: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(stored(file)).toEqual([json.attachment.sha256]);
    if (onFile) expect(fs.existsSync(storedPath(filesDirOf(file), json.attachment.sha256))).toBe(true);
    expect(cli(['attach', file, '--file', pdfPath, '--json']).status).toBe(2);
    expect(cli(['attach', file, '--record', String(ids[0]), '--file', pdfPath, '--role', '收据', '--json']).status).toBe(2);
    expect(cli(['verify', file, '--json']).status).toBe(0);
  });
});
