import { describe, expect, it } from 'vitest';
import { orderBySql, withSortKeys } from '../../electron/core/records/query';
import type { SortSpec } from '../../shared/api';
import { coreWithLedger, SAMPLE, TEST_BACKEND } from './support';
import { queryPlan } from './support/query-plan';

/** Who the audit names: the app's user on a file; on PostgreSQL the database user (the ledger's address says which). */
const actorOf = (address: string) => (TEST_BACKEND === 'postgres' ? decodeURIComponent(new URL(address).username) : '测试员');

describe('records', () => {
  it('inserts, updates and deletes through one audited write, and lists what was written', async () => {
    const { core, file } = await coreWithLedger();
    const { changes } = await core.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }] });
    expect(changes).toHaveLength(1);
    const id = changes[0].id;
    expect(changes[0].after).toMatchObject({ ...SAMPLE, id });

    const upd = await core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id, values: { amountFen: 99999, remark: '补录' } }] });
    expect(upd.changes[0].before?.amountFen).toBe(128500);
    expect(upd.changes[0].after).toMatchObject({ amountFen: 99999, remark: '补录' });

    const { rows } = await core.call('records/list', { startRow: 0, endRow: 100, sort: [], filters: {} });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id, amountFen: 99999, originCode: '532822' });

    const history = await core.call('audit/history', { entity: 'record', entityId: id });
    expect(history.entries.map((e) => e.action)).toEqual(['update', 'insert']);
    expect(history.entries[0]).toMatchObject({ actor: actorOf(file), label: '编辑' });

    await core.call('records/apply', { label: '删除', ops: [{ type: 'delete', id }] });
    expect((await core.call('records/totals', { filters: {} })).count).toBe(0);
  });

  it('refuses a value a field cannot take, with a Chinese message, and writes nothing of the batch', async () => {
    const { core } = await coreWithLedger();
    const r = await core.invoke('records/apply', {
      label: '粘贴 2 行',
      ops: [
        { type: 'insert', values: { ...SAMPLE } },
        { type: 'insert', values: { ...SAMPLE, originCode: '999999', date: '2021-02-30', channel: '淘宝' } },
      ],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.message).toMatch(/产地/);
      expect(r.error.message).toMatch(/日期/);
      expect(r.error.message).toMatch(/销售渠道只能是/);
    }
    expect((await core.call('records/totals', { filters: {} })).count).toBe(0);
    const history = await core.call('audit/history', { entity: 'record' });
    expect(history.entries).toHaveLength(0);
  });

  it('refuses fractional fen instead of rounding', async () => {
    const { core } = await coreWithLedger();
    const r = await core.invoke('records/apply', { label: 'x', ops: [{ type: 'insert', values: { amountFen: 12.5 } }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('restores a deleted record under its old id (undo of a delete)', async () => {
    const { core } = await coreWithLedger();
    const { changes } = await core.call('records/apply', { label: 'a', ops: [{ type: 'insert', values: SAMPLE }] });
    const id = changes[0].id;
    await core.call('records/apply', { label: '删除', ops: [{ type: 'delete', id }] });
    const { id: _id, batchId: _b, createdAt: _c, updatedAt: _u, ...values } = changes[0].after!;
    const back = await core.call('records/apply', { label: '撤销删除', ops: [{ type: 'insert', id, values }] });
    expect(back.changes[0].id).toBe(id);
    expect(await core.call('records/get', { id })).toMatchObject(SAMPLE);
  });

  it('sorts and filters in SQL, and totals what the filter selects', async () => {
    const { core } = await coreWithLedger();
    const rows = [
      { ...SAMPLE, productName: '勐海普洱茶', amountFen: 30000, date: '2021-11-03' },
      { ...SAMPLE, productName: '莎车巴旦木', originCode: '653125', category: '加工食品', amountFen: 10000, date: '2021-11-01' },
      { ...SAMPLE, productName: '叶城核桃', originCode: '653126', category: '加工食品', amountFen: 20000, date: '2021-12-02' },
      { ...SAMPLE, productName: '普洱茶饼（100%纯料）', amountFen: 5000, date: '2021-12-09' },
    ];
    await core.call('records/apply', { label: '粘贴', ops: rows.map((values) => ({ type: 'insert' as const, values })) });

    const byAmount = await core.call('records/list', { startRow: 0, endRow: 10, sort: [{ field: 'amountFen', dir: 'desc' }], filters: {} });
    expect(byAmount.rows.map((r) => r.amountFen)).toEqual([30000, 20000, 10000, 5000]);
    expect(byAmount.lastRow).toBe(4);

    const tea = { productName: { type: 'text' as const, op: 'contains' as const, value: '普洱' } };
    expect(await core.call('records/totals', { filters: tea })).toEqual({ count: 2, amountFen: 35000 });
    // LIKE wildcards in user text are literal
    expect((await core.call('records/totals', { filters: { productName: { type: 'text', op: 'contains', value: '100%' } } })).count).toBe(1);

    // the origin column holds codes, people filter it by name
    const kashgar = await core.call('records/totals', { filters: { originCode: { type: 'text', op: 'contains', value: '莎车' } } });
    expect(kashgar).toEqual({ count: 1, amountFen: 10000 });

    // pick-list columns: 'contains' means the options containing the text, exactly as LIKE would
    const processed = { category: { type: 'text' as const, op: 'contains' as const, value: '加工' } };
    expect(await core.call('records/totals', { filters: processed })).toEqual({ count: 2, amountFen: 30000 });
    const notProcessed = { category: { type: 'text' as const, op: 'notContains' as const, value: '加工' } };
    expect((await core.call('records/totals', { filters: notProcessed })).count).toBe(2);
    expect((await core.call('records/totals', { filters: { category: { type: 'text', op: 'startsWith', value: '茶' } } })).count).toBe(2);
    expect((await core.call('records/totals', { filters: { category: { type: 'text', op: 'contains', value: '无此类' } } })).count).toBe(0);

    const range = await core.call('records/totals', { filters: { amountFen: { type: 'number', op: 'inRange', value: 10000, valueTo: 20000 } } });
    expect(range.count).toBe(2);
    const december = await core.call('records/totals', { filters: {}, period: '2021-12' });
    expect(december).toEqual({ count: 2, amountFen: 25000 });
    const dates = await core.call('records/totals', { filters: { date: { type: 'date', op: 'lessThan', value: '2021-11-02' } } });
    expect(dates.count).toBe(1);
  });

  it('finds the next matching row in the grid order', async () => {
    const { core } = await coreWithLedger();
    const names = ['甲', '核桃乙', '丙', '核桃丁'];
    await core.call('records/apply', { label: 'x', ops: names.map((productName, i) => ({ type: 'insert' as const, values: { ...SAMPLE, productName, amountFen: (i + 1) * 100 } })) });
    const sort = [{ field: 'amountFen' as const, dir: 'desc' as const }];
    const first = await core.call('records/find', { text: '核桃', sort, filters: {}, fromIndex: -1 });
    expect(first).toMatchObject({ index: 0, field: 'productName', matches: 2 });
    const second = await core.call('records/find', { text: '核桃', sort, filters: {}, fromIndex: first!.index });
    expect(second).toMatchObject({ index: 2 });
    expect(await core.call('records/find', { text: '核桃', sort, filters: {}, fromIndex: second!.index })).toBeNull();
    const back = await core.call('records/find', { text: '核桃', sort, filters: {}, fromIndex: 2, backwards: true });
    expect(back).toMatchObject({ index: 0 });
  });

  it('finds what the grid displays: county names, amounts as formatted, numbers', async () => {
    const { core } = await coreWithLedger();
    const rows = [
      { ...SAMPLE, productName: '青稞面', originCode: '540222', quantity: 20, unitPrice: 59.7, amountFen: 119400 },
      { ...SAMPLE, productName: '牦牛肉', originCode: '632621', quantity: 8, unitPrice: 120, amountFen: 96000, households: 37 },
      { ...SAMPLE, productName: '普洱茶', originCode: '532822', quantity: 1, unitPrice: 12345.5, amountFen: 1234550 },
    ];
    await core.call('records/apply', { label: 'x', ops: rows.map((values) => ({ type: 'insert' as const, values })) });
    const find = (text: string) => core.call('records/find', { text, sort: [], filters: {}, fromIndex: -1 });
    expect(await find('玛沁')).toMatchObject({ index: 1, field: 'originCode', matches: 1 });
    expect(await find('果洛')).toMatchObject({ index: 1, field: 'originCode' });
    expect(await find('1194')).toMatchObject({ index: 0, field: 'amountFen', matches: 1 });
    expect(await find('1,194.00')).toMatchObject({ index: 0, field: 'amountFen' });
    expect(await find('12,345.50')).toMatchObject({ index: 2, field: 'amountFen' });
    expect(await find('59.7')).toMatchObject({ index: 0, field: 'unitPrice' });
    expect(await find('37')).toMatchObject({ index: 1, field: 'households' });
    expect(await find('不存在')).toBeNull();
  });

  it('keeps lists with credit-code checks', async () => {
    const { core } = await coreWithLedger();
    const bad = await core.invoke('lists/save', { kind: 'purchasers', item: { name: '某单位', creditCode: '91350100M000100Y44', type: '民营企业' } });
    expect(bad.ok).toBe(false);
    const good = await core.call('lists/save', { kind: 'purchasers', item: { name: '某单位', creditCode: '91350100M000100Y43', type: '民营企业', budgetUnit: false } });
    expect(good.item).toMatchObject({ name: '某单位', creditCode: '91350100M000100Y43', budgetUnit: false });
    const found = await core.call('lists/list', { kind: 'purchasers', search: 'M000100' });
    expect(found.items).toHaveLength(1);
  });
});

describe('pick-list indexes', () => {
  it('serve a pick-list filter sorted by amount, and sorting by the column, without a temp sort', async () => {
    const { core } = await coreWithLedger();
    const { db, kysely } = core.ctx.ledger!;
    // the grid's ORDER BY (on SQLite: amount_fen DESC, id DESC; on PostgreSQL with SQLite's NULL order)
    const order = (sort: SortSpec) => orderBySql(sort, db).compile(kysely).sql;
    const byAmount = queryPlan(db, `SELECT * FROM records WHERE channel IN ('832平台') ORDER BY ${order([{ field: 'amountFen', dir: 'desc' }])} LIMIT 100`);
    expect(byAmount.index, byAmount.text).toBe('records_channel_amount');
    expect(byAmount.sorts, byAmount.text).toBe(false);
    const byChannel = queryPlan(db, `SELECT * FROM records ORDER BY ${order([{ field: 'channel', dir: 'asc' }])} LIMIT 100`);
    expect(byChannel.sorts, byChannel.text).toBe(false);
    await core.call('records/apply', {
      label: '录入',
      ops: [
        { type: 'insert', values: { ...SAMPLE, channel: '832平台', amountFen: 300 } },
        { type: 'insert', values: { ...SAMPLE, channel: '食堂直采', amountFen: 200 } },
        { type: 'insert', values: { ...SAMPLE, channel: '832平台', amountFen: 100 } },
      ],
    });
    const page = await core.call('records/list', { startRow: 0, endRow: 10, filters: {}, sort: [{ field: 'channel', dir: 'asc' }] });
    expect(page.rows.map((r) => [r.channel, r.amountFen])).toEqual([['832平台', 100], ['832平台', 300], ['食堂直采', 200]]);
  });
});

describe('sorting by an indexed column', () => {
  it('reads the page straight from an index, in either direction (no temp sort), with ties in a stable order', async () => {
    const { core } = await coreWithLedger();
    const ledger = core.ctx.ledger!;
    const indexed = ['date', 'purchaserName', 'creditCode', 'purchaserType', 'productName', 'category', 'originCode', 'supplierName', 'amountFen', 'channel', 'invoiceNo'] as const;
    for (const field of indexed) {
      for (const dir of ['asc', 'desc'] as const) {
        const sort = [{ field, dir }];
        const order = orderBySql(sort, ledger.db);
        // names sort by their pinyin key, joined from record_sort_keys (migration 11)
        const page = withSortKeys(ledger.kysely.selectFrom('records'), sort).selectAll('records').orderBy(order).limit(100).compile();
        const p = queryPlan(ledger.db, page.sql, page.parameters);
        const says = `${field} ${dir}: ${order.compile(ledger.kysely).sql}: ${p.text}`;
        expect(p.index, says).not.toBeNull();
        expect(p.sorts, says).toBe(false);
      }
    }
    // a credit code's rows come by purchaser, then date, then amount
    await core.call('records/apply', {
      label: '录入',
      ops: [
        { type: 'insert', values: { ...SAMPLE, date: '2021-11-09', amountFen: 300 } },
        { type: 'insert', values: { ...SAMPLE, date: '2021-11-02', amountFen: 200 } },
        { type: 'insert', values: { ...SAMPLE, date: '2021-11-02', amountFen: 100 } },
      ],
    });
    const page = await core.call('records/list', { startRow: 0, endRow: 10, filters: {}, sort: [{ field: 'creditCode', dir: 'asc' }] });
    expect(page.rows.map((r) => [r.date, r.amountFen])).toEqual([['2021-11-02', 100], ['2021-11-02', 200], ['2021-11-09', 300]]);
  });
});
