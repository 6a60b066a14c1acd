/**
 * Export: the workbook is formatted as issue 3 asks (read back byte by byte with SheetJS),
 * text that could run as a formula is neutralised, and importing the export into a fresh
 * ledger gives exactly the same records (the round trip).
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../shared/domain/record';
import { RECORD_FIELDS } from '../../shared/record-fields';
import { isPostgres } from '../../electron/core/db/connection';
import { coreWithLedger, SAMPLE, TEST_BACKEND } from './support';

type Core = Awaited<ReturnType<typeof coreWithLedger>>['core'];

/** The cursors the ledger's connection holds open (a file has none). */
function openCursors(core: Core): string[] {
  const db = core.ctx.ledger!.db;
  return isPostgres(db) ? (db.prepare('SELECT statement FROM pg_cursors').pluck().all() as string[]) : [];
}

async function allRecords(core: Core): Promise<LedgerRecord[]> {
  const { rows } = await core.call('records/list', { startRow: 0, endRow: 5000, sort: [{ field: 'id', dir: 'asc' }] });
  return rows;
}

/** The fields a round trip must keep (ids, batch and timestamps belong to the ledger, not the data). */
function dataOf(r: LedgerRecord) {
  return Object.fromEntries(RECORD_FIELDS.map((f) => [f.key, r[f.key]]));
}

function sheetXml(bytes: Uint8Array, n: number): string {
  const zip = XLSX.CFB.read(Buffer.from(bytes), { type: 'buffer' });
  const i = (zip.FullPaths as string[]).findIndex((p) => p.endsWith(`/xl/worksheets/sheet${n}.xml`));
  return Buffer.from(zip.FileIndex[i].content).toString('utf8');
}

const TRICKY = [
  { ...SAMPLE, remark: '=HYPERLINK("http://evil","点我")', productName: '+普洱茶', supplierName: '@合作社' },
  { ...SAMPLE, date: '2021-12-31', remark: '-2+3', invoiceNo: '044031900111-12345678', amountFen: 1, quantity: 0.333, unitPrice: 0.03, households: null, originCode: '653125' },
  // what a user typed with an apostrophe stays apart from what the export neutralised
  { ...SAMPLE, date: '2022-01-02', productName: "'=x", remark: '=x', supplierName: "''+1", orderNo: "'", amountFen: 999_999_999_999_999 },
  { ...SAMPLE, date: '2022-01-03', productName: '=x', remark: "'=x", amountFen: -999_999_999_999_999 },
  { ...SAMPLE, date: '2022-01-01', purchaserName: '上海市松江区总工会', creditCode: '81310117MC0000000Y', purchaserType: '工会', amountFen: 123456789, originCode: '500101', kind: '服务', personTimes: 42, remark: '@财务科 请核对' },
];

