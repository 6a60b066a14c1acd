/**
 * Messy unit workbooks made at test time (issue 16), not copies of the samples: one sheet per
 * month beside a 汇总, a 填表说明 and a hidden option list; dates without a year; values outside
 * every list; an unreadable date and amount; 合计 rows and footers spread over six cells.
 * The figures a careful clerk counts by hand are written beside each.
 */
import * as XLSX from 'xlsx';

type Cell = string | number | null | XLSX.CellObject;

function book(sheets: { name: string; rows: Cell[][]; hidden?: boolean }[], bookType: XLSX.BookType = 'xlsx'): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(s.rows), s.name);
  wb.Workbook = { Sheets: sheets.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })) };
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType }) as Buffer);
}

const HEADER = ['序号', '采购单位', '日期', '产品名称', '产品类别', '产地', '销售渠道', '金额（元）', '备注'];
const FOOTER: Cell[] = ['填表人：', '王芳', '审核人：', '李强', '联系电话：', '021-57812345'];

/** 2021-12-05 as Excel stores it (serial 44535), here typed as text. */
export const SERIAL_2021_12_05 = '44535';

/** 教育局-2021年四季度.xlsx: 10月, 11月, 12月 (data), 汇总, 填表说明, hidden 下拉选项. */
export function quarterWorkbook(): Uint8Array {
  return book([
    { name: '填表说明', rows: [['填表说明'], ['1. 每月一张表'], ['2. 金额单位为元'], ['采购单位', '日期', '金额']] },
    {
      name: '10月',
      rows: [
        ['松江区教育局2021年10月消费帮扶采购明细表'],
        HEADER,
        [1, '松江区教育局', '10月8日', '勐海普洱茶', '茶', '勐海县', '832平台', 1000, ''],
        [2, '松江区第一中学', '10.15', '昭通苹果', '水果', '昭阳区', '食堂', '2,000.50', ''],
        [3, '松江区第二中学', '10/20', '莎车巴旦木', '坚果', '莎车县', '京东', 300, ''],
        ['合计', null, null, null, null, null, null, 3300.5, null],
        FOOTER,
      ],
    },
    {
      name: '11月',
      rows: [
        ['2021年11月消费帮扶台账'],
        ['填报单位：松江区教育局', null, null, null, null, null, null, '单位：元'],
        HEADER,
        [1, '松江区教育局', '11月5日', '新疆干果礼盒', '干果', '叶城县', '线下', 500, ''],
        [2, '松江区第三中学', '11月6日', '夷陵蜜橘', '水果', '夷陵区', '线下', 800, ''],
        [3, '松江区教育局工会', '11月10日', '消费帮扶卡', '其他', '勐海县', '预付卡充值', 10000, '年底福利'],
        [4, '松江区第四中学', '2021/11/31', '昭通天麻', '中药材', '昭阳区', '832平台', '壹佰元整整', ''],
        [null, null, null, null, null, null, null, null, null],
        [5, '松江区第五中学', '11.20', '勐海红茶', '茶叶', '勐海县', '专柜', 120, '补录'],
        ['小计', null, null, null, null, null, null, 11420, null],
        FOOTER,
      ],
    },
    {
      name: '12月',
      rows: [
        ['2021年12月'],
        HEADER,
        [1, '松江区教育局', SERIAL_2021_12_05, '泽普红枣', '干果', '泽普县', '展销会', 600, ''],
        [2, '松江区第一中学', { t: 'n', v: 44536, z: 'yyyy/m/d' }, '拉孜青稞', '粮油', '拉孜县', '电商', 400, ''],
        FOOTER,
      ],
    },
    { name: '汇总', rows: [['月份', '采购单位', '金额（元）'], ['10月', '教育局系统', 3300.5], ['11月', '教育局系统', 11420], ['12月', '教育局系统', 1000]] },
    { name: '下拉选项', hidden: true, rows: [['销售渠道', '产品类别', '金额'], ['832平台', '粮油', 1], ['电商平台', '水果', 2]] },
  ]);
}

/** What a careful clerk counts in quarterWorkbook(), sheet by sheet. */
export const QUARTER = {
  fileName: '教育局-2021年四季度.xlsx',
  sheets: [
    { sheet: '10月', records: 3, totalFen: 100000 + 200050 + 30000, months: ['2021-10'] },
    // the 2021/11/31 row lands with its date and amount empty
    { sheet: '11月', records: 5, totalFen: 50000 + 80000 + 1000000 + 12000, months: ['2021-11'] },
    { sheet: '12月', records: 2, totalFen: 60000 + 40000, months: ['2021-12'] },
  ],
  records: 10,
  totalFen: 330050 + 1142000 + 100000,
};

/** One sheet, dates without a year, the period stated only where `where` says. */
export function yearlessWorkbook(where: 'title' | 'sheet' | 'file' | 'nowhere'): { fileName: string; bytes: Uint8Array } {
  const rows: Cell[][] = [
    ...(where === 'title' ? [['消费帮扶采购明细（2021年11月）']] : []),
    ['采购单位', '日期', '产品名称', '产地', '金额'],
    ['松江区民政局', '11月5日', '勐海普洱茶', '勐海县', 100],
    ['松江区民政局', '11/6', '昭通苹果', '昭阳区', 200],
    ['松江区民政局', '12月1日', '夷陵蜜橘', '夷陵区', 300],
  ];
  const sheet = where === 'sheet' ? '2021.11' : '明细';
  const fileName = where === 'file' ? '民政局202111.xlsx' : '民政局报送.xlsx';
  return { fileName, bytes: book([{ name: sheet, rows }]) };
}

/**
 * A small one-sheet purchase list (for multi-file imports); `remark` goes into the second row's 备注.
 * Excel cannot hold more than 32,767 characters in a cell (SheetJS refuses to write one to .xlsx);
 * LibreOffice and WPS can: pass 'ods' for a file with a longer cell.
 */
export function smallWorkbook(purchaser: string, remark = '', date2 = '2021-11-06', bookType: XLSX.BookType = 'xlsx'): Uint8Array {
  return book([
    {
      name: '明细',
      rows: [
        ['采购单位', '日期', '产品名称', '产地', '金额', '备注'],
        [purchaser, '2021-11-05', '勐海普洱茶', '勐海县', 100, ''],
        [purchaser, date2, '昭通苹果', '昭阳区', 200, remark],
        [purchaser, '2021-11-07', '夷陵蜜橘', '夷陵区', 300, ''],
      ],
    },
  ], bookType);
}

/** The same workbook opened and saved again (different bytes, same rows): what a unit resends. */
export function resaved(bytes: Uint8Array): Uint8Array {
  const wb = XLSX.read(bytes, { type: 'array', cellNF: true, cellStyles: true });
  wb.Props = { ...(wb.Props ?? {}), Title: '另存' };
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}
