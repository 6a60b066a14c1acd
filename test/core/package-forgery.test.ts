/**
 * Issue 15 §1: `verify package.zip` recomputes what it vouches for. Real packages are built from
 * real ledgers; each forgery re-zips the real bytes with one thing changed (and the manifest's
 * file hashes brought up to date, so only the figures can give it away), and `cli verify` must
 * exit 1 naming the problem.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFile, MANIFEST_NAME, type Manifest } from '../../electron/core/package/manifest';
import { readZip, writeZip } from '../../electron/core/package/zip';
import { coreWithLedger, SAMPLE } from './support';

const ROOT = path.resolve(__dirname, '../..');

function cliVerify(file: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), 'verify', file, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, json: JSON.parse(r.stdout) as { ok: boolean; problems: { code: string; message: string }[]; forced?: { reason: string; unwaivedErrors: number } } };
}

function cliVerifyText(file: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), 'verify', file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

const REPORT = 'report-2021-11-v1.xlsx';

/** The real package with its parts changed; the manifest's file list rehashed unless told not to. */
function forge(pkg: Uint8Array, change: { manifest?(m: Manifest): void; workbook?(wb: XLSX.WorkBook): void; files?(f: Map<string, Uint8Array>): void }, rehash = true): Uint8Array {
  const files = readZip(pkg);
  const manifest = JSON.parse(Buffer.from(files.get(MANIFEST_NAME)!).toString('utf8')) as Manifest;
  if (change.workbook) {
    const wb = XLSX.read(files.get(REPORT));
    change.workbook(wb);
    files.set(REPORT, new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer));
  }
  change.files?.(files);
  if (rehash) manifest.files = manifest.files.map((f) => (files.has(f.path) ? describeFile(f.path, files.get(f.path)!) : f));
  change.manifest?.(manifest);
  files.set(MANIFEST_NAME, new Uint8Array(Buffer.from(JSON.stringify(manifest, null, 2))));
  return writeZip(files);
}

function setSummary(wb: XLSX.WorkBook, label: string, value: unknown) {
  const ws = wb.Sheets['汇总'];
  const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
  const r = rows.findIndex((row) => row[0] === label);
  if (r < 0) throw new Error(`no ${label}`);
  XLSX.utils.sheet_add_aoa(ws, [[value]], { origin: { r, c: 1 } });
}

const clean = (date: string, amountFen: number, invoiceNo: string, extra: Record<string, unknown> = {}) => ({
  ...SAMPLE,
  creditCode: '12100000400000624D',
  purchaserType: '事业单位',
  date,
  amountFen,
  quantity: 1,
  unitPrice: amountFen / 100,
  invoiceNo,
  ...extra,
});

let dir: string;
let plain: Uint8Array;
let forced: Uint8Array;
let plainRecords: number;

