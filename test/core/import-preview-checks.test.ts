/**
 * The import preview runs the checks of 检查 on the file's rows before anything is written:
 * every row rule, and RECORD_DUPLICATE / INVOICE_DUPLICATE within the file and against the
 * ledger, per row and cell; a correction re-runs them and the summary follows. Real xlsx bytes,
 * real ledger files.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { coreWithLedger } from './support';

function workbook(rows: unknown[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '明细');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

const HEADER = ['日期', '采购单位', '统一社会信用代码', '产品名称', '产地', '数量', '单价', '金额（元）', '发票号码'];
const HOSPITAL = '12310117425030498B';

describe('the import preview runs the checks', () => {
  it('does not call a workbook with a future date, a wrong check character, an unpaired county and a mismatch "0 行有错"', async () => {
    const { core } = await coreWithLedger();
    const content = workbook([
      HEADER,
      ['2099-11-05', '松江区中心医院', HOSPITAL, '勐海普洱茶', '勐海县', 10, 128, 1280, '99312000000000000001'],
      ['2021-11-05', '松江区中心医院', '12310117425030498D', '勐海普洱茶', '勐海县', 10, 128, 1280, '21312000000000000002'],
      ['2021-11-06', '松江区中心医院', HOSPITAL, '北京烤鸭', '东城区', 10, 128, 1280, '21312000000000000003'],
      ['2021-11-07', '松江区中心医院', HOSPITAL, '昭通苹果', '昭阳区', 10, 50, 1280, '21312000000000000004'],
      ['2021-11-08', '松江区中心医院', HOSPITAL, '莎车巴旦木', '莎车县', 10, 128, 1280, '21312000000000000005'],
    ]);
    const preview = await core.call('imports/preview', { fileName: '四个问题.xlsx', content });
    const codes = (row: number) => preview.checks.findings.filter((f) => f.sourceRow === row).map((f) => f.code);
    expect(codes(2)).toEqual(['DATE_IN_FUTURE']);
    expect(codes(3)).toEqual(['CREDIT_CODE_INVALID']);
    expect(codes(4)).toEqual(['ORIGIN_NOT_PAIRED']);
    expect(codes(5)).toEqual(['AMOUNT_MISMATCH']);
    expect(codes(6)).toEqual([]);
    expect(preview.checks.findings.find((f) => f.code === 'AMOUNT_MISMATCH')).toMatchObject({ severity: 'error', fields: ['quantity', 'unitPrice', 'amountFen'] });
    expect(preview.checks.summary).toMatchObject({ rows: 5, errorRows: 4, totalFen: 5 * 128_000 });
    expect(preview.checks.summary.byCode.map((c) => [c.code, c.count])).toEqual([
      ['DATE_IN_FUTURE', 1], ['AMOUNT_MISMATCH', 1], ['CREDIT_CODE_INVALID', 1], ['ORIGIN_NOT_PAIRED', 1],
    ]);

    // The same findings, word for word, as 检查 gives once the rows are in the ledger.
    await core.call('imports/commit', { stageId: preview.stageId });
    const report = await core.call('checks/run', {});
    const inLedger = report.issues.filter((i) => i.code !== 'ATTACHMENT_MISSING').map((i) => [i.code, i.message]).sort();
    expect(preview.checks.findings.map((f) => [f.code, f.message]).sort()).toEqual(inLedger);
  });

  it('finds repeats within the file and of the ledger, also under different invoice numbers', async () => {
    const { core } = await coreWithLedger();
    const first = workbook([HEADER, ['2021-11-05', '松江区中心医院', HOSPITAL, '勐海普洱茶', '勐海县', 10, 128, 1280, '21312000000000000011']]);
    await core.call('imports/file', { fileName: '上月.xlsx', content: first });
    const content = workbook([
      HEADER,
      // the ledger's record again, under another invoice number
      ['2021-11-05', '松江区中心医院', HOSPITAL, '勐海普洱茶', '勐海县', 10, 128, 1280, '21312000000000000012'],
      // the ledger's invoice, counted by the union as well
      ['2021-11-09', '松江区中心医院工会', '81310117NYN9L8W7BT', '昭通苹果', '昭阳区', 10, 50, 500, '21312000000000000011'],
      // one row twice within the file
      ['2021-11-10', '松江区中心医院', HOSPITAL, '莎车巴旦木', '莎车县', 10, 20, 200, ''],
      ['2021-11-10', '松江区中心医院', HOSPITAL, '莎车巴旦木', '莎车县', 10, 20, 200, ''],
    ]);
    const preview = await core.call('imports/preview', { fileName: '本月.xlsx', content });
    const of = (code: string) => preview.checks.findings.filter((f) => f.code === code).map((f) => [f.sourceRow, f.message]);
    expect(of('RECORD_DUPLICATE')).toEqual([
      [2, '与台账记录 1 的购买主体、日期、产品和金额完全相同，但发票号码不同（21312000000000000012，台账记录 1 为 21312000000000000011）'],
      [5, '与第 4 行的购买主体、日期、产品和金额完全相同'],
    ]);
    expect(of('INVOICE_DUPLICATE')).toEqual([[3, '发票 21312000000000000011 被不同购买主体重复计入（另见台账记录 1）']]);
    expect(preview.checks.findings.find((f) => f.code === 'RECORD_DUPLICATE')).toMatchObject({ severity: 'warning' });
  });

  it('re-runs the checks and the summary after a correction to any cell', async () => {
    const { core } = await coreWithLedger();
    const content = workbook([
      HEADER,
      ['2099-11-05', '松江区中心医院', HOSPITAL, '勐海普洱茶', '勐海县', 10, 128, 1280, '21312000000000000021'],
      ['2021-11-06', '松江区中心医院', HOSPITAL, '昭通苹果', '昭阳区', 10, 50, 500, '21312000000000000022'],
    ]);
    const preview = await core.call('imports/preview', { fileName: 'a.xlsx', content });
    expect(preview.checks.summary).toMatchObject({ rows: 2, errorRows: 1, totalFen: 178_000 });

    // a value that parsed fine (the date) corrected, and another cell (the amount) changed
    const fixed = await core.call('imports/check', { stageId: preview.stageId, edits: { '2': { date: '2021-11-05' }, '3': { amountFen: 60_000 } } });
    expect(fixed.findings.map((f) => [f.sourceRow, f.code])).toEqual([[3, 'AMOUNT_MISMATCH']]);
    expect(fixed.summary).toMatchObject({ rows: 2, errorRows: 1, totalFen: 188_000 });

    // a row left out leaves the summary too
    const skipped = await core.call('imports/check', { stageId: preview.stageId, edits: { '2': { date: '2021-11-05' } }, skipRows: [3] });
    expect(skipped).toMatchObject({ findings: [], summary: { rows: 1, errorRows: 0, totalFen: 128_000, byCode: [] } });
  });

  it('shows what the app could not read as findings with the unit’s own text, before and after the commit', async () => {
    const { core } = await coreWithLedger();
    const content = workbook([
      [...HEADER, '销售渠道'],
      ['2021/11/31', '松江区中心医院', HOSPITAL, '勐海普洱茶', '勐海县', '', '', 1280, '21312000000000000031', '食堂直采'],
      ['2021-11-05', '松江区中心医院', HOSPITAL, '昭通苹果', '昭阳区', '', '', '五百块', '21312000000000000032', '食堂直采'],
      ['2021-11-06', '松江区中心医院', HOSPITAL, '莎车巴旦木', '莎车县', '', '', 300, '21312000000000000033', '线下'],
    ]);
    const preview = await core.call('imports/preview', { fileName: '读不懂.xlsx', content });
    const found = preview.checks.findings.map((f) => [f.sourceRow, f.code, f.message]);
    expect(found).toEqual([
      [2, 'DATE_INVALID', '日期“2021/11/31”不是真实存在的日期'],
      [3, 'AMOUNT_INVALID', '金额（元）“五百块”无法识别为数字'],
      [4, 'VALUE_NOT_IN_LIST', '销售渠道“线下”不在列表中，已记为其他'],
    ]);
    expect(preview.checks.summary).toMatchObject({ rows: 3, errorRows: 2, warningRows: 1 });

    // corrected in the preview, a finding goes
    const fixed = await core.call('imports/check', { stageId: preview.stageId, edits: { '3': { amountFen: 50_000 } } });
    expect(fixed.findings.map((f) => f.code)).toEqual(['DATE_INVALID', 'VALUE_NOT_IN_LIST']);

    // committed as they are, 检查 says the same
    await core.call('imports/commit', { stageId: preview.stageId });
    const report = await core.call('checks/run', {});
    const inLedger = report.issues.filter((i) => i.code !== 'ATTACHMENT_MISSING').map((i) => [i.code, i.message]);
    expect(inLedger).toEqual(found.map(([, code, message]) => [code, message]));
  });
});
