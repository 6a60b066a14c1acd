/** The checks that compare records with each other or read other tables: trip and near miss. */
import { describe, expect, it } from 'vitest';
import { CLEAN, codesFound, invoiceFor, issuesOf, ledgerWith, rawSql, runChecks } from './helpers';
import { liftLogGuardAt } from '../support/behind-the-app';
import { TEST_BACKEND } from '../core/support';

const UNION = { purchaserName: '上海松江国有资产投资经营管理集团有限公司工会', creditCode: '81310117NYN9L8W7BT', purchaserType: '工会' };

describe('INVOICE_DUPLICATE', () => {
  it('flags one invoice counted by a union and by its employer, across cells holding several numbers', async () => {
    const inv = invoiceFor();
    const { core, ids } = await ledgerWith([
      { ...CLEAN, invoiceNo: inv },
      { ...CLEAN, ...UNION, invoiceNo: `${invoiceFor()}；${inv}` },
      { ...CLEAN, invoiceNo: invoiceFor(), productName: '昭通苹果' },
    ]);
    const report = await runChecks(core);
    expect(issuesOf(report, 'INVOICE_DUPLICATE').map((i) => i.recordId)).toEqual([ids[0], ids[1]]);
    expect(issuesOf(report, 'INVOICE_DUPLICATE')[0].message).toContain(inv);
  });

  it('does not flag one invoice covering several products of one purchaser', async () => {
    const inv = invoiceFor();
    const { core } = await ledgerWith([
      { ...CLEAN, invoiceNo: inv },
      { ...CLEAN, invoiceNo: inv, productName: '昭通苹果', category: '水果', originCode: '530602', amountFen: 50_000, quantity: 10, unitPrice: 50 },
    ]);
    expect(codesFound(await runChecks(core))).toEqual([]);
  });

  it('flags the same product counted twice on one invoice by one purchaser', async () => {
    const inv = invoiceFor();
    const { core, ids } = await ledgerWith([{ ...CLEAN, invoiceNo: inv }, { ...CLEAN, invoiceNo: inv, date: '2021-11-06' }]);
    expect(issuesOf(await runChecks(core), 'INVOICE_DUPLICATE').map((i) => i.recordId)).toEqual(ids);
  });
});

describe('RECORD_DUPLICATE', () => {
  it('flags the later of two records with the same purchaser, date, product and amount', async () => {
    const { core, ids } = await ledgerWith([{ ...CLEAN, invoiceNo: null }, { ...CLEAN, invoiceNo: null }]);
    const found = issuesOf(await runChecks(core), 'RECORD_DUPLICATE');
    expect(found.map((i) => i.recordId)).toEqual([ids[1]]);
    expect(found[0].message).toContain(String(ids[0]));
  });

  it('flags the same purchase under two different invoice numbers, and says the invoices differ', async () => {
    const [a, b] = [invoiceFor(), invoiceFor()];
    const { core, ids } = await ledgerWith([{ ...CLEAN, invoiceNo: a }, { ...CLEAN, invoiceNo: b }]);
    const report = await runChecks(core);
    const found = issuesOf(report, 'RECORD_DUPLICATE');
    expect(found.map((i) => i.recordId)).toEqual([ids[1]]);
    expect(found[0]).toMatchObject({ severity: 'warning' });
    expect(found[0].message).toContain(`发票号码不同（${b}，记录 ${ids[0]} 为 ${a}）`);
    expect(codesFound(report)).toEqual(['RECORD_DUPLICATE']);
  });

  it('finds every group, whatever the names hold, and a month run only the month’s records', async () => {
    // (on a server the repeated keys are looked up again as arrays: quotes, commas and braces must survive)
    const odd = { ...CLEAN, invoiceNo: null, purchaserName: '上海"松江",{食堂}\\ 工会', creditCode: null, productName: "茶叶 '特级'" };
    const { core, ids } = await ledgerWith([odd, odd, odd, { ...CLEAN, invoiceNo: null }, { ...CLEAN, invoiceNo: null }, { ...CLEAN, invoiceNo: null, date: '2021-12-05' }, { ...CLEAN, invoiceNo: null, date: '2021-12-05' }]);
    const found = issuesOf(await runChecks(core), 'RECORD_DUPLICATE');
    expect(found.map((i) => i.recordId)).toEqual([ids[1], ids[2], ids[4], ids[6]]);
    const december = issuesOf(await runChecks(core, '2021-12'), 'RECORD_DUPLICATE');
    expect(december.map((i) => i.recordId)).toEqual([ids[6]]);
  });

  it('does not flag purchases that differ in amount or day', async () => {
    const { core } = await ledgerWith([
      { ...CLEAN, invoiceNo: invoiceFor() },
      { ...CLEAN, invoiceNo: invoiceFor(), date: '2021-11-06' },
      { ...CLEAN, invoiceNo: null, amountFen: 128_400, quantity: null, unitPrice: null },
    ]);
    expect(codesFound(await runChecks(core))).toEqual([]);
  });
});

