/**
 * The submission package: built from a month of real records, read back file by file, verified
 * against its manifest; one changed byte, a missing file or an added one is caught.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { JobRegistry } from '../../electron/core/jobs/registry';
import { buildPackage } from '../../electron/core/package/build';
import { MANIFEST_NAME, sha256Hex } from '../../electron/core/package/manifest';
import { verifyPackage } from '../../electron/core/package/verify';
import { readZip, writeZip } from '../../electron/core/package/zip';
import { coreWithLedger, SAMPLE } from './support';
import { storedDocuments } from '../support/stored-documents';

const noJob = () => new JobRegistry().run(undefined, (job) => job);

/** A record no check calls an error: valid credit code, amount = quantity × price, own invoice. */
function clean(date: string, amountFen: number, invoiceNo: string, extra: Record<string, unknown> = {}) {
  return { ...SAMPLE, creditCode: '12100000400000624D', purchaserType: '事业单位', date, amountFen, quantity: 1, unitPrice: amountFen / 100, invoiceNo, ...extra };
}

async function ledgerWithNovember() {
  const { core } = await coreWithLedger();
  await core.call('records/apply', {
    label: '录入',
    ops: [
      { type: 'insert', values: clean('2021-11-03', 100_000, '21312000000000000101') },
      { type: 'insert', values: clean('2021-11-20', 250_050, '21312000000000000102', { remark: '=1+1' }) },
      { type: 'insert', values: clean('2021-12-01', 999_999, '21312000000000000103') },
    ],
  });
  return core;
}

