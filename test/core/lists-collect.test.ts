/**
 * 名录 fills itself: importing a unit's workbook (real xlsx bytes) and typing records add each
 * purchaser (by credit code, by name where there is none), supplier and product to the lists,
 * audited; the type comes from the file, else from the credit code; one code under two names
 * is PURCHASER_CONFLICT and is never merged; the monthly report's by-type figures show the types.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { purchaserTypeFromCreditCode } from '../../shared/credit-code';
import { coreWithLedger, readLedger } from './support';

const EDU = '113101170000000011'; // 11 机关
const HOSPITAL = '123101170000000021'; // 12 事业单位
const COMPANY = '91310117000000003Y'; // 91 企业
const UNION = '813101170000000043'; // 81 工会

function workbook(rows: unknown[][]): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '明细');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

const HEADER = ['日期', '采购单位', '统一社会信用代码', '主体类型', '产品名称', '产品类别', '产地', '供应商', '金额（元）'];

describe('名录 fills itself', () => {
  it('takes purchasers, suppliers and products from an imported workbook, with types from the file or the credit code', async () => {
    const { core, file } = await coreWithLedger();
    const content = workbook([
      HEADER,
      ['2021-11-05', '松江区教育局', EDU, '', '勐海普洱茶', '茶叶', '勐海县', '勐海县茶业有限公司', '1000'],
      ['2021-11-06', '松江区中心医院', HOSPITAL, '医疗卫生机构', '昭通苹果', '水果', '昭阳区', '昭通市果品专业合作社', '2000'],
      ['2021-11-07', '上海某某贸易有限公司', COMPANY, '', '勐海普洱茶', '茶叶', '勐海县', '勐海县茶业有限公司', '3000'],
      ['2021-11-08', '松江区总工会', UNION, '', '莎车巴旦木', '加工食品', '莎车县', '', '4000'],
      ['2021-11-09', '张三', '', '个人', '莎车巴旦木', '加工食品', '莎车县', '', '500'],
      // the same code under a second name: a conflict, not a second unit and not a rename
      ['2021-11-10', '松江区教育局办公室', EDU, '', '昭通苹果', '水果', '昭阳区', '', '600'],
    ]);
    expect(await core.call('imports/file', { fileName: '11月.xlsx', content })).toMatchObject({ status: 'imported', records: 6 });

    const { items: purchasers } = await core.call('lists/list', { kind: 'purchasers' });
    const byName = (n: string) => purchasers.filter((p) => (p as { name: string }).name === n);
    expect(purchasers).toHaveLength(5);
    expect(byName('松江区教育局')).toEqual([expect.objectContaining({ creditCode: EDU, type: '党政机关' })]);
    expect(byName('松江区中心医院')).toEqual([expect.objectContaining({ creditCode: HOSPITAL, type: '医疗卫生机构' })]);
    expect(byName('上海某某贸易有限公司')).toEqual([expect.objectContaining({ creditCode: COMPANY, type: '民营企业' })]);
    expect(byName('松江区总工会')).toEqual([expect.objectContaining({ creditCode: UNION, type: '工会' })]);
    expect(byName('张三')).toEqual([expect.objectContaining({ creditCode: null, type: '个人' })]);
    expect(byName('松江区教育局办公室')).toEqual([]);

    const { items: suppliers } = await core.call('lists/list', { kind: 'suppliers' });
    expect(suppliers.map((s) => [(s as { name: string }).name, (s as { kind: string | null }).kind]).sort()).toEqual([
      ['勐海县茶业有限公司', null],
      ['昭通市果品专业合作社', '合作社'],
    ]);
    const { items: products } = await core.call('lists/list', { kind: 'products' });
    expect(products.map((p) => [(p as { name: string }).name, (p as { category: string }).category]).sort()).toEqual([
      ['勐海普洱茶', '茶叶'],
      ['昭通苹果', '水果'],
      ['莎车巴旦木', '加工食品'],
    ]);

    const conflicts = (await core.call('checks/run', {})).issues.filter((i) => i.code === 'PURCHASER_CONFLICT');
    expect(conflicts.map((i) => i.subject)).toEqual([`creditCode:${EDU}`]);

    // through the one write path: audited, and the ledger still verifies
    const audited = readLedger(file, (db) =>
      db.prepare("SELECT entity, count(*) AS n FROM audit_log WHERE entity IN ('purchaser', 'supplier', 'product') GROUP BY entity ORDER BY entity").all(),
    );
    expect(audited).toEqual([
      { entity: 'product', n: 3 },
      { entity: 'purchaser', n: 5 },
      { entity: 'supplier', n: 2 },
    ]);
    expect((await core.call('verify/ledger', {})).ok).toBe(true);

    // the monthly report's by-type figures show the types, not 未填
    const report = await core.call('reports/monthly', { period: '2021-11' });
    expect(Object.fromEntries(report.byPurchaserType.map((b) => [b.name, b.amountFen]))).toEqual({
      党政机关: 160_000,
      医疗卫生机构: 200_000,
      民营企业: 300_000,
      工会: 400_000,
      个人: 50_000,
    });

    // a second file naming the same units adds nothing twice
    const again = workbook([HEADER, ['2021-11-20', '松江区教育局', EDU, '', '勐海普洱茶', '茶叶', '勐海县', '勐海县茶业有限公司', '700']]);
    await core.call('imports/file', { fileName: '11月补报.xlsx', content: again });
    expect((await core.call('lists/list', { kind: 'purchasers' })).items).toHaveLength(5);
    expect((await core.call('lists/list', { kind: 'products' })).items).toHaveLength(3);
  });

  it('takes them from typed records too, and keeps a clerk’s correction in 名录', async () => {
    const { core } = await coreWithLedger();
    const values = { date: '2021-11-05', purchaserName: '松江区民政局', creditCode: '11310117000000005D', productName: '泽普红枣', originCode: '653124', amountFen: 10_000 };
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values }] });
    const [p] = (await core.call('lists/list', { kind: 'purchasers' })).items as { id: number; name: string; type: string }[];
    expect(p).toMatchObject({ name: '松江区民政局', type: '党政机关' });
    expect((await core.call('lists/list', { kind: 'products' })).items).toEqual([expect.objectContaining({ name: '泽普红枣', originCode: '653124' })]);

    // 名录 is the clerk's: a type set there is not overwritten by the next record
    await core.call('lists/save', { kind: 'purchasers', item: { ...p, type: '事业单位' } });
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: { ...values, date: '2021-11-06' } }] });
    expect((await core.call('lists/list', { kind: 'purchasers' })).items).toEqual([expect.objectContaining({ name: '松江区民政局', type: '事业单位' })]);
    // and the report follows the list for records that do not say their type
    const report = await core.call('reports/monthly', { period: '2021-11' });
    expect(report.byPurchaserType).toEqual([expect.objectContaining({ name: '事业单位', amountFen: 20_000 })]);
  });

  it('completes an entry first known by name when the code arrives, instead of listing the purchaser twice', async () => {
    const { core, file } = await coreWithLedger();
    const values = { date: '2021-11-05', purchaserName: '松江区民政局', productName: '泽普红枣', originCode: '653124', amountFen: 10_000 };
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values }] });
    expect((await core.call('lists/list', { kind: 'purchasers' })).items).toEqual([expect.objectContaining({ name: '松江区民政局', creditCode: null })]);
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: { ...values, date: '2021-11-06', creditCode: '11310117000000005D' } }] });
    expect((await core.call('lists/list', { kind: 'purchasers' })).items).toEqual([
      expect.objectContaining({ name: '松江区民政局', creditCode: '11310117000000005D', type: '党政机关' }),
    ]);
    // the completion is an audited update of the entry, not a silent rewrite
    const actions = readLedger(file, (db) => db.prepare("SELECT action FROM audit_log WHERE entity = 'purchaser' ORDER BY seq").pluck().all());
    expect(actions).toEqual(['insert', 'update']);
    // a different name under that code stays a separate entry (PURCHASER_CONFLICT decides), never merged
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: { ...values, date: '2021-11-07', purchaserName: '松江区民政局办公室', creditCode: '11310117000000005D' } }] });
    expect((await core.call('lists/list', { kind: 'purchasers' })).items).toHaveLength(1);
  });

  it('reads the type from the credit code’s first two characters', () => {
    expect(['11', '12', '51', '52', '53', '81', '91', '92', '93', '31'].map((p) => purchaserTypeFromCreditCode(`${p}3101170000000000`))).toEqual([
      '党政机关', '事业单位', '社会组织', '社会组织', '社会组织', '工会', '民营企业', '民营企业', '其他', null,
    ]);
  });
});
