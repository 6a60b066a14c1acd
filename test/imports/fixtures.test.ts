/** The shared sample files land with exactly the record counts and totals of samples.json. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImportFile } from '../../electron/core/imports';
import { TEAM_FIXTURES } from '../support/fixtures';
import { realResolver } from './helpers/resolver';

const DIR = TEAM_FIXTURES + '/';
const samples = JSON.parse(readFileSync(`${DIR}samples.json`, 'utf8')) as {
  files: { file: string; records: number; totalFen: number; months: string[]; encoding?: string; amountUnit?: string }[];
};

// The real region table and resolver (shared/regions), as the app uses them.
const resolveCounty = realResolver();

describe('fixtures of ../shared/fixtures', () => {
  for (const sample of samples.files) {
    it(`${sample.file}: ${sample.records} records, ${sample.totalFen} fen`, () => {
      const bytes = new Uint8Array(readFileSync(DIR + sample.file));
      const r = parseImportFile(bytes, sample.file, { resolveCounty });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      const p = r.value;
      expect(p.totals).toEqual({ rows: sample.records, validRows: sample.records, errorRows: 0, rejectedRows: 0, totalFen: sample.totalFen });
      expect(p.rows.every((row) => row.errors.length === 0)).toBe(true);
      for (const row of p.rows) {
        expect(sample.months).toContain(row.values.date!.slice(0, 7));
        expect(row.values.originCode).toMatch(/^\d{6}$/);
        expect(row.values.invoiceNo).toMatch(/^\d{20}$/);
        expect(row.values.purchaserName).toBeTruthy();
        expect(row.values.productName).toBeTruthy();
      }
      expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(p.headerSignature).toMatch(/^[0-9a-f]{64}$/);
      if (sample.encoding === 'GBK') {
        expect(p.fileType).toBe('csv');
        expect(p.encoding).toBe('gb18030');
      }
      if (sample.amountUnit === '万元') expect(p.mapping.find((m) => m.field === 'amountFen')?.unit).toBe('万元');
    });
  }

  it('hospital workbook: date cells, 20-digit invoices as text, the bad check character kept for the checks', () => {
    const bytes = new Uint8Array(readFileSync(`${DIR}sample-hospital-2021-11.xlsx`));
    const r = parseImportFile(bytes, 'h.xlsx', { resolveCounty });
    if (!r.ok) throw new Error(r.error.message);
    const first = r.value.rows[0];
    expect(first.sourceRow).toBe(2);
    expect(first.values).toMatchObject({
      date: '2021-11-20',
      purchaserName: '上海市松江区机关事务管理局',
      creditCode: '11310117LKDJ3YYYJ8',
      productName: '彝良天麻',
      category: '中药材',
      quantity: 10,
      unit: '盒',
      unitPrice: 170.2,
      amountFen: 170200,
      channel: '食堂直采',
      invoiceNo: '21312000000000001116',
    });
    // “直营店/专柜” is not a ledger channel word: accepted as 专柜/专馆/专区 with a visible warning.
    const aliased = r.value.rows.filter((row) => row.warnings.length > 0);
    expect(aliased.map((row) => row.sourceRow)).toEqual([5, 22]);
    expect(aliased[0].values.channel).toBe('专柜/专馆/专区');
    expect(r.value.mapping.map((m) => m.field)).toEqual([
      'purchaserName', 'creditCode', 'date', 'productName', 'category', 'originCode', 'quantity', 'unit', 'unitPrice', 'amountFen', 'channel', 'invoiceNo',
    ]);
  });

  it('union CSV: GBK, 万元 header, 2021/12/5 dates', () => {
    const bytes = new Uint8Array(readFileSync(`${DIR}sample-union-2021-12-gbk.csv`));
    const r = parseImportFile(bytes, 'u.csv', { resolveCounty });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rows[0].values).toMatchObject({ purchaserName: '上海市松江区机关事务管理局', date: '2021-12-12', amountFen: 17000, productName: '亚东黑木耳' });
    expect(r.value.rows.find((row) => row.sourceRow === 5)?.values.date).toBe('2021-12-05');
    expect(r.value.notices.join()).toContain('万元');
  });
});