describe('submission package', () => {
  it('holds the report workbook and a manifest of every file, and verifies', async () => {
    const core = await ledgerWithNovember();
    const pkg = await buildPackage(core.ctx.ledger!, core.ctx.reference, { period: '2021-11', version: 1, checks: { issues: [] }, job: await noJob() });
    expect(pkg.fileName).toBe('松江区合作交流办-2021-11-报送包-第1版.zip');
    expect(pkg.sha256).toBe(sha256Hex(pkg.content));
    expect(pkg.manifest).toMatchObject({ period: '2021-11', version: 1, records: 2, totalFen: 350_050 });
    expect(pkg.manifest.auditHead.seq).toBeGreaterThan(0);

    const files = readZip(pkg.content);
    expect([...files.keys()].sort()).toEqual([MANIFEST_NAME, 'audit/entries.jsonl', 'audit/records.jsonl', 'document-index.xlsx', 'report-2021-11-v1.xlsx'].sort());
    const wb = XLSX.read(files.get('report-2021-11-v1.xlsx'));
    expect(wb.SheetNames).toEqual(['汇总', '明细', '预留份额', '检查结果']);
    expect(XLSX.utils.sheet_to_json(wb.Sheets['明细'])).toHaveLength(2);
    const summary = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['汇总'], { header: 1 });
    expect(summary.find((r) => r[0] === '本月金额（元）')?.[1]).toBe(3500.5);

    expect(verifyPackage(pkg.content)).toMatchObject({ ok: true, problems: [] });
  });

  it('shows in 明细 the purchaser type 汇总 counted, 名录’s where the record gives none, so the package verifies', async () => {
    const { core } = await coreWithLedger();
    // no type on the record: 名录 takes 事业单位 from the credit code (12…), and the report counts it so
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: clean('2021-11-03', 100_000, '21312000000000000101', { purchaserType: null }) }] });
    const pkg = await buildPackage(core.ctx.ledger!, core.ctx.reference, { period: '2021-11', version: 1, checks: { issues: [] }, job: await noJob() });
    const wb = XLSX.read(readZip(pkg.content).get('report-2021-11-v1.xlsx'));
    expect(XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['明细']).map((r) => r['主体类型'])).toEqual(['事业单位']);
    expect(verifyPackage(pkg.content)).toMatchObject({ ok: true, problems: [] });
  });

  it('names a changed, a missing and an added file', async () => {
    const core = await ledgerWithNovember();
    const pkg = await buildPackage(core.ctx.ledger!, core.ctx.reference, { period: '2021-11', version: 1, checks: { issues: [] }, job: await noJob() });
    const files = readZip(pkg.content);
    const workbookName = 'report-2021-11-v1.xlsx';

    const changed = new Map(files);
    const bytes = new Uint8Array(changed.get(workbookName)!);
    bytes[100] ^= 0xff;
    changed.set(workbookName, bytes);
    // the file check names it first; the figures read from the damaged file then fail as well
    expect(verifyPackage(writeZip(changed)).problems.map((p) => p.code)[0]).toBe('FILE_CHANGED');

    const missing = new Map(files);
    missing.delete('document-index.xlsx');
    expect(verifyPackage(writeZip(missing)).problems.map((p) => p.code)).toEqual(['FILE_MISSING', 'DOCUMENT_INDEX_MISSING']);

    const added = new Map(files);
    added.set('documents/extra.pdf', new Uint8Array([37, 80, 68, 70]));
    expect(verifyPackage(writeZip(added)).problems.map((p) => p.code)).toEqual(['FILE_ADDED', 'DOCUMENT_HASH_MISMATCH', 'DOCUMENT_UNINDEXED']);

    // one flipped byte in the zip itself (inside a compressed entry) is caught too
    const raw = new Uint8Array(pkg.content);
    raw[200] ^= 0x01;
    expect(verifyPackage(raw).ok).toBe(false);
    expect(verifyPackage(new Uint8Array([1, 2, 3])).problems[0].code).toBe('PACKAGE_UNREADABLE');
  });

  it('refuses while unwaived errors remain, unless forced with a reason the package carries', async () => {
    const core = await ledgerWithNovember();
    const checks = {
      issues: [
        { code: 'ORIGIN_NOT_PAIRED', severity: 'error' as const, recordId: 1, message: '产地不是对口帮扶地区' },
        { code: 'LARGE_AMOUNT', severity: 'warning' as const, recordId: 2, message: '金额较大' },
        { code: 'INVOICE_DUPLICATE', severity: 'error' as const, recordId: 2, message: '发票重复', waiver: { reason: '工会与单位分摊', by: '测试员', at: '2021-12-02T08:00:00Z' } },
      ],
    };
    const blocked = buildPackage(core.ctx.ledger!, core.ctx.reference, { period: '2021-11', version: 1, checks, job: await noJob() });
    await expect(blocked).rejects.toMatchObject({ code: 'PACKAGE_BLOCKED' });
    // the clerk reads the checks' Chinese titles, never their codes
    const message = await blocked.catch((e: Error) => e.message);
    expect(message).toContain('（产地不在对口帮扶地区 1 个）');
    expect(message).not.toMatch(/[A-Z]{2,}_[A-Z]/);
    const pkg = await buildPackage(core.ctx.ledger!, core.ctx.reference, { period: '2021-11', version: 1, checks, forceReason: '市里要求先报', job: await noJob() });
    expect(pkg.manifest).toMatchObject({ forcedReason: '市里要求先报', unwaivedErrors: 1 });
    const wb = XLSX.read(readZip(pkg.content).get('report-2021-11-v1.xlsx'));
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['检查结果']);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ 代码: 'INVOICE_DUPLICATE', 是否豁免: '已豁免', 豁免原因: '工会与单位分摊' });
  });
});