beforeAll(async () => {
  // Not tempDir(): that one is emptied after each test, and these files outlive beforeAll.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-forgery-'));
  // A clean month (13 records, one with a document) that packages without force …
  const a = await coreWithLedger();
  const ops = Array.from({ length: 13 }, (_, i) => ({
    type: 'insert' as const,
    values: clean(`2021-11-${String(i + 1).padStart(2, '0')}`, 100_000 + i * 1_234, `213120000000000001${String(i).padStart(2, '0')}`, i === 4 ? { kind: '服务', personTimes: 12, channel: '其他' } : {}),
  }));
  await a.core.call('records/apply', { label: '录入', ops });
  const { rows } = await a.core.call('records/list', { startRow: 0, endRow: 1, period: '2021-11', sort: [{ field: 'id', dir: 'asc' }] });
  await a.core.call('attachments/add', { target: { entity: 'record', id: rows[0].id }, role: '发票', fileName: '发票.pdf', content: new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n')) });
  const built = await a.core.call('package/build', { period: '2021-11' });
  plain = built.content;
  plainRecords = built.records;
  // … and a demo ledger's month, which has errors and is packaged only by force.
  const b = await coreWithLedger();
  await b.core.call('demo/generate', { rows: 400, seed: 7 });
  const month = (await b.core.call('periods/list', {})).periods.find((p) => p.records > 10)!.month;
  // The demo's records are clean; two a unit might send make the month's errors.
  await b.core.call('records/apply', {
    label: '录入',
    ops: [
      { type: 'insert', values: clean(`${month}-10`, 50_000, '21312000000000000901', { originCode: '110101' }) },
      { type: 'insert', values: clean(`${month}-11`, 0, '21312000000000000902') },
    ],
  });
  await expect(b.core.call('package/build', { period: month })).rejects.toMatchObject({ code: 'PACKAGE_BLOCKED' });
  const f = await b.core.call('package/build', { period: month, forceReason: '市里要求月底前先报' });
  forced = f.content;
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

function expectRefused(name: string, bytes: Uint8Array, code: string) {
  const r = cliVerify(write(name, bytes));
  expect(r.code, JSON.stringify(r.json)).toBe(1);
  expect(r.json.ok).toBe(false);
  expect(r.json.problems.map((p) => p.code)).toContain(code);
  for (const p of r.json.problems) expect(p.message).toMatch(/[\u4e00-\u9fa5]/);
  return r.json.problems;
}

describe('verify package.zip recomputes what it vouches for', { timeout: 240_000 }, () => {
  it('passes the real packages, printing the figures it recomputed', () => {
    expect(plainRecords).toBe(13);
    const r = cliVerify(write('plain.zip', plain));
    expect(r).toMatchObject({ code: 0, json: { ok: true, problems: [] } });
    const text = cliVerifyText(path.join(dir, 'plain.zip'));
    expect(text.stdout).toContain('13 条');
    expect(text.stdout).toContain('2021-11');
  });

  it('manifest total ×10 and 113 records: refused, the figures from the detail named', () => {
    const problems = expectRefused('total.zip', forge(plain, { manifest: (m) => ((m.totalFen *= 10), (m.records += 100)) }), 'TOTAL_MISMATCH');
    expect(problems.map((p) => p.code)).toContain('RECORDS_MISMATCH');
    expect(problems.find((p) => p.code === 'RECORDS_MISMATCH')!.message).toContain('明细实有 13 条');
    // and the text answer does not print the forged figures as verified
    const text = cliVerifyText(path.join(dir, 'total.zip'));
    expect(text.status).toBe(1);
    expect(text.stdout).not.toContain('验证通过');
  });

  it('100 extra detail rows with the manifest made to match: the summary disagrees', () => {
    let added = 0;
    const bytes = forge(plain, {
      workbook: (wb) => {
        const ws = wb.Sheets['明细'];
        const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
        const copies = Array.from({ length: 100 }, () => rows[1]);
        XLSX.utils.sheet_add_aoa(ws, copies, { origin: -1 });
        added = copies.reduce((s, r) => s + Math.round(Number(r[11]) * 100), 0);
      },
      manifest: (m) => ((m.records += 100), (m.totalFen += added)),
    });
    expectRefused('rows.zip', bytes, 'SUMMARY_MISMATCH');
  });

  it('extra rows with the summary’s totals made to match too: the breakdowns disagree', () => {
    let addedFen = 0;
    const bytes = forge(plain, {
      workbook: (wb) => {
        const ws = wb.Sheets['明细'];
        const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
        XLSX.utils.sheet_add_aoa(ws, Array.from({ length: 100 }, () => rows[1]), { origin: -1 });
        const summary = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['汇总'], { header: 1 });
        const month = Number(summary.find((r) => r[0] === '本月金额（元）')![1]);
        const households = Number(summary.find((r) => r[0] === '带动脱贫户（户）')![1]);
        setSummary(wb, '本月笔数', 113);
        setSummary(wb, '本月金额（元）', Math.round((month + 100 * Number(rows[1][11])) * 100) / 100);
        setSummary(wb, '带动脱贫户（户）', households + 100 * Number(rows[1][14]));
        setSummary(wb, '本年累计（元）', 10_000_000);
        addedFen = 100 * Math.round(Number(rows[1][11]) * 100);
      },
      manifest: (m) => {
        m.records = 113;
        m.totalFen += addedFen;
      },
    });
    const problems = expectRefused('rows-and-summary.zip', bytes, 'SUMMARY_MISMATCH');
    expect(problems.map((p) => p.message).join('\n')).toMatch(/主体类型|销售渠道|产品类别|产地/);
  });

  it('a changed office: refused', () => {
    expectRefused('office.zip', forge(plain, { manifest: (m) => (m.office = '闵行区合作交流办') }), 'OFFICE_MISMATCH');
  });

  it('a changed month: refused (the report, the summary and the detail dates are November)', () => {
    const problems = expectRefused('month.zip', forge(plain, { manifest: (m) => (m.period = '2021-10') }), 'PERIOD_MISMATCH');
    expect(problems[0].message).toContain('2021-10');
    // the workbook renamed to the forged month too: its summary and its dates still say November
    const renamed = forge(plain, {
      files: (f) => {
        f.set('report-2021-10-v1.xlsx', f.get(REPORT)!);
        f.delete(REPORT);
      },
      manifest: (m) => {
        m.period = '2021-10';
        m.files = m.files.map((x) => (x.path === REPORT ? { ...x, path: 'report-2021-10-v1.xlsx' } : x));
      },
    });
    const codes = expectRefused('month-renamed.zip', renamed, 'PERIOD_MISMATCH').map((p) => p.code);
    expect(codes).toContain('DETAIL_OUTSIDE_PERIOD');
  });

  it('a changed audit head: refused', () => {
    expectRefused('head.zip', forge(plain, { manifest: (m) => (m.auditHead = { seq: m.auditHead.seq + 5, hash: 'ab'.repeat(32) }) }), 'AUDIT_HEAD_MISMATCH');
    expectRefused('head-bad.zip', forge(plain, { manifest: (m) => (m.auditHead = { seq: -1, hash: 'x' }) }), 'AUDIT_HEAD_INVALID');
  });

  it('a forced package says so; with forcedReason / unwaivedErrors removed it is refused', () => {
    const ok = cliVerify(write('forced.zip', forced));
    expect(ok.code).toBe(0);
    expect(ok.json.ok).toBe(true);
    expect(ok.json.forced).toMatchObject({ reason: '市里要求月底前先报', unwaivedErrors: expect.any(Number) });
    expect(ok.json.forced!.unwaivedErrors).toBeGreaterThan(0);
    const text = cliVerifyText(path.join(dir, 'forced.zip')).stdout;
    expect(text).toContain('强制报送');
    expect(text).toContain('市里要求月底前先报');

    expectRefused('unforced.zip', forge(forced, { manifest: (m) => (delete m.forcedReason, delete m.unwaivedErrors) }), 'FORCED_UNDECLARED');
    expectRefused('fewer.zip', forge(forced, { manifest: (m) => (m.unwaivedErrors = 1) }), 'FORCED_MISMATCH');
  });

  it('the forced package’s summary sheet says it was forced, with the reason and the count', () => {
    const files = readZip(forced);
    const name = [...files.keys()].find((n) => n.startsWith('report-'))!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(files.get(name)).Sheets['汇总'], { header: 1 });
    expect(String(rows[1][0])).toMatch(/^注意：强制报送。本月仍有 \d+ 个未豁免的错误/);
    expect(rows.find((r) => r[0] === '强制报送原因')?.[1]).toBe('市里要求月底前先报');
    const manifest = JSON.parse(Buffer.from(files.get(MANIFEST_NAME)!).toString()) as Manifest;
    expect(rows.find((r) => r[0] === '未豁免的错误（个）')?.[1]).toBe(manifest.unwaivedErrors);
  });

  it('documents: one swapped for other bytes under its hash name, or left out of the index, is refused', () => {
    const doc = [...readZip(plain).keys()].find((n) => n.startsWith('documents/'))!;
    expectRefused('doc.zip', forge(plain, { files: (f) => f.set(doc, new Uint8Array(Buffer.from('%PDF-1.4 forged\n'))) }), 'DOCUMENT_HASH_MISMATCH');
    const index = forge(plain, {
      files: (f) => {
        const book = XLSX.utils.book_new();
        XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['记录编号', '用途', '原文件名', '包内文件']]), '附件索引');
        f.set('document-index.xlsx', new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer));
      },
    });
    expectRefused('index.zip', index, 'DOCUMENT_UNINDEXED');
  });
});