describe('export', () => {
  it('writes a formatted workbook that imports back to the same records', async () => {
    const { core } = await coreWithLedger('source.db');
    await core.call('demo/generate', { rows: 400, seed: 7 });
    await core.call('records/apply', { label: '录入', ops: TRICKY.map((values) => ({ type: 'insert' as const, values })) });
    const before = await allRecords(core);

    const out = await core.call('exports/ledger', { sort: [{ field: 'id', dir: 'asc' }] });
    expect(out.records).toBe(before.length);
    expect(out.fileName).toMatch(/^松江区合作交流办-台账明细-全部-\d{8}\.xlsx$/);

    const wb = XLSX.read(out.content, { type: 'buffer', cellNF: true });
    const ws = wb.Sheets[wb.SheetNames[0]];
    expect(wb.SheetNames[0]).toBe('台账明细');
    expect(XLSX.utils.sheet_to_json<string[]>(ws, { header: 1 })[0]).toEqual(RECORD_FIELDS.map((f) => f.label));
    // dates are date cells, amounts numbers in 元 with two decimals, codes text
    const last = before.length + 1;
    const dateCell = ws[`A${last}`];
    expect(dateCell.t).toBe('n');
    expect(dateCell.z).toBe('yyyy-mm-dd');
    expect(dateCell.w).toBe('2022-01-01');
    const amountCol = XLSX.utils.encode_col(RECORD_FIELDS.findIndex((f) => f.key === 'amountFen'));
    expect(ws[`${amountCol}${last}`]).toMatchObject({ t: 'n', v: 1234567.89, z: '#,##0.00' });
    const invoiceCol = XLSX.utils.encode_col(RECORD_FIELDS.findIndex((f) => f.key === 'invoiceNo'));
    expect(ws[`${invoiceCol}${last}`]).toMatchObject({ t: 's', v: SAMPLE.invoiceNo });
    // formula injection: every dangerous text starts with an apostrophe, no cell is a formula
    const remarkCol = XLSX.utils.encode_col(RECORD_FIELDS.findIndex((f) => f.key === 'remark'));
    expect(ws[`${remarkCol}${last - 4}`].v).toBe(`'${TRICKY[0].remark}`);
    expect(ws[`${remarkCol}${last}`].v).toBe(`'@财务科 请核对`);
    expect(ws[`${remarkCol}${last - 3}`].v).toBe(`'-2+3`);
    expect(ws[`${remarkCol}${last - 2}`].v).toBe(`'=x`);
    expect(ws[`${remarkCol}${last - 1}`].v).toBe(`''=x`);
    expect(Object.values(ws).some((c) => typeof c === 'object' && c && 'f' in c)).toBe(false);
    // the header row is frozen; every column has a width
    const xml = sheetXml(out.content, 1);
    expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(xml.match(/<col [^>]*width="[\d.]+"[^>]*customWidth="1"/g)).toHaveLength(RECORD_FIELDS.length);

    // the largest amount every path carries is a number the workbook keeps exactly
    const amountColOf = (row: number) => ws[`${amountCol}${row}`];
    expect(amountColOf(last - 2)).toMatchObject({ t: 'n', v: 9_999_999_999_999.99 });

    const target = await coreWithLedger('target.db');
    const imported = await target.core.call('imports/file', { fileName: out.fileName, content: out.content });
    expect(imported).toMatchObject({ status: 'imported', records: before.length, rejectedRows: 0 });
    const after = await allRecords(target.core);
    expect(after.map(dataOf)).toEqual(before.map(dataOf));
  });

  it('refuses an amount past what every path carries (|amount| < 10^15 fen), at every door, in Chinese', async () => {
    const { core } = await coreWithLedger();
    for (const amountFen of [9_007_199_254_740_991, 1_000_000_000_000_000, -1_000_000_000_000_000]) {
      await expect(core.call('records/apply', { ops: [{ type: 'insert', values: { ...SAMPLE, amountFen } }] })).rejects.toMatchObject({
        message: expect.stringContaining('金额超出'),
      });
    }
    const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    await expect(core.call('records/apply', { ops: [{ type: 'update', id: changes[0].id, values: { amountFen: 9_007_199_254_740_991 } }] })).rejects.toMatchObject({
      message: expect.stringContaining('金额超出'),
    });
    // an import reads such a cell as an amount it cannot take: never as a number past the bound
    const csv = `日期,采购单位,产品名称,产地,金额\n2021-11-05,松江区教育局,普洱茶,勐海县,90071992547409.91\n`;
    const r = await core.call('imports/file', { fileName: 'big.csv', content: new TextEncoder().encode(csv) });
    expect(r.records + r.rejectedRows).toBe(1);
    const { rows } = await core.call('records/list', { startRow: 0, endRow: 10, sort: [{ field: 'id', dir: 'asc' }] });
    expect(rows.map((x) => x.amountFen).filter((a) => a !== null && Math.abs(a) > 999_999_999_999_999)).toEqual([]);
  });

  it('exports a month or a filtered view only', async () => {
    const { core } = await coreWithLedger();
    await core.call('records/apply', { label: '录入', ops: TRICKY.map((values) => ({ type: 'insert' as const, values })) });
    const month = await core.call('exports/ledger', { period: '2021-12' });
    expect(month.records).toBe(1);
    expect(month.fileName).toContain('-2021-12-');
    const filtered = await core.call('exports/ledger', { filters: { purchaserName: { type: 'text', op: 'contains', value: '工会' } } });
    expect(filtered.records).toBe(1);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(XLSX.read(filtered.content).Sheets['台账明细']);
    expect(rows).toHaveLength(1);
    expect(rows[0]['购买主体']).toBe('上海市松江区总工会');
    // a selection with nothing in it is a workbook with the header alone
    const empty = await core.call('exports/ledger', { period: '2019-01' });
    expect(empty.records).toBe(0);
    const header = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(empty.content).Sheets['台账明细'], { header: 1 });
    expect(header[0]).toEqual(expect.arrayContaining(['日期', '购买主体', '统一社会信用代码']));
    expect(header.slice(1).flat()).toEqual([]);
  });

  it('exports the view the grid shows: a filter folds ASCII case, and empty cells sort first, on either backend', async () => {
    const { core } = await coreWithLedger();
    const values = (remark: string | null, date: string) => ({ ...SAMPLE, date, remark });
    await core.call('records/apply', {
      label: '录入',
      ops: [values('Invoice ABC', '2021-11-03'), values('invoice abc', '2021-11-02'), values(null, '2021-11-01'), values('abc 以外', '2021-11-04')].map((v) => ({ type: 'insert' as const, values: v })),
    });
    const view = { filters: { remark: { type: 'text' as const, op: 'contains' as const, value: 'INVOICE' } }, sort: [{ field: 'remark' as const, dir: 'asc' as const }] };
    const grid = await core.call('records/list', { ...view, startRow: 0, endRow: 100 });
    const out = await core.call('exports/ledger', view);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(XLSX.read(out.content).Sheets['台账明细']);
    expect(rows.map((r) => r['备注'])).toEqual(grid.rows.map((r) => r.remark));
    expect(rows).toHaveLength(2);
    const sorted = await core.call('exports/ledger', { sort: [{ field: 'remark', dir: 'asc' }] });
    expect(XLSX.utils.sheet_to_json<Record<string, unknown>>(XLSX.read(sorted.content).Sheets['台账明细'], { defval: null })[0]['备注']).toBeNull();
  });

  it('stops when cancelled and reports progress meanwhile', async () => {
    const { core } = await coreWithLedger();
    await core.call('demo/generate', { rows: 30_000, seed: 3 });
    const jobId = crypto.randomUUID();
    const running = core.invoke('exports/ledger', { jobId });
    let seen: unknown = null;
    for (let i = 0; i < 200 && !seen; i++) {
      await new Promise((r) => setTimeout(r, 5));
      seen = (await core.call('jobs/progress', { jobId })) as { done: number } | null;
    }
    expect(seen).toMatchObject({ phase: expect.any(String) });
    // on a server the rows wait there, in a cursor, not all in this process
    expect(openCursors(core)).toEqual(TEST_BACKEND === 'postgres' ? [expect.stringMatching(/^DECLARE export_rows_\d+ NO SCROLL CURSOR WITH HOLD/)] : []);
    expect(await core.call('jobs/cancel', { jobId })).toEqual({ cancelled: true });
    const r = await running;
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await core.call('jobs/progress', { jobId })).toBeNull();
    expect(openCursors(core)).toEqual([]);
  });
});