describe('package/build', () => {
  it('checks, builds, locks the month; a resubmission after reopening is version 2', async () => {
    const core = await ledgerWithNovember();
    const r = await core.call('package/build', { period: '2021-11' });
    expect(r).toMatchObject({ records: 2, totalFen: 350_050, version: 1 });
    expect(verifyPackage(r.content).ok).toBe(true);

    // the month is locked: an edit of its records is refused, the ledger unchanged
    const { rows } = await core.call('records/list', { startRow: 0, endRow: 10, period: '2021-11', sort: [] });
    await expect(core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id: rows[0].id, values: { amountFen: 1 } }] })).rejects.toMatchObject({ code: 'PERIOD_LOCKED' });
    await expect(core.call('package/build', { period: '2021-11' })).rejects.toMatchObject({ code: 'PERIOD_SUBMITTED' });
    const periods = await core.call('periods/list', {});
    expect(periods.periods.find((p) => p.month === '2021-11')).toMatchObject({ status: 'submitted', packageSha256: r.sha256, version: 1 });

    await core.call('periods/reopen', { month: '2021-11', reason: '单位补报一张发票' });
    await core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id: rows[0].id, values: { amountFen: 120_000, unitPrice: 1200 } }] });
    const again = await core.call('package/build', { period: '2021-11' });
    expect(again).toMatchObject({ version: 2, totalFen: 370_050 });
    const history = await core.call('audit/history', { limit: 50 });
    expect(history.entries.map((e) => e.label)).toEqual(expect.arrayContaining(['报送 2021-11', '重新打开 2021-11：单位补报一张发票']));
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
  });

  it('is refused while an unwaived error remains, and forced only with a reason', async () => {
    const core = await ledgerWithNovember();
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: clean('2021-11-09', 0, '21312000000000000109') }] });
    await expect(core.call('package/build', { period: '2021-11' })).rejects.toMatchObject({ code: 'PACKAGE_BLOCKED' });
    expect((await core.call('periods/list', {})).periods.find((p) => p.month === '2021-11')?.status ?? 'open').toBe('open');
    await expect(core.call('package/build', { period: '2021-11', forceReason: 'x' })).rejects.toMatchObject({ code: 'BAD_ARGS' });
    const forced = await core.call('package/build', { period: '2021-11', forceReason: '市里要求月底前先报' });
    expect(verifyPackage(forced.content).manifest).toMatchObject({ forcedReason: '市里要求月底前先报', unwaivedErrors: expect.any(Number) });
  });

  it('carries the month’s documents by hash with an index, and refuses when a stored file is gone', async () => {
    const core = await ledgerWithNovember();
    const { rows } = await core.call('records/list', { startRow: 0, endRow: 10, period: '2021-11', sort: [{ field: 'id', dir: 'asc' }] });
    const pdf = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'));
    const added = await core.call('attachments/add', { target: { entity: 'record', id: rows[0].id }, role: '发票', fileName: '发票 21312000000000000101.pdf', content: pdf });
    const r = await core.call('package/build', { period: '2021-11' });
    const files = readZip(r.content);
    expect(Buffer.from(files.get(`documents/${added.link.sha256}.pdf`)!).equals(Buffer.from(pdf))).toBe(true);
    const index = XLSX.utils.sheet_to_json<Record<string, unknown>>(XLSX.read(files.get('document-index.xlsx')).Sheets['附件索引']);
    expect(index).toEqual([{ 记录编号: rows[0].id, 用途: '发票', 原文件名: '发票 21312000000000000101.pdf', 包内文件: `documents/${added.link.sha256}.pdf` }]);
    expect(verifyPackage(r.content).ok).toBe(true);

    await core.call('periods/reopen', { month: '2021-11', reason: '测试附件丢失' });
    storedDocuments(core.ctx.ledger!.path).lose(added.link.sha256);
    await expect(core.call('package/build', { period: '2021-11' })).rejects.toMatchObject({ code: expect.stringMatching(/ATTACHMENT_BROKEN|PACKAGE_BLOCKED/) });
  });
});

describe('the package zip', () => {
  it('stores documents that are compressed already, deflates the rest, and reads back in another reader', () => {
    const pdf = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(50_000, 7)]));
    const manifest = new Uint8Array(Buffer.from(JSON.stringify({ files: Array.from({ length: 200 }, (_, i) => ({ name: `documents/${i}.pdf` })) })));
    const files = new Map<string, Uint8Array>([
      ['documents/abc.pdf', pdf],
      [MANIFEST_NAME, manifest],
      ['空文件.txt', new Uint8Array(0)],
    ]);
    const zip = writeZip(files, new Date(2021, 10, 30, 15, 4, 6));
    // our guarded reader
    const back = readZip(zip);
    expect([...back.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [name, content] of files) expect(Buffer.from(back.get(name)!).equals(Buffer.from(content))).toBe(true);
    // the methods chosen: the PDF stored whole, the manifest deflated to less than its size
    expect(zip.byteLength).toBeGreaterThan(pdf.byteLength);
    expect(zip.byteLength).toBeLessThan(pdf.byteLength + manifest.byteLength);
    // an independent reader (SheetJS's zip code) agrees on names and bytes
    const cfb = XLSX.CFB.read(Buffer.from(zip), { type: 'buffer' });
    const pdfEntry = XLSX.CFB.find(cfb, '/documents/abc.pdf');
    expect(pdfEntry && Buffer.from(pdfEntry.content as Uint8Array).equals(Buffer.from(pdf))).toBe(true);
    const manifestEntry = XLSX.CFB.find(cfb, `/${MANIFEST_NAME}`);
    expect(manifestEntry && Buffer.from(manifestEntry.content as Uint8Array).toString()).toBe(Buffer.from(manifest).toString());
  });
});
