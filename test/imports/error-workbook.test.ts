/** Rejected rows → a workbook to send back to the unit, safe to open. */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { buildErrorWorkbook, neutralizeFormulaText, parseImportFile, restoreNeutralizedText, type ImportParse } from '../../electron/core/imports';
import { realResolver } from './helpers/resolver';
import { dateCell, xlsxBytes } from './helpers/workbooks';

const resolveCounty = realResolver();

function parse(bytes: Uint8Array): ImportParse {
  const r = parseImportFile(bytes, 'x.xlsx', { resolveCounty });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function readBack(bytes: Uint8Array): string[][] {
  const wb = XLSX.read(bytes, { type: 'array' });
  return XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: false, defval: '' });
}

describe('neutralizeFormulaText', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+86 123', "'+86 123"],
    ['-茶', "'-茶"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['-3', '-3'],
    ['+1.5', '+1.5'],
    ['普洱茶', '普洱茶'],
    ['', ''],
  ])('%j → %j', (input, out) => expect(neutralizeFormulaText(input)).toBe(out));

  it.each(["=SUM(A1)", '+86 123', '@cmd', '\tx', '-茶', "'引号开头", "'普通", '普洱茶'])('%j survives neutralise → restore', (text) =>
    expect(restoreNeutralizedText(neutralizeFormulaText(text))).toBe(text),
  );
});

describe('buildErrorWorkbook', () => {
  const source = xlsxBytes([
    {
      name: '明细',
      rows: [
        ['松江区2021年11月消费帮扶采购明细表'],
        ['序号', '采购单位', null, '日期', '产品名称', '产地', '金额'],
        [null, '单位名称', '统一社会信用代码', null, null, null, null],
        [1, '松江区教育局', '11310117U2TXXFWMA1', '2021-11-05', '普洱茶', '勐海县', 100],
        [2, '=HYPERLINK("http://evil","点我")', '11310117U2TXXFWMA1', '2021-02-30', '@茶', '火星县', 'abc'],
        [3, '松江区卫健委', '12310117W7W7RNANJE', '2021-11-06', '+核桃', '叶城县', 200],
        [4, '松江区卫健委', '12310117W7W7RNANJE', '明天', '核桃', '叶城县', 200],
      ],
      merges: ['A1:G1', 'A2:A3', 'B2:C2', 'D2:D3', 'E2:E3', 'F2:F3', 'G2:G3'],
    },
  ]);

  it('copies the header rows, the rejected rows as the unit wrote them, and explains each error in Chinese', () => {
    const p = parse(source);
    expect(p.totals).toMatchObject({ rows: 4, validRows: 2, errorRows: 2 });
    const bytes = buildErrorWorkbook(p)!;
    const rows = readBack(bytes);
    expect(rows[0]).toEqual(['序号', '采购单位', '', '日期', '产品名称', '产地', '金额', '错误说明', '原行号']);
    expect(rows[1].slice(0, 3)).toEqual(['', '单位名称', '统一社会信用代码']);
    expect(rows).toHaveLength(4);
    const [bad1, bad2] = [rows[2], rows[3]];
    expect(bad1[1]).toBe(`'=HYPERLINK("http://evil","点我")`);
    expect(bad1[4]).toBe("'@茶");
    expect(bad1[6]).toBe('abc');
    expect(bad1[7]).toMatch(/日期|不是真实存在的日期/);
    expect(bad1[7]).toContain('abc');
    expect(bad1[7]).toContain('火星县');
    expect(bad1[8]).toBe('5');
    expect(bad2[3]).toBe('明天');
    expect(bad2[8]).toBe('7');
    // Nothing in the file is a formula.
    const ws = XLSX.read(bytes, { type: 'array', cellFormula: true }).Sheets['未导入的行'];
    for (const [addr, cell] of Object.entries(ws)) if (!addr.startsWith('!')) expect((cell as XLSX.CellObject).f).toBeUndefined();
    expect(ws['!merges']?.length).toBeGreaterThan(0);
  });

  it('the corrected error workbook imports back (its 错误说明 and 原行号 columns are ignored)', () => {
    const p = parse(source);
    const rows = readBack(buildErrorWorkbook(p)!);
    // The unit fixes the two rows and sends the file back.
    rows[2] = ['2', '松江区教育局', '11310117U2TXXFWMA1', '2021-11-07', '茶', '勐海县', '300', rows[2][7], rows[2][8]];
    rows[3][3] = '2021-11-08';
    const back = parse(xlsxBytes([{ name: 'S', rows }]));
    expect(back.mapping.filter((m) => m.header === '错误说明' || m.header === '原行号').every((m) => m.field === null && m.ignored)).toBe(true);
    expect(back.totals).toMatchObject({ rows: 2, validRows: 2, errorRows: 0, totalFen: 50_000 });
  });

  it('gives each row back as the unit typed it: date cells, number cells, text; a cell over 32,767 characters cut with a note', () => {
    const long = '长'.repeat(40_000);
    const p = parse(
      xlsxBytes([
        {
          name: 'S',
          rows: [
            ['采购单位', '日期', '产品名称', '产地', '金额', '数量', '备注', '带动户数'],
            ['甲', dateCell(44505), '茶', '勐海县', 1280.5, 12, '普通', '好几户'],
            ['乙', '2021-11-31', '茶', '勐海县', '壹佰元整整', '若干箱', 'x', 3],
          ],
        },
      ]),
    );
    // (SheetJS cannot write such a cell into an .xlsx source: put it where reading a LibreOffice file would)
    p.rows[1].raw[6] = long;
    p.rows[1].cells![6] = long;
    const ws = XLSX.read(buildErrorWorkbook(p)!, { type: 'array', cellNF: true }).Sheets['未导入的行'];
    expect(ws.B2).toMatchObject({ t: 'n', v: 44505 });
    expect(XLSX.SSF.is_date(ws.B2.z as string)).toBe(true);
    expect(ws.E2).toMatchObject({ t: 'n', v: 1280.5 });
    expect(ws.F2).toMatchObject({ t: 'n', v: 12 });
    expect(ws.G2).toMatchObject({ t: 's', v: '普通' });
    expect(ws.B3).toMatchObject({ t: 's', v: '2021-11-31' });
    expect(ws.E3).toMatchObject({ t: 's', v: '壹佰元整整' });
    expect(String(ws.G3.v)).toHaveLength(32_767);
    expect(String(ws.G3.v)).toMatch(/原文共 40000 字.*台账中保存了全文/);
    expect(ws.I2.v).toMatch(/^已导入台账，以下内容无法识别/);
    expect(ws.J2).toMatchObject({ t: 'n', v: 2 });
  });

  it('returns null when there is nothing to send back', () => {
    const p = parse(xlsxBytes([{ name: 'S', rows: [['采购单位', '日期', '产品名称', '产地', '金额'], ['甲', '2021-11-05', '茶', '勐海县', 1]] }]));
    expect(buildErrorWorkbook(p)).toBeNull();
  });
});