describe('template', () => {
  it('has the import layout, notes, drop-down lists, and imports once filled in', async () => {
    const { core } = await coreWithLedger();
    const t = await core.call('exports/template', {});
    const wb = XLSX.read(t.content);
    expect(wb.SheetNames).toEqual(['台账明细', '填表说明', '填写选项']);
    const xml = sheetXml(t.content, 1);
    expect(xml).toContain('state="frozen"');
    expect(xml).toMatch(/<dataValidation type="list"[^>]*sqref="D2:D5001"><formula1>'填写选项'!\$A\$2:\$A\$12<\/formula1>/);
    const options = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['填写选项'], { header: 1 });
    expect(options[0]).toContain('产地（县）');
    expect(options.flat()).toContain('新疆维吾尔自治区喀什地区莎车县');

    // a unit fills it in: the blank template's own first sheet, two rows typed below the header
    const sheet = wb.Sheets['台账明细'];
    XLSX.utils.sheet_add_aoa(sheet, [
      ['2021-11-05', '上海市松江区教育局', '', '党政机关', '莎车巴旦木', '加工食品', '新疆维吾尔自治区喀什地区莎车县', '', 10, '袋', 58, 580, '食堂直采', '', '', '货物'],
      ['2021/11/6', '上海市松江区教育局', '', '党政机关', '江孜青稞面', '粮油', '江孜县', '', 20, '袋', 50, 1000, '食堂直采', '', '', '货物'],
    ], { origin: 'A2' });
    const filled = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
    const r = await core.call('imports/file', { fileName: '教育局-11月.xlsx', content: new Uint8Array(filled) });
    expect(r).toMatchObject({ status: 'imported', records: 2, totalFen: 158_000, rejectedRows: 0 });
  });
});
