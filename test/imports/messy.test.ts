/**
 * Small hand-made messy workbooks, generated here with SheetJS (and by hand for CSV bytes):
 * the layouts and values units really send.
 */
import { describe, expect, it } from 'vitest';
import { parseImportFile, type ImportParse } from '../../electron/core/imports';
import { realResolver } from './helpers/resolver';
import { encodeGbk } from './helpers/gbk';
import { dateCell, numberCell, utf16le, utf8, xlsxBytes, type SheetSpec } from './helpers/workbooks';

const resolveCounty = realResolver();

function parse(bytes: Uint8Array, name = 'x.xlsx', opts: Partial<Parameters<typeof parseImportFile>[2]> = {}): ImportParse {
  const r = parseImportFile(bytes, name, { resolveCounty, ...opts });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
const book = (rows: SheetSpec['rows'], extra: Partial<SheetSpec> = {}, opts = {}) => xlsxBytes([{ name: '明细', rows, ...extra }], opts);
const fields = (p: ImportParse) => p.mapping.map((m) => m.field);

const H = ['采购单位', '日期', '产品名称', '产地', '金额'];

describe('layouts', () => {
  it('title rows, 填报单位, 单位：万元, merged two-row header, totals and signature lines', () => {
    const p = parse(
      book(
        [
          ['松江区2021年11月消费帮扶采购明细表'],
          ['填报单位：松江区教育局', null, null, null, '单位：万元'],
          ['序号', '采购单位', null, '采购日期', '产品', null, '产地', '金额', '备注'],
          [null, '单位名称', '统一社会信用代码', null, '名称', '类别', null, null, null],
          [1, '松江区第一中学', '12310117UFHRRBC840', dateCell(44505), '勐海普洱茶', '茶叶', '云南省西双版纳州勐海县', 1.25, null],
          [2, '松江区第二中学', '12310117UFHRRBC841', '2021/11/6', '莎车巴旦木', '加工食品', '莎车县', '3,000元', '现场采购'],
          [],
          ['小计', null, null, null, null, null, null, 1.55],
          ['合计', null, null, null, null, null, null, 1.55],
          ['填表人：张三', null, null, '审核人：李四', null, null, '联系电话：12345678'],
          ['注：1. 金额以发票为准'],
        ],
        { merges: ['A1:I1', 'A3:A4', 'B3:C3', 'D3:D4', 'E3:F3', 'G3:G4', 'H3:H4', 'I3:I4'] },
      ),
    );
    expect(p.headerRows).toEqual([3, 4]);
    expect(p.headerRow).toBe(4);
    expect(fields(p)).toEqual([null, 'purchaserName', 'creditCode', 'date', 'productName', 'category', 'originCode', 'amountFen', 'remark']);
    expect(p.mapping[1].header).toBe('采购单位/单位名称');
    expect(p.mapping[7].unit).toBe('万元');
    expect(p.rows.map((r) => r.sourceRow)).toEqual([5, 6]);
    expect(p.rows[0].values).toMatchObject({ purchaserName: '松江区第一中学', creditCode: '12310117UFHRRBC840', date: '2021-11-05', amountFen: 1_250_000, originCode: '532822' });
    expect(p.rows[1].values).toMatchObject({ date: '2021-11-06', amountFen: 300_000, remark: '现场采购', originCode: '653125' });
    expect(p.totals).toEqual({ rows: 2, validRows: 2, errorRows: 0, rejectedRows: 0, totalFen: 1_550_000 });
    expect(p.skippedRows.map((s) => [s.sourceRow, s.reason])).toEqual([
      [8, 'total'],
      [9, 'total'],
      [10, 'note'],
      [11, 'note'],
    ]);
    expect(p.declaredTotalFen).toBe(1_550_000);
    expect(p.notices.join()).toContain('单位：万元');
    expect(p.headerCells).toEqual([
      ['序号', '采购单位', '', '采购日期', '产品', '', '产地', '金额', '备注'],
      ['', '单位名称', '统一社会信用代码', '', '名称', '类别', '', '', ''],
    ]);
  });

  it('a two-row header in a CSV (no merges): the group label spans its empty neighbours', () => {
    const csv = '序号,采购单位,,日期,金额（元）,产地,产品名称\n,单位名称,统一社会信用代码,,,,\n1,松江区教育局,11310117U2TXXFWMA1,2021年11月5日,"1,234.50",勐海县,普洱茶\n';
    const p = parse(utf8(csv), 'x.csv');
    expect(p.headerRows).toEqual([1, 2]);
    expect(fields(p)).toEqual([null, 'purchaserName', 'creditCode', 'date', 'amountFen', 'originCode', 'productName']);
    expect(p.rows[0].values).toMatchObject({ creditCode: '11310117U2TXXFWMA1', date: '2021-11-05', amountFen: 123_450 });
  });

  it('blank columns between data columns are skipped; a column with data but no header is kept unmapped', () => {
    const p = parse(
      book([
        ['采购单位', null, '日期', null, '产品名称', '产地', '金额', null],
        ['松江区教育局', null, '2021-11-05', null, '普洱茶', '勐海县', 100, '随手备注'],
      ]),
    );
    expect(p.mapping.map((m) => m.column)).toEqual([0, 2, 4, 5, 6, 7]);
    expect(p.mapping[5]).toMatchObject({ field: null, header: '（无表头，第 H 列）' });
    expect(p.rows[0].raw).toEqual(['松江区教育局', '', '2021-11-05', '', '普洱茶', '勐海县', '100', '随手备注']);
    expect(p.totals.totalFen).toBe(10_000);
  });

  it('picks the data sheet over a 填表说明 sheet and a hidden list sheet; the caller can choose', () => {
    const bytes = xlsxBytes([
      { name: '填表说明', rows: [['填表说明'], ['1. 日期写成 2021-11-05'], ['2. 金额单位为元'], ['采购单位', '日期', '金额']] },
      { name: '下拉选项', rows: [['采购单位', '日期', '产品名称', '产地', '金额'], ['党政机关'], ['事业单位']], hidden: true },
      { name: '11月', rows: [H, ['松江区教育局', '2021-11-05', '普洱茶', '勐海县', 100], ['松江区卫健委', '2021-11-06', '核桃', '叶城县', 200]] },
    ]);
    const p = parse(bytes);
    expect(p.sheets).toEqual(['填表说明', '下拉选项', '11月']);
    expect(p.sheet).toBe('11月');
    expect(p.totals.rows).toBe(2);
    const chosen = parseImportFile(bytes, 'x.xlsx', { resolveCounty, sheetName: '下拉选项' });
    expect(chosen.ok && chosen.value.rows.map((r) => r.values.purchaserName)).toEqual(['党政机关', '事业单位']);
    const instructions = parseImportFile(bytes, 'x.xlsx', { resolveCounty, sheetName: '填表说明' });
    expect(!instructions.ok && instructions.error.code).toBe('NO_DATA');
    const missing = parseImportFile(bytes, 'x.xlsx', { resolveCounty, sheetName: '12月' });
    expect(!missing.ok && missing.error.code).toBe('SHEET_NOT_FOUND');
  });

  it('a purchaser merged over several rows fills down to each record', () => {
    const p = parse(
      book(
        [H, ['松江区教育局', '2021-11-05', '普洱茶', '勐海县', 100], [null, '2021-11-06', '核桃', '叶城县', 200], [null, '2021-11-07', '巴旦木', '莎车县', 300]],
        { merges: ['A2:A4'] },
      ),
    );
    expect(p.rows.map((r) => r.values.purchaserName)).toEqual(['松江区教育局', '松江区教育局', '松江区教育局']);
  });

  it('a header repeated at a page break and template rows holding only a 序号 are not records', () => {
    const p = parse(
      book([
        ['序号', ...H],
        [1, '松江区教育局', '2021-11-05', '普洱茶', '勐海县', 100],
        ['序号', ...H],
        [2, '松江区卫健委', '2021-11-06', '核桃', '叶城县', 200],
        [3],
        [4],
      ]),
    );
    expect(p.rows.map((r) => r.sourceRow)).toEqual([2, 4]);
    expect(p.skippedRows.map((s) => s.reason)).toEqual(['header']);
  });

  it('a row with only a label like 合计 is a total row even without an amount', () => {
    const p = parse(book([H, ['松江区教育局', '2021-11-05', '普洱茶', '勐海县', 100], ['合  计']]));
    expect(p.totals.rows).toBe(1);
    expect(p.skippedRows[0]).toMatchObject({ reason: 'total', sourceRow: 3 });
  });

  it('a 合计 row that disagrees with the rows is reported in the notices', () => {
    const p = parse(book([H, ['松江区教育局', '2021-11-05', '普洱茶', '勐海县', 100], ['松江区卫健委', '2021-11-06', '核桃', '叶城县', 200], ['合计', null, null, null, 400]]));
    expect(p.declaredTotalFen).toBe(40_000);
    expect(p.totals.totalFen).toBe(30_000);
    expect(p.notices.join()).toContain('合计行');
  });

  it('refuses a sheet without a recognisable header, and a header without data', () => {
    const none = parseImportFile(book([['a', 'b'], [1, 2]]), 'x.xlsx', { resolveCounty });
    expect(!none.ok && none.error.code).toBe('HEADER_NOT_FOUND');
    const empty = parseImportFile(book([H, ['合计', null, null, null, 0]]), 'x.xlsx', { resolveCounty });
    expect(!empty.ok && empty.error.code).toBe('NO_DATA');
  });

  it('a header row given by the caller overrides detection', () => {
    const p = parse(book([['日期', '金额'], ['说明：下表为明细'], H, ['松江区教育局', '2021-11-05', '普洱茶', '勐海县', 100]]), 'x.xlsx', { headerRow: 3 });
    expect(p.headerRow).toBe(3);
    expect(p.totals.rows).toBe(1);
  });
});

describe('encodings', () => {
  const csv = '采购单位,日期,产品名称,产地,金额（万元）\n松江区教育局,2021/12/5,勐海普洱茶,云南省西双版纳州勐海县,1.2088\n';

  it('GBK CSV', () => {
    const p = parse(encodeGbk(csv), 'gbk.csv');
    expect(p.encoding).toBe('gb18030');
    expect(p.rows[0].values).toMatchObject({ purchaserName: '松江区教育局', productName: '勐海普洱茶', amountFen: 1_208_800, date: '2021-12-05' });
  });

  it('UTF-8 with and without BOM', () => {
    for (const bom of [true, false]) {
      const p = parse(utf8(csv, bom), 'u.csv');
      expect(p.encoding).toBe('utf-8');
      expect(p.mapping[0].header).toBe('采购单位'); // no BOM glued to the first header
      expect(p.rows[0].values.amountFen).toBe(1_208_800);
    }
  });

  it('UTF-16LE tab-separated text (Excel “Unicode 文本”)', () => {
    const p = parse(utf16le(csv.replace(/,/g, '\t')), 'u.txt');
    expect(p.encoding).toBe('utf-16le');
    expect(p.rows[0].values.purchaserName).toBe('松江区教育局');
  });

  it('legacy .xls (BIFF8), .ods and an HTML table saved as .xls', () => {
    const rows = [H, ['松江区教育局', '2021-11-05', '普洱茶', '勐海县', 100]];
    expect(parse(xlsxBytes([{ name: 'S', rows }], { bookType: 'biff8' }), 'x.xls')).toMatchObject({ fileType: 'xls', totals: { totalFen: 10_000 } });
    expect(parse(xlsxBytes([{ name: 'S', rows }], { bookType: 'ods' }), 'x.ods')).toMatchObject({ fileType: 'ods', totals: { totalFen: 10_000 } });
    const html = `<html><head><meta charset="utf-8"></head><body><table><tr>${H.map((h) => `<td>${h}</td>`).join('')}</tr><tr><td>松江区教育局</td><td>2021-11-05</td><td>普洱茶</td><td>勐海县</td><td>100</td></tr></table></body></html>`;
    expect(parse(utf8(html), 'x.xls')).toMatchObject({ fileType: 'html', totals: { totalFen: 10_000 } });
  });
});

describe('values', () => {
  it('amounts: 万元 by header and by cell, 元 suffix under a 万元 header, separators, full width, currency signs, 大写', () => {
    const p = parse(
      book([
        ['采购单位', '日期', '产品名称', '产地', '金额（万元）'],
        ['甲', '2021-11-05', '茶', '勐海县', 1.2],
        ['乙', '2021-11-05', '茶', '勐海县', '1.2万'],
        ['丙', '2021-11-05', '茶', '勐海县', '800元'],
        ['丁', '2021-11-05', '茶', '勐海县', '０．５'],
        ['戊', '2021-11-05', '茶', '勐海县', '0.00001'],
      ]),
    );
    expect(p.rows.map((r) => r.values.amountFen)).toEqual([1_200_000, 1_200_000, 80_000, 500_000, 10]);
    const q = parse(
      book([
        H,
        ['甲', '2021-11-05', '茶', '勐海县', '1,234.50'],
        ['乙', '2021-11-05', '茶', '勐海县', '¥1,234.5'],
        ['丙', '2021-11-05', '茶', '勐海县', '１，２３４．５０'],
        ['丁', '2021-11-05', '茶', '勐海县', '1.2万元'],
        ['戊', '2021-11-05', '茶', '勐海县', '壹仟贰佰叁拾肆元伍角整'],
        ['己', '2021-11-05', '茶', '勐海县', '12.345'],
        ['庚', '2021-11-05', '茶', '勐海县', '一些钱'],
        ['辛', '2021-11-05', '茶', '勐海县', 4763.72],
      ]),
    );
    expect(q.rows.map((r) => r.values.amountFen ?? null)).toEqual([123_450, 123_450, 123_450, 1_200_000, 123_450, null, null, 476_372]);
    expect(q.rows[5].errors[0].message).toContain('分以下');
    expect(q.rows[6].errors[0]).toMatchObject({ field: 'amountFen' });
    expect(q.totals).toMatchObject({ rows: 8, validRows: 6, errorRows: 2, totalFen: 123_450 * 4 + 1_200_000 + 476_372 });
  });

  it('dates in every listed format, serials in the 1900 system', () => {
    const cells: unknown[] = [
      dateCell(44505), numberCell(44505), '2021-11-05', '2021/11/5', '2021.11.5', '2021年11月5日', '20211105', numberCell(20211105),
      '2021-11-05 10:30', '２０２１－１１－０５', '2021-11-05T00:00:00', '44505', new Date(Date.UTC(2021, 10, 5)),
    ];
    const p = parse(book([H, ...cells.map((d) => ['甲', d, '茶', '勐海县', 1] as SheetSpec['rows'][number])]));
    expect(p.rows.map((r) => [r.sourceRow, r.values.date ?? r.errors.map((e) => e.message).join()])).toEqual(cells.map((_, i) => [i + 2, '2021-11-05']));
  });

  it('invalid dates are errors on the date field', () => {
    const p = parse(book([H, ['甲', '2021-02-30', '茶', '勐海县', 1], ['乙', '下周一', '茶', '勐海县', 1], ['丙', numberCell(-5), '茶', '勐海县', 1]]));
    expect(p.rows.map((r) => r.errors.map((e) => e.field))).toEqual([['date'], ['date'], ['date']]);
    expect(p.totals.errorRows).toBe(3);
  });

  it('a 1904-date workbook reads its serials in the 1904 system', () => {
    // Serial 43043 is 2021-11-05 in the 1904 system (44505 in the 1900 system).
    const p = parse(book([H, ['甲', dateCell(43043), '茶', '勐海县', 1], ['乙', new Date(Date.UTC(2021, 10, 6)), '茶', '勐海县', 1]], {}, { date1904: true }));
    expect(p.rows.map((r) => r.values.date)).toEqual(['2021-11-05', '2021-11-06']);
  });

  it('credit codes and invoice numbers stay text; 8-digit numbers keep leading zeros shown by the format', () => {
    const p = parse(
      book([
        [...H, '统一社会信用代码', '发票号码', '订单号'],
        ['甲', '2021-11-05', '茶', '勐海县', 1, '９１３１０１１７ｍａ１ｇ００００１ｘ', '21312000000000001116', numberCell(123456789012)],
        ['乙', '2021-11-05', '茶', '勐海县', 1, '91310117MA1G00001X', numberCell(123456, '00000000'), 'A-001'],
        ['丙', '2021-11-05', '茶', '勐海县', 1, '91310117MA1G00001X', numberCell(21312000000000001116), null],
      ]),
    );
    expect(p.rows[0].values).toMatchObject({ creditCode: '91310117MA1G00001X', invoiceNo: '21312000000000001116', orderNo: '123456789012' });
    expect(p.rows[1].values).toMatchObject({ invoiceNo: '00123456', orderNo: 'A-001' });
    expect(p.rows[2].errors).toHaveLength(1);
    expect(p.rows[2].errors[0].field).toBe('invoiceNo');
  });

  it('CSV cells are text: a 20-digit invoice and an 18-digit numeric code survive exactly', () => {
    const p = parse(utf8(`${H.join(',')},发票号码,统一社会信用代码\n甲,2021-11-05,茶,勐海县,1,21312000000000001116,913101170000000001\n`), 'x.csv');
    expect(p.rows[0].values).toMatchObject({ invoiceNo: '21312000000000001116', creditCode: '913101170000000001' });
  });

  it('closed lists: exact words, known aliases with a warning, unknown words recorded as 其他 with the unit\'s text kept', () => {
    const p = parse(
      book([
        [...H, '销售渠道', '产品类别', '主体类型', '类型'],
        ['甲', '2021-11-05', '茶', '勐海县', 1, '832平台', '茶叶', '学校', '货物'],
        ['乙', '2021-11-05', '茶', '勐海县', 1, '京东商城', '大米', '区属国企', '疗休养'],
        ['丙', '2021-11-05', '茶', '勐海县', 1, '朋友介绍', '杂项', '外星组织', '别的'],
      ]),
    );
    expect(p.rows[0].warnings).toEqual([]);
    expect(p.rows[1].values).toMatchObject({ channel: '电商平台', category: '粮油', purchaserType: '国有企业', kind: '服务' });
    expect(p.rows[1].warnings).toHaveLength(4);
    // Issue 16: a value outside a list never refuses the row.
    expect(p.rows[2].errors).toEqual([]);
    expect(p.rows[2].values).toMatchObject({ channel: '其他', category: '其他', purchaserType: '其他' });
    expect(p.rows[2].values.kind).toBeUndefined();
    expect(p.rows[2].unread).toEqual({ channel: '朋友介绍', category: '杂项', purchaserType: '外星组织', kind: '别的' });
    expect(p.rows[2].warnings.map((w) => w.message)).toEqual([
      '销售渠道“朋友介绍”不在列表中，已记为其他',
      expect.stringContaining('“杂项”不在列表中，已记为其他'),
      expect.stringContaining('“外星组织”不在列表中，已记为其他'),
      expect.stringContaining('“别的”不在列表中，已留空'),
    ]);
  });

  it('quantities with units, prices per unit, households with 户, and full-width numbers', () => {
    const p = parse(
      book([
        [...H, '数量', '单价（元/公斤）', '带动户数（户）'],
        ['甲', '2021-11-05', '茶', '勐海县', 100, '10箱', '12.5元/斤', '5户'],
        ['乙', '2021-11-05', '茶', '勐海县', 100, '２．５', '１２', '３'],
      ]),
    );
    expect(p.rows[0].values).toMatchObject({ quantity: 10, unit: '箱', unitPrice: 12.5, households: 5 });
    expect(p.rows[1].values).toMatchObject({ quantity: 2.5, unitPrice: 12, households: 3 });
  });

  it('counties by name at any depth or by 6-digit code; unknown ones are errors on originCode', () => {
    const p = parse(
      book([H, ['甲', '2021-11-05', '茶', '云南省西双版纳州勐海县', 1], ['乙', '2021-11-05', '茶', numberCell(653125), 1], ['丙', '2021-11-05', '茶', '火星县', 1]]),
    );
    expect(p.rows.map((r) => r.values.originCode ?? null)).toEqual(['532822', '653125', null]);
    expect(p.rows[2].errors[0].field).toBe('originCode');
  });

  it('Excel error values (#N/A) are errors on their field, not text', () => {
    const p = parse(book([H, ['甲', '2021-11-05', { t: 'e', v: 0x2a, w: '#N/A' } as never, '勐海县', 1]]));
    expect(p.rows[0].errors[0]).toMatchObject({ field: 'productName' });
    expect(p.rows[0].errors[0].message).toContain('#N/A');
  });

  it('text longer than a field allows is cut in its field, whole in unread, with a warning', () => {
    const p = parse(book([H, ['甲'.repeat(101), '2021-11-05', '茶', '勐海县', 1]]));
    expect(p.rows[0].errors).toEqual([]);
    expect(p.rows[0].values.purchaserName).toBe('甲'.repeat(100));
    expect(p.rows[0].unread).toEqual({ purchaserName: '甲'.repeat(101) });
    expect(p.rows[0].warnings[0]).toMatchObject({ field: 'purchaserName', message: expect.stringContaining('101 个字') });
  });
});

describe('mapping memory', () => {
  it('a remembered mapping is applied by column; the signature matches the next month of the same layout', () => {
    const nov = parse(book([['单位', '时间', '货品', '来源', '钱数'], ['松江区教育局', '2021-11-05', '普洱茶', '勐海县', 100]]));
    // 单位 reads as a unit of measure and 钱数 as nothing: the user corrects the mapping once.
    expect(nov.mapping.find((m) => m.column === 4)?.field).toBeNull();
    const corrected = [
      { column: 0, field: 'purchaserName' as const },
      { column: 1, field: 'date' as const },
      { column: 2, field: 'productName' as const },
      { column: 3, field: 'originCode' as const },
      { column: 4, field: 'amountFen' as const, unit: '元' as const },
    ];
    const dec = parse(book([['单位', '时间', '货品', '来源', '钱数'], ['松江区卫健委', '2021-12-05', '核桃', '叶城县', 200]]), 'x.xlsx', { mapping: corrected });
    expect(dec.headerSignature).toBe(nov.headerSignature);
    expect(dec.rows[0].values).toMatchObject({ purchaserName: '松江区卫健委', date: '2021-12-05', productName: '核桃', originCode: '653126', amountFen: 20_000 });
    expect(dec.mapping.every((m) => m.confidence === 1)).toBe(true);
  });

  it('refuses a mapping that names a field twice or a column that is not there', () => {
    const bytes = book([H, ['甲', '2021-11-05', '茶', '勐海县', 1]]);
    const twice = parseImportFile(bytes, 'x.xlsx', { resolveCounty, mapping: [{ column: 0, field: 'remark' }, { column: 1, field: 'remark' }] });
    expect(!twice.ok && twice.error.code).toBe('MAPPING_INVALID');
    const absent = parseImportFile(bytes, 'x.xlsx', { resolveCounty, mapping: [{ column: 9, field: 'remark' }] });
    expect(!absent.ok && absent.error.code).toBe('MAPPING_INVALID');
  });
});

describe('a unit that writes its own name only once', () => {
  it('takes the purchaser from 填报单位 above the header when no column names one, and says so', () => {
    const p = parse(
      book([
        ['松江区某某中学2021年11月消费帮扶采购明细'],
        ['填报单位（盖章）：', '上海市松江区某某中学', null, '填报日期：2021年12月3日'],
        ['日期', '产品名称', '产地', '金额'],
        ['2021-11-05', '玛沁牦牛肉', '玛沁县', 1200],
        ['2021-11-08', '大米', '玛沁县', 650],
      ]),
    );
    expect(p.rows.map((r) => r.values.purchaserName)).toEqual(['上海市松江区某某中学', '上海市松江区某某中学']);
    expect(p.notices.join()).toContain('上海市松江区某某中学');
  });

  it('leaves the purchaser to the column when there is one, and never reads 单位：万元 as a name', () => {
    const withColumn = parse(book([['填报单位：区教育局'], H, ['第一中学', '2021-11-05', '茶叶', '玛沁县', 100]]));
    expect(withColumn.rows[0].values.purchaserName).toBe('第一中学');
    const unitOnly = parse(book([['单位：万元'], ['日期', '产品名称', '产地', '金额'], ['2021-11-05', '茶叶', '玛沁县', 1]]));
    expect(unitOnly.rows[0].values.purchaserName).toBeUndefined();
    const blankForm = parse(book([['填报单位（盖章）：', null, '单位：元'], ['日期', '产品名称', '产地', '金额'], ['2021-11-05', '茶叶', '玛沁县', 1]]));
    expect(blankForm.rows[0].values.purchaserName).toBeUndefined();
  });

  it('reads a bare 单位 column of organisations as the purchaser, and of 斤/袋/箱 as the unit of measure', () => {
    const orgs = parse(book([['单位', '购买时间', '产品', '数量', '金额'], ['区总工会', '2021-11-03', '核桃', 40, 1000], ['松江区中心医院', '2021-11-04', '红枣', 10, 200]]));
    expect(orgs.mapping[0].field).toBe('purchaserName');
    expect(orgs.rows[1].values).toMatchObject({ purchaserName: '松江区中心医院', quantity: 10 });
    const measures = parse(book([['采购单位', '产品', '数量', '单位', '金额'], ['区总工会', '核桃', 40, '袋', 1000], ['区总工会', '红枣', 10, '斤', 200]]));
    expect(measures.mapping.map((m) => m.field)).toEqual(['purchaserName', 'productName', 'quantity', 'unit', 'amountFen']);
    const measuresAlone = parse(book([['产品', '数量', '单位', '金额', '日期'], ['核桃', 40, '袋', 1000, '2021-11-03'], ['红枣', 10, '公斤', 200, '2021-11-04']]));
    expect(measuresAlone.mapping[2].field).toBe('unit');
  });
});

describe('dates as other programs write them', () => {
  it('reads year-last dates when only one order is real, keeps the rest unread with the reason', () => {
    const p = parse(book([H, ['工会', '11/15/2021', '茶叶', '玛沁县', 1], ['工会', '03/11/2021', '茶叶', '玛沁县', 1], ['工会', 2021.11, '茶叶', '玛沁县', 1]]));
    expect(p.rows[0].values.date).toBe('2021-11-15');
    expect(p.rows[1].unread).toEqual({ date: '03/11/2021' });
    expect(p.rows[1].errors[0].message).toContain('2021-11-03');
    expect(p.rows[2].unread).toEqual({ date: '2021.11' });
    expect(p.rows[2].errors[0].message).toContain('没有写哪一天');
  });
});

describe('numbers written in words', () => {
  it('reads a small quantity written in Chinese numerals (十箱, 两, 一百二十) with its unit, and leaves prose unread', () => {
    const p = parse(book([['采购单位', '日期', '产品名称', '产地', '数量', '金额'], ['工会', '2021-11-05', '茶叶', '玛沁县', '十箱', 100], ['工会', '2021-11-05', '红枣', '玛沁县', '两', 10], ['工会', '2021-11-05', '核桃', '玛沁县', '一百二十', 1200], ['工会', '2021-11-05', '苹果', '玛沁县', '若干', 5]]));
    expect(p.rows.map((r) => [r.values.quantity, r.values.unit])).toEqual([[10, '箱'], [2, undefined], [120, undefined], [undefined, undefined]]);
    expect(p.rows[3].unread).toEqual({ quantity: '若干' });
    const households = parse(book([['采购单位', '日期', '产品名称', '产地', '金额', '带动户数'], ['工会', '2021-11-05', '茶叶', '玛沁县', 100, '三户'], ['工会', '2021-11-05', '茶叶', '玛沁县', 100, '1,0']]));
    expect(households.rows[0].values.households).toBe(3);
    expect(households.rows[1].unread).toEqual({ households: '1,0' });
  });
});

describe('a group row over the header that is not taken as part of it', () => {
  it('names a column from the row above when its own header cell is empty (序号 over a blank), instead of calling it headerless', () => {
    const p = parse(
      book(
        [
          ['序号', '采购信息', null, null, '金额', null, '其他'],
          [null, '采购日期', '商品名称', '产地', '数量（斤）', '采购金额（万元）', '备注'],
          [1, '2021-11-05', '玛沁牦牛肉', '玛沁县', 200, 1.2, ''],
        ],
        { merges: ['B1:D1', 'E1:F1'] },
      ),
    );
    expect(p.mapping[0]).toMatchObject({ column: 0, header: '序号', field: null, ignored: true });
    expect(p.notices.join()).not.toContain('无表头');
    expect(p.rows[0].values).toMatchObject({ date: '2021-11-05', amountFen: 1_200_000 });
  });
});