describe('PURCHASER_CONFLICT', () => {
  it('flags one credit code under two names and one name under two codes', async () => {
    const { core, ids } = await ledgerWith([
      { ...CLEAN, invoiceNo: invoiceFor() },
      { ...CLEAN, invoiceNo: invoiceFor(), productName: '昭通苹果', purchaserName: '松江区中心医院' },
      { ...CLEAN, ...UNION, invoiceNo: invoiceFor() },
      { ...CLEAN, ...UNION, invoiceNo: invoiceFor(), productName: '昭通苹果', creditCode: '91350100M000100Y43', purchaserType: '国有企业' },
    ]);
    const found = issuesOf(await runChecks(core), 'PURCHASER_CONFLICT');
    expect(found.map((i) => i.subject).sort()).toEqual([`creditCode:${CLEAN.creditCode}`, `purchaserName:${UNION.purchaserName}`]);
    expect(found.find((i) => i.subject.startsWith('creditCode'))!.recordId).toBe(ids[0]);
  });

  it('does not count a mistyped (invalid) code as a second code', async () => {
    const { core } = await ledgerWith([{ ...CLEAN, invoiceNo: invoiceFor() }, { ...CLEAN, invoiceNo: invoiceFor(), productName: '昭通苹果', creditCode: '12310117425030498D' }]);
    expect(codesFound(await runChecks(core))).toEqual(['CREDIT_CODE_INVALID']);
  });
});

describe('PRICE_OUTLIER', () => {
  const priced = (unitPrice: number, unit = '盒') => ({ ...CLEAN, invoiceNo: invoiceFor(), quantity: 1, unitPrice, amountFen: Math.round(unitPrice * 100), unit });
  it('flags a unit price above 3× the median of the same product and unit', async () => {
    const { core, ids } = await ledgerWith([priced(100), priced(110), priced(120), priced(400)]);
    expect(issuesOf(await runChecks(core), 'PRICE_OUTLIER').map((i) => i.recordId)).toEqual([ids[3]]);
  });
  it('does not flag 3× exactly, a different unit, or too few prices to judge', async () => {
    const { core } = await ledgerWith([priced(100), priced(110), priced(120), priced(330), priced(2000, '箱')]);
    expect(codesFound(await runChecks(core))).toEqual([]);
    const few = await ledgerWith([priced(100), priced(900)]);
    expect(codesFound(await runChecks(few.core))).toEqual([]);
  });
});

