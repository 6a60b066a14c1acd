/**
 * Rows of a file that repeat ledger records, as the preview shows them (possible duplicates and
 * the INVOICE_DUPLICATE / RECORD_DUPLICATE findings): whole invoice numbers, alone in a cell or
 * among several; the same purchase; a re-saved row whose amount could not be read. The ledger is
 * asked for all rows at once (import-batches/ledger-matches.ts).
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { multiNumberCellsDuring } from '../../electron/core/import-batches/ledger-matches';
import { coreWithLedger } from './support';

function workbook(rows: unknown[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '明细');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

const HEADER = ['日期', '采购单位', '产品名称', '产地', '金额', '发票号码'];
const record = (date: string, purchaserName: string, productName: string, amountFen: number, invoiceNo: string | null) => ({
  type: 'insert' as const,
  values: { date, purchaserName, productName, originCode: '532822', amountFen, invoiceNo },
});

describe('possible duplicates of ledger records in a previewed file', () => {
  it('finds whole invoice numbers (alone or among several), the same purchase, and a re-saved unreadable row', async () => {
    const { core } = await coreWithLedger();
    const { changes } = await core.call('records/apply', {
      label: '录入',
      ops: [
        record('2021-10-01', '区教育局', '普洱茶', 10000, '12345678、87654321'),
        record('2021-10-02', '区民政局', '苹果', 20000, '21532000000000000001'),
        record('2021-10-03', '区卫健委', '蜜橘', 30000, '21532000099999999000'),
        record('2021-10-04', '区总工会', '核桃', 40000, null),
      ],
    });
    const [multi, exact, , same] = changes.map((c) => c.id);
    await core.call('imports/file', {
      fileName: 'oct.xlsx',
      content: workbook([HEADER, ['2021-10-05', '区科委', '木耳', '勐海县', '五百块', ''], ['十月中旬', '区科委', '香菇', '勐海县', '600', '']]),
    });
    const [unreadRecord, unreadDate] = (await core.call('records/list', { startRow: 0, endRow: 10, sort: [], filters: {} })).rows.slice(-2).map((r) => r.id);

    const preview = await core.call('imports/preview', {
      fileName: 'nov.xlsx',
      content: workbook([
        HEADER,
        ['2021-11-01', '区文旅局', '茶叶', '勐海县', '100', '87654321'],
        ['2021-11-02', '区文旅局', '茶叶', '勐海县', '200', '21532000000000000001'],
        // a short number, and a whole number that only occurs inside a longer one: not the same invoice
        ['2021-11-03', '区文旅局', '茶叶', '勐海县', '300', '1234'],
        ['2021-11-04', '区文旅局', '茶叶', '勐海县', '400', '99999999'],
        ['2021-10-04', '区总工会', '核桃', '勐海县', '400', ''],
        ['2021-10-05', '区科委', '木耳', '勐海县', '五百块', ''],
        ['2021-11-07', '区文旅局', '茶叶', '勐海县', '700', ''],
        // an unreadable date with a readable amount: the same record again, and one whose amount differs
        ['十月中旬', '区科委', '香菇', '勐海县', '600', ''],
        ['十月中旬', '区科委', '香菇', '勐海县', '601', ''],
      ]),
    });
    expect(preview.duplicates.map((d) => [d.sourceRow, d.recordId, d.reason])).toEqual([
      [2, multi, 'invoice'],
      [3, exact, 'invoice'],
      [6, same, 'same-purchase'],
      [7, unreadRecord, 'same-purchase'],
      [9, unreadDate, 'same-purchase'],
    ]);
    expect(preview.duplicates[0].message).toBe(`发票号码 87654321 已记在记录 ${multi} 上`);

    const findings = preview.checks.findings.filter((f) => f.code === 'INVOICE_DUPLICATE' || f.code === 'RECORD_DUPLICATE');
    expect(findings.map((f) => [f.sourceRow, f.code])).toEqual([
      [2, 'INVOICE_DUPLICATE'],
      [3, 'INVOICE_DUPLICATE'],
      [6, 'RECORD_DUPLICATE'],
    ]);
    expect(findings[0].message).toContain(`台账记录 ${multi}`);
    expect(findings[2].message).toContain(`台账记录 ${same}`);
  });

  it('reads the several-number cells while the parse runs, and again if the ledger changed meanwhile', async () => {
    const { core } = await coreWithLedger();
    await core.call('records/apply', { label: '录入', ops: [record('2021-10-01', '区教育局', '普洱茶', 10000, '12345678、87654321')] });
    const db = core.ctx.ledger!.db;
    const [, unchanged] = await multiNumberCellsDuring(db, Promise.resolve());
    expect(unchanged.map((c) => c.numbers)).toEqual([['12345678', '87654321']]);
    // a record with several numbers written while the parse ran
    const writing = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 10)); // after the first read
      await core.call('records/apply', { label: '录入', ops: [record('2021-10-02', '区民政局', '苹果', 20000, '11112222，33334444')] });
    })();
    const [, changed] = await multiNumberCellsDuring(db, writing);
    expect(changed.map((c) => c.numbers.join(',')).sort()).toEqual(['11112222,33334444', '12345678,87654321']);
  });
});
