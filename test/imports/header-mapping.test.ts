/** Header normalisation, the synonym table, fuzzy matching, and the mapping's signature. */
import { describe, expect, it } from 'vitest';
import { headerSignature, mapColumns, matchHeader, MIN_CONFIDENCE } from '../../electron/core/imports';
import { FIELD_SYNONYMS, SYNONYM_CONFLICTS } from '../../electron/core/imports/header-synonyms';
import { normalizeHeader } from '../../electron/core/imports/normalize-header';
import { RECORD_FIELDS } from '../../shared/record-fields';
import { HELD_OUT_HEADERS } from './helpers/held-out-headers';

describe('normalizeHeader', () => {
  it.each([
    ['金额（元）', '金额', '元'],
    ['金额(万元)', '金额', '万元'],
    ['金额/万元', '金额', '万元'],
    ['采购金额 单位：万元', '采购金额', '万元'],
    ['＊采购\n金额【万元】', '采购金额', '万元'],
    ['※ 产品 名称', '产品名称', undefined],
    ['带动户数（户）', '带动户数', undefined],
    ['数量(公斤)', '数量', undefined],
    ['ＡＢＣ　日期', 'abc日期', undefined],
    ['1、日期', '日期', undefined],
    ['日期（必填）', '日期', undefined],
    ['单价（元/斤）', '单价', '元'],
  ])('%j → %j (%s)', (raw, key, unit) => {
    const n = normalizeHeader(raw);
    expect(n.key).toBe(key);
    expect(n.unit).toBe(unit);
  });
});

describe('synonym table', () => {
  it('has an entry list for every record field and no key under two fields', () => {
    for (const f of RECORD_FIELDS) expect(FIELD_SYNONYMS[f.key].length).toBeGreaterThan(0);
    expect(SYNONYM_CONFLICTS).toEqual([]);
  });

  it('maps every field label of RECORD_FIELDS to its field', () => {
    for (const f of RECORD_FIELDS) expect([f.label, matchHeader(f.label).field]).toEqual([f.label, f.key]);
  });

  it('maps the headers named in the issue', () => {
    const cases: [string, string][] = [
      ['采购单位', 'purchaserName'], ['购买单位', 'purchaserName'], ['购买主体', 'purchaserName'], ['单位名称', 'purchaserName'],
      ['金额', 'amountFen'], ['采购金额', 'amountFen'], ['总金额', 'amountFen'],
      ['产地', 'originCode'], ['原产地', 'originCode'], ['产地县', 'originCode'],
    ];
    for (const [h, f] of cases) expect([h, matchHeader(h).field]).toEqual([h, f]);
  });

  it('maps headers found unmapped in a sweep of 90 more variants, and ignores a yes/no column', () => {
    const cases: [string, string | null][] = [
      ['县（市、区）', 'originCode'], ['县(区)', 'originCode'], ['脱贫县', 'originCode'], ['脱贫县（市、区）', 'originCode'],
      ['是否认定产品', null], ['是否为帮扶产品', null],
    ];
    for (const [h, f] of cases) expect([h, matchHeader(h).field]).toEqual([h, f]);
    expect(matchHeader('是否认定产品').ignored).toBe(true);
  });

  it(`maps held-out headers it was not written from (${HELD_OUT_HEADERS.length} variants)`, () => {
    const wrong: string[] = [];
    for (const [header, field] of HELD_OUT_HEADERS) {
      const m = matchHeader(header);
      const got = m.confidence >= MIN_CONFIDENCE ? m.field : null;
      if (got !== field) wrong.push(`${JSON.stringify(header)}: want ${field}, got ${got} (${m.confidence})`);
      if (field === null && !m.ignored) wrong.push(`${JSON.stringify(header)}: should be a known, ignored column`);
    }
    expect(wrong).toEqual([]);
  });

  it('fuzzy matches typos with lower confidence', () => {
    const typo = matchHeader('统一社会信用代玛');
    expect(typo.field).toBe('creditCode');
    expect(typo.confidence).toBeLessThan(1);
    expect(typo.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    expect(matchHeader('产品名陈').field).toBe('productName');
  });

  it('leaves unknown headers unmapped, with zero confidence', () => {
    for (const h of ['', '   ', '__proto__', 'constructor', 'hasOwnProperty', '天气', 'xyz']) {
      const m = matchHeader(h);
      expect([h, m.field, m.confidence]).toEqual([h, null, 0]);
    }
  });
});

describe('mapColumns', () => {
  const cols = (headers: string[]) => headers.map((h, i) => ({ column: i, header: h, parts: [h] }));

  it('gives each field to one column: the most confident, then the leftmost', () => {
    const m = mapColumns(cols(['金额', '价税合计', '名称', '产品名称', '数量', '重量']));
    expect(m.map((e) => e.field)).toEqual([null, 'amountFen', null, 'productName', 'quantity', null]);
  });

  it('remembers 万元 from the header, or from the title row when the header says nothing', () => {
    expect(mapColumns(cols(['金额（万元）']))[0].unit).toBe('万元');
    expect(mapColumns(cols(['金额']), '万元')[0].unit).toBe('万元');
    expect(mapColumns(cols(['金额（元）']), '万元')[0].unit).toBe('元');
    expect(mapColumns(cols(['金额']))[0].unit).toBe('元');
  });

  it('two-row headers: group + sub', () => {
    const m = mapColumns([
      { column: 0, header: '采购单位/单位名称', parts: ['采购单位', '单位名称'] },
      { column: 1, header: '采购单位/统一社会信用代码', parts: ['采购单位', '统一社会信用代码'] },
      { column: 2, header: '供应商/名称', parts: ['供应商', '名称'] },
      { column: 3, header: '供应商/统一社会信用代码', parts: ['供应商', '统一社会信用代码'] },
      { column: 4, header: '产品/类别', parts: ['产品', '类别'] },
      { column: 5, header: '金额/单价', parts: ['金额', '单价'] },
    ]);
    expect(m.map((e) => e.field)).toEqual(['purchaserName', 'creditCode', 'supplierName', null, 'category', 'unitPrice']);
    expect(m[3].ignored).toBe(true);
  });

  it('headerSignature is stable for the same layout and changes with it', () => {
    const a = headerSignature(cols(['采购单位', '日期', '金额（元）']));
    expect(headerSignature(cols(['采购单位 ', '日期', '金额(元)']))).toBe(a);
    expect(headerSignature(cols(['日期', '采购单位', '金额（元）']))).not.toBe(a);
    // A unit switching to 万元 is a different layout: last month's 元 mapping must not be reused.
    expect(headerSignature(cols(['采购单位', '日期', '金额（万元）']))).not.toBe(a);
  });
});