describe('RESERVED_SHARE_LOW', () => {
  async function withPlan(plannedFen: number, boughtFen: number) {
    const { core, ids } = await ledgerWith([{ ...CLEAN, date: '2021-06-05', invoiceNo: invoiceFor('2021-06-05'), amountFen: boughtFen, quantity: null, unitPrice: null }]);
    const { item } = await core.call('lists/save', { kind: 'purchasers', item: { name: CLEAN.purchaserName, creditCode: CLEAN.creditCode, type: '医疗卫生机构', budgetUnit: true } });
    await core.call('plans/save', { purchaserId: item.id, year: 2021, plannedFen });
    return { core, ids };
  }
  it('flags a budget unit below its target share of planned procurement', async () => {
    // target 10% of 100,000 元 = 10,000 元 for the year; bought 9,999.99
    const { core } = await withPlan(10_000_000, 999_999);
    const found = issuesOf(await runChecks(core), 'RESERVED_SHARE_LOW');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('10%');
  });
  it('does not flag a unit at its target, and prorates a month run to the months passed', async () => {
    const { core } = await withPlan(10_000_000, 1_000_000);
    expect(codesFound(await runChecks(core))).toEqual([]);
    // By June 6/12 of the 10% is due: 5,000 元; 4,000 is short, 6,000 is not.
    const short = await withPlan(10_000_000, 400_000);
    expect(issuesOf(await runChecks(short.core, '2021-06'), 'RESERVED_SHARE_LOW')).toHaveLength(1);
    const enough = await withPlan(10_000_000, 600_000);
    expect(codesFound(await runChecks(enough.core, '2021-06'))).toEqual([]);
  });
});

describe('a union’s purchases count toward its employer (名录: 所属单位)', () => {
  type P = { id: number; name: string; type: string | null; employerId: number | null };
  async function unitAndUnion() {
    // planned 100,000 元, 10% due for the year: the unit bought 4,000 元, its union 7,000 元
    const { core } = await ledgerWith([
      { ...CLEAN, date: '2021-06-05', invoiceNo: invoiceFor('2021-06-05'), amountFen: 400_000, quantity: null, unitPrice: null },
      { ...CLEAN, ...UNION, date: '2021-06-06', invoiceNo: invoiceFor('2021-06-06'), amountFen: 700_000, quantity: null, unitPrice: null },
    ]);
    const items = (await core.call('lists/list', { kind: 'purchasers' })).items as unknown as P[];
    const unit = items.find((p) => p.name === CLEAN.purchaserName)!;
    const union = items.find((p) => p.name === UNION.purchaserName)!;
    await core.call('lists/save', { kind: 'purchasers', item: { ...unit, type: '医疗卫生机构', budgetUnit: true } });
    await core.call('plans/save', { purchaserId: unit.id, year: 2021, plannedFen: 10_000_000 });
    return { core, unit, union };
  }

  it('in RESERVED_SHARE_LOW and in the monthly report’s reserved shares', async () => {
    const { core, unit, union } = await unitAndUnion();
    expect(issuesOf(await runChecks(core), 'RESERVED_SHARE_LOW')).toHaveLength(1);
    expect((await core.call('reports/monthly', { period: '2021-06' })).reservedShares).toEqual([expect.objectContaining({ purchasedFen: 400_000, met: false })]);

    await core.call('lists/save', { kind: 'purchasers', item: { ...union, employerId: unit.id } });
    expect(issuesOf(await runChecks(core), 'RESERVED_SHARE_LOW')).toEqual([]);
    expect((await core.call('reports/monthly', { period: '2021-06' })).reservedShares).toEqual([expect.objectContaining({ purchasedFen: 1_100_000, met: true })]);
  });

  it('only a union names an employer, never itself; an employer a union names is not deleted from under it', async () => {
    const { core, unit, union } = await unitAndUnion();
    await expect(core.call('lists/save', { kind: 'purchasers', item: { ...unit, type: '医疗卫生机构', budgetUnit: true, employerId: union.id } })).rejects.toThrow('只有工会可以填写所属单位');
    await expect(core.call('lists/save', { kind: 'purchasers', item: { ...union, employerId: union.id } })).rejects.toThrow('所属单位不能是工会自己');
    await expect(core.call('lists/save', { kind: 'purchasers', item: { ...union, employerId: 99_999 } })).rejects.toThrow('名录中没有编号为 99999 的购买主体');
    await core.call('lists/save', { kind: 'purchasers', item: { ...union, employerId: unit.id } });
    await expect(core.call('lists/delete', { kind: 'purchasers', id: unit.id })).rejects.toThrow(`是“${UNION.purchaserName}”的所属单位`);
  });
});

