/** Issue 16, the reading half: every purchase row of a messy unit workbook is read, whatever the layout. */
import { describe, expect, it } from 'vitest';
import { parseImportFile, type ImportParse } from '../../electron/core/imports';
import { periodInText, sheetPeriod } from '../../electron/core/imports/sheet-period';
import { QUARTER, quarterWorkbook, yearlessWorkbook } from '../support/unit-files';
import { realResolver } from './helpers/resolver';
import { xlsxBytes } from './helpers/workbooks';

const resolveCounty = realResolver();

function parse(bytes: Uint8Array, fileName: string, opts: { year?: number; sheetNames?: string[] } = {}): ImportParse {
  const r = parseImportFile(bytes, fileName, { resolveCounty, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function allSheets(p: ImportParse): ImportParse[] {
  return [p, ...(p.otherSheets ?? [])].sort((a, b) => p.sheets.indexOf(a.sheet) - p.sheets.indexOf(b.sheet));
}

describe('a workbook with one sheet per month', () => {
  const p = parse(quarterWorkbook(), QUARTER.fileName);

  it('reads every month sheet, and lists the summary, the instructions and the hidden list as not imported', () => {
    expect(p.sheetInfos.map((s) => [s.sheet, s.status])).toEqual([
      ['填表说明', 'instructions'],
      ['10月', 'data'],
      ['11月', 'data'],
      ['12月', 'data'],
      ['汇总', 'summary'],
      ['下拉选项', 'hidden'],
    ]);
    const sheets = allSheets(p);
    expect(sheets.map((s) => ({ sheet: s.sheet, records: s.totals.rows, totalFen: s.totals.totalFen }))).toEqual(
      QUARTER.sheets.map(({ sheet, records, totalFen }) => ({ sheet, records, totalFen })),
    );
    for (const s of QUARTER.sheets) expect(p.sheetInfos.find((i) => i.sheet === s.sheet)).toMatchObject({ rows: s.records, totalFen: s.totalFen, months: s.months });
    expect(sheets.every((s) => s.totals.rejectedRows === 0)).toBe(true);
  });

  it('takes the year of 10月8日, 10.15 and 10/20 from the title', () => {
    const oct = allSheets(p)[0];
    expect(oct.rows.map((r) => r.values.date)).toEqual(['2021-10-08', '2021-10-15', '2021-10-20']);
    expect(oct.notices).toContain('3 个日期没有写年份，按标题“松江区教育局2021年10月消费帮扶采购明细表”补为 2021 年');
    expect(oct.rows.map((r) => r.values.category)).toEqual(['茶叶', '水果', '加工食品']);
  });

  it('keeps 合计, 小计, blank lines and a footer over six cells out', () => {
    const [oct, nov, dec] = allSheets(p);
    expect(oct.skippedRows.map((s) => s.reason)).toEqual(['total', 'note']);
    expect(nov.skippedRows.map((s) => [s.sourceRow, s.reason])).toEqual([
      [10, 'total'],
      [11, 'note'],
    ]);
    expect(dec.skippedRows.map((s) => s.reason)).toEqual(['note']);
  });

  it('lands values outside the lists as 其他 and unreadable ones empty, each with the unit’s text', () => {
    const nov = allSheets(p)[1];
    expect(nov.rows.map((r) => r.sourceRow)).toEqual([4, 5, 6, 7, 9]);
    const [dried, offline, prepaid, invalid, late] = nov.rows;
    expect(dried.values).toMatchObject({ category: '加工食品', channel: '其他', date: '2021-11-05' });
    expect(dried.warnings.map((w) => w.message)).toEqual(['产品类别“干果”按“加工食品”导入', '销售渠道“线下”不在列表中，已记为其他']);
    expect(offline.unread).toEqual({ channel: '线下' });
    expect(prepaid.values).toMatchObject({ channel: '其他', remark: '年底福利', amountFen: 1_000_000 });
    expect(prepaid.unread).toEqual({ channel: '预付卡充值' });
    expect(invalid.values.date).toBeUndefined();
    expect(invalid.values.amountFen).toBeUndefined();
    expect(invalid.values).toMatchObject({ purchaserName: '松江区第四中学', productName: '昭通天麻' });
    expect(invalid.unread).toEqual({ date: '2021/11/31', amountFen: '壹佰元整整' });
    expect(invalid.errors.map((e) => e.field)).toEqual(['date', 'amountFen']);
    expect(late.values.date).toBe('2021-11-20');
  });

  it('reads an Excel serial stored as text as a date', () => {
    const dec = allSheets(p)[2];
    expect(dec.rows.map((r) => r.values.date)).toEqual(['2021-12-05', '2021-12-06']);
  });

  it('imports only the sheets named, even a summary the clerk names', () => {
    const only = parse(quarterWorkbook(), QUARTER.fileName, { sheetNames: ['11月'] });
    expect(allSheets(only).map((s) => s.sheet)).toEqual(['11月']);
    expect(only.sheetInfos.filter((s) => s.status === 'data').map((s) => s.sheet)).toEqual(['11月']);
  });
});

describe('dates without a year', () => {
  it.each([
    ['title', '标题“消费帮扶采购明细（2021年11月）”'],
    ['sheet', '工作表名“2021.11”'],
    ['file', '文件名“民政局202111.xlsx”'],
  ] as const)('take the year from the %s, and check the month', (where, from) => {
    const { fileName, bytes } = yearlessWorkbook(where);
    const p = parse(bytes, fileName);
    expect(p.rows.map((r) => r.values.date)).toEqual(['2021-11-05', '2021-11-06', '2021-12-01']);
    expect(p.yearMissing).toBeUndefined();
    expect(p.rows[2].warnings[0].message).toBe(`日期“12月1日”按${from}记为 2021-12-01，但不在表中写明的期间（2021年11月）内，请核对`);
    expect(p.totals).toMatchObject({ rows: 3, validRows: 3, totalFen: 60000 });
  });

  it('where nothing states the year, land with the date empty and ask for the year; the year given fills it', () => {
    const { fileName, bytes } = yearlessWorkbook('nowhere');
    const p = parse(bytes, fileName);
    expect(p.yearMissing).toBe(true);
    expect(p.rows.map((r) => r.unread?.date)).toEqual(['11月5日', '11/6', '12月1日']);
    expect(p.totals).toMatchObject({ rows: 3, errorRows: 3, totalFen: 60000 });
    const given = parse(bytes, fileName, { year: 2022 });
    expect(given.yearMissing).toBeUndefined();
    expect(given.rows.map((r) => r.values.date)).toEqual(['2022-11-05', '2022-11-06', '2022-12-01']);
  });

  it('a year-less date that does not exist is left empty with its text', () => {
    const bytes = xlsxBytes([{ name: '2021年2月', rows: [['采购单位', '日期', '产品名称', '金额'], ['甲', '2月30日', '茶', 1], ['乙', 11.5, '茶', 1], ['丙', 11.1, '茶', 1]] }]);
    const p = parse(bytes, 'x.xlsx');
    expect(p.rows[0].unread).toEqual({ date: '2月30日' });
    expect(p.rows[0].errors[0].message).toContain('不是真实存在的日期');
    // 11.5 typed into a number cell is 11月5日; 11.1 may have been 11.10
    expect(p.rows[1].values.date).toBe('2021-11-05');
    expect(p.rows[2].values.date).toBeUndefined();
    expect(p.rows[2].errors[0].message).toContain('11月10日');
  });

  it.each([
    ['2021年11月消费帮扶台账', 2021, [11]],
    ['2021.11', 2021, [11]],
    ['教育局202111', 2021, [11]],
    ['2021年四季度', 2021, [10, 11, 12]],
    ['2021年第3季度', 2021, [7, 8, 9]],
    ['2021年1-3月', 2021, [1, 2, 3]],
    ['11月', undefined, [11]],
    ['2021年度', 2021, undefined],
    ['制表日期：2021年12月3日', undefined, undefined],
    ['编号 20211130', undefined, undefined],
  ])('%s states year %s, months %j', (text, year, months) => {
    expect(periodInText(text)).toEqual({ ...(year ? { year } : {}), ...(months ? { months } : {}) });
  });

  it('a title “11月” takes its year from the file name', () => {
    expect(sheetPeriod(['11月采购明细'], 'Sheet1', '2021年报送.xlsx')).toEqual({ year: 2021, months: [11], yearFrom: '文件名“2021年报送.xlsx”' });
  });
});
