/**
 * A sheet titled with one month (`2021年11月…`) is the unit's report for that month: its records
 * are placed in it (records.period), so a purchase of another month in it is DATE_OUTSIDE_PERIOD,
 * in the preview as in 检查. A sheet stating no single month places nothing.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { coreWithLedger, readLedger } from './support';

function titled(title: string, rows: unknown[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[title], ['日期', '采购单位', '产品名称', '产地', '金额（元）'], ...rows]), 'Sheet1');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

const ROWS = [
  ['11月5日', '区教育局', '勐海普洱茶', '勐海县', 100],
  ['10月28日', '区教育局', '昭通苹果', '昭阳区', 200],
  ['2021-11-20', '区民政局', '莎车巴旦木', '莎车县', 300],
];

function periods(file: string): (string | null)[] {
  return readLedger(file, (db) => (db.prepare('SELECT period FROM records ORDER BY id').all() as { period: string | null }[]).map((r) => r.period));
}

describe('records.period from the month a sheet states', () => {
  it('places every record of a sheet titled 2021年11月 in 2021-11; the October purchase is DATE_OUTSIDE_PERIOD before and after the commit', async () => {
    const { core, file } = await coreWithLedger();
    const preview = await core.call('imports/preview', { fileName: '教育局.xlsx', content: titled('2021年11月消费帮扶采购台账', ROWS) });
    expect(preview.rows.map((r) => r.values.date)).toEqual(['2021-11-05', '2021-10-28', '2021-11-20']);
    const outside = (findings: { code: string; sourceRow: number; message: string }[]) => findings.filter((f) => f.code === 'DATE_OUTSIDE_PERIOD');
    expect(outside(preview.checks.findings).map((f) => [f.sourceRow, f.message])).toEqual([[4, '记录归入 2021-11，但日期是 2021-10-28']]);

    await core.call('imports/commit', { stageId: preview.stageId });
    expect(periods(file)).toEqual(['2021-11', '2021-11', '2021-11']);
    const report = await core.call('checks/run', {});
    expect(report.issues.filter((i) => i.code === 'DATE_OUTSIDE_PERIOD').map((i) => i.message)).toEqual(['记录归入 2021-11，但日期是 2021-10-28']);
    // the October purchase belongs to November's checks too, where the unit reported it
    expect((await core.call('checks/run', { period: '2021-11' })).records).toBe(3);
  });

  it('places nothing when the sheet states a quarter, or no month at all', async () => {
    const { core, file } = await coreWithLedger();
    await core.call('imports/file', { fileName: 'q4.xlsx', content: titled('2021年四季度消费帮扶采购台账', ROWS) });
    await core.call('imports/file', { fileName: 'list.xlsx', content: titled('消费帮扶采购台账', [['2021-12-01', '区科委', '木耳', '勐海县', 400]]) });
    expect(periods(file)).toEqual([null, null, null, null]);
    expect((await core.call('checks/run', {})).issues.filter((i) => i.code === 'DATE_OUTSIDE_PERIOD')).toEqual([]);
  });
});