describe('AUDIT_CHAIN_BROKEN', () => {
  it('flags an audit entry changed outside the app, and not an intact log', async () => {
    const { core, file } = await ledgerWith([CLEAN]);
    expect(codesFound(await runChecks(core))).toEqual([]);
    liftLogGuardAt(file);
    rawSql(file, "UPDATE audit_log SET actor = '别人' WHERE seq = 2");
    const found = issuesOf(await runChecks(core), 'AUDIT_CHAIN_BROKEN');
    expect(found.map((i) => i.subject)).toContain('audit:2');
  });
});

describe('attachment and certificate checks', () => {
  it('find records without an invoice file, stored files gone, and purchases outside a certificate', async () => {
    const { core, file, ids } = await ledgerWith([CLEAN, { ...CLEAN, invoiceNo: invoiceFor(), date: '2022-06-01', productName: '昭通苹果' }]);
    const before = await runChecks(core);
    expect(issuesOf(before, 'ATTACHMENT_MISSING').map((i) => i.recordId)).toEqual(ids);
    // rows as the attachments domain writes them (electron/core/db/migrations/006-attachments.ts);
    // the file itself was never stored, so it is broken (a server ledger registers the document,
    // migration 013, whose bytes are then missing)
    const at = '2021-12-01T00:00:00.000Z';
    if (TEST_BACKEND === 'postgres') rawSql(file, 'INSERT INTO attachment_blobs (sha256, size) VALUES (?, 3)', 'a'.repeat(64));
    rawSql(file, "INSERT INTO attachments (id, sha256, size, mime, original_name, created_at) VALUES (1, ?, 3, 'application/pdf', '发票.pdf', ?)", 'a'.repeat(64), at);
    rawSql(file, "INSERT INTO attachment_links (id, attachment_id, entity, entity_id, role, created_at) VALUES (1, 1, 'record', ?, '发票', ?)", ids[0], at);
    rawSql(file, "INSERT INTO certificates (id, kind, number, product_name, valid_from, valid_to, created_at, updated_at) VALUES (1, '帮扶产品认定', 'C1', '昭通苹果', '2021-01-01', '2021-12-31', ?, ?)", at, at);
    rawSql(file, "INSERT INTO certificates (id, kind, number, product_name, valid_from, valid_to, created_at, updated_at) VALUES (2, '帮扶产品认定', 'C2', ?, NULL, NULL, ?, ?)", CLEAN.productName, at, at);
    rawSql(file, "INSERT INTO products (name, in_catalogue) VALUES ('定日青稞挂面', 1)");
    const after = await runChecks(core);
    expect(issuesOf(after, 'ATTACHMENT_MISSING').map((i) => i.recordId)).toEqual([ids[1]]);
    expect(issuesOf(after, 'ATTACHMENT_BROKEN').map((i) => i.subject)).toEqual(['attachment:1']);
    expect(issuesOf(after, 'CERT_EXPIRED').map((i) => i.recordId)).toEqual([ids[1]]);
    // 定日青稞挂面 is in the catalogue without a certificate, but nobody bought it: nothing to report.
    expect(issuesOf(after, 'CERT_MISSING')).toEqual([]);
  });

  it('CERT_MISSING: a catalogue product bought without a certificate on file', async () => {
    const { core, file, ids } = await ledgerWith([CLEAN]);
    rawSql(file, "INSERT INTO products (name, in_catalogue) VALUES (?, 1)", CLEAN.productName);
    const found = issuesOf(await runChecks(core), 'CERT_MISSING');
    expect(found).toEqual([expect.objectContaining({ subject: `product:${CLEAN.productName}`, recordId: ids[0] })]);
  });
});
