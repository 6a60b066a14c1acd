/**
 * Invoice cells as units write them, imported from real xlsx bytes: two invoices separated by a
 * space stay two, so the same invoice counted by a union and by its employer is found.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { coreWithLedger } from './support';

function workbook(rows: unknown[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '明细');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

describe('invoice cells', () => {
  it('keep space-separated invoices apart, so a double count across purchasers is found', async () => {
    const { core } = await coreWithLedger();
    const content = workbook([
      ['日期', '采购单位', '产品名称', '产地', '金额（元）', '发票号码'],
      ['2021-11-05', '松江区教育局工会', '勐海普洱茶', '勐海县', '1,280.50', '12345678 12345679'],
      ['2021-11-06', '松江区教育局', '勐海普洱茶', '勐海县', '640', '12345679'],
      ['2021-11-07', '松江区中心医院', '昭通苹果', '昭阳区', '300', '033002100111 00012345'],
    ]);
    expect(await core.call('imports/file', { fileName: 'a.xlsx', content })).toMatchObject({ status: 'imported', records: 3 });
    const { rows } = await core.call('records/list', { startRow: 0, endRow: 10, sort: [{ field: 'date', dir: 'asc' }], filters: {} });
    expect(rows.map((r) => r.invoiceNo)).toEqual(['12345678、12345679', '12345679', '033002100111-00012345']);
    const report = await core.call('checks/run', {});
    const duplicate = report.issues.filter((i) => i.code === 'INVOICE_DUPLICATE');
    expect(duplicate.map((i) => i.recordId).sort()).toEqual([rows[0].id, rows[1].id].sort());
    expect(report.issues.filter((i) => i.code === 'INVOICE_FORMAT')).toEqual([]);
  });
});
