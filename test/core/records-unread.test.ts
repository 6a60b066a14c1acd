/**
 * The grid marks what the import could not read (AMOUNT_INVALID, DATE_INVALID,
 * VALUE_NOT_IN_LIST) with the same row rules as 检查: so the grid's rows carry `unread`, on
 * every page and after an edit, and the rules judge the row as it now stands.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { createRowChecker, type CheckRow } from '../../shared/checks/row-rules';
import type { LedgerRecord } from '../../shared/domain/record';
import { coreWithLedger } from './support';

function workbook(rows: unknown[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '明细');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

const check = createRowChecker({ today: '2026-12-02', isCounty: () => true, paired: [], largeAmountFen: 1e12, supplierKinds: new Map() });
const marks = (row: LedgerRecord) =>
  check(row as unknown as CheckRow)
    .filter((i) => ['AMOUNT_INVALID', 'DATE_INVALID', 'VALUE_NOT_IN_LIST'].includes(i.code))
    .map((i) => [i.code, i.fields, i.message]);

describe('records/list carries what the import could not read', () => {
  it('each unread finding lands on its own cell with the unit’s text, and an edit that fixes a cell clears only its mark', async () => {
    const { core } = await coreWithLedger();
    const r = await core.call('imports/file', {
      fileName: 'unit.xlsx',
      content: workbook([
        ['日期', '采购单位', '产品名称', '产地', '金额（元）', '销售渠道'],
        ['2021/11/31', '区教育局', '普洱茶', '勐海县', '五百块', '线下'],
        ['2021-11-05', '区民政局', '苹果', '昭阳区', '300', '食堂直采'],
      ]),
    });
    expect(r).toMatchObject({ status: 'imported', records: 2 });

    const { rows } = await core.call('records/list', { startRow: 0, endRow: 10, sort: [], filters: {} });
    expect(rows[0].unread).toEqual({ date: '2021/11/31', amountFen: '五百块', channel: '线下' });
    expect(rows[1].unread ?? null).toBeNull();
    expect(marks(rows[0])).toEqual([
      ['DATE_INVALID', ['date'], '日期“2021/11/31”不是真实存在的日期'],
      ['AMOUNT_INVALID', ['amountFen'], '金额（元）“五百块”无法识别为数字'],
      ['VALUE_NOT_IN_LIST', ['channel'], '销售渠道“线下”不在列表中，已记为其他'],
    ]);
    expect(marks(rows[1])).toEqual([]);

    // The clerk types the amount: the row the grid gets back still carries the other cells'
    // findings, and the amount's is gone (also for 检查, which reads the same row).
    const { changes } = await core.call('records/apply', { label: '改金额', ops: [{ type: 'update', id: rows[0].id, values: { amountFen: 50000 } }] });
    expect(marks(changes[0].after!)).toEqual([
      ['DATE_INVALID', ['date'], '日期“2021/11/31”不是真实存在的日期'],
      ['VALUE_NOT_IN_LIST', ['channel'], '销售渠道“线下”不在列表中，已记为其他'],
    ]);
    const { changes: more } = await core.call('records/apply', { label: '改渠道', ops: [{ type: 'update', id: rows[0].id, values: { channel: '食堂直采' } }] });
    expect(marks(more[0].after!).map(([code]) => code)).toEqual(['DATE_INVALID']);
    const report = await core.call('checks/run', {});
    const codes = report.issues.filter((i) => i.recordId === rows[0].id).map((i) => i.code);
    expect(codes).toContain('DATE_INVALID');
    expect(codes).not.toContain('AMOUNT_INVALID');
    expect(codes).not.toContain('VALUE_NOT_IN_LIST');
  });
});
