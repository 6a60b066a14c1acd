/** The grid's view of the ledger: where a record is in the current order (检查 › 查看记录); names in pinyin order. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { migrate } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { m011PinyinSortKeys as PINYIN_MIGRATION } from '../../electron/core/db/migrations/011-pinyin-sort-keys';
import { write } from '../../electron/core/db/write-path';
import { defaultSettings } from '../../electron/core/settings/defaults';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { coreWithLedger, newCore, SAMPLE, tempDir, TEST_BACKEND } from './support';

describe('records/indexOf', () => {
  it('gives a record’s row in the grid’s order, sorted or not, and null when the filters hide it', async () => {
    const { core } = await coreWithLedger();
    const names = ['上海九亭', '上海华腾', '安徽黄山', '北京东城'];
    const { changes } = await core.call('records/apply', {
      label: '新增',
      ops: names.map((purchaserName, i) => ({ type: 'insert' as const, values: { ...SAMPLE, purchaserName, amountFen: 1000 * (i + 1) } })),
    });
    const ids = changes.map((c) => c.id);
    expect(await core.call('records/indexOf', { filters: {}, sort: [], id: ids[2] })).toEqual({ index: 2 });
    expect(await core.call('records/indexOf', { filters: {}, sort: [{ field: 'amountFen', dir: 'desc' }], id: ids[0] })).toEqual({ index: 3 });
    const filters = { purchaserName: { type: 'text' as const, op: 'contains' as const, value: '上海' } };
    expect(await core.call('records/indexOf', { filters, sort: [], id: ids[1] })).toEqual({ index: 1 });
    expect(await core.call('records/indexOf', { filters, sort: [], id: ids[3] })).toBeNull();
    expect(await core.call('records/indexOf', { filters: {}, sort: [], id: 999 })).toBeNull();
  });
});

const NAMES = ['上海九亭', '上海华腾', '安徽黄山', 'ABC贸易', '北京东城', '上海'];
const PINYIN_ORDER = ['ABC贸易', '安徽黄山', '北京东城', '上海', '上海华腾', '上海九亭'];

async function namesIn(core: Core, field: 'purchaserName' | 'productName' | 'supplierName', dir: 'asc' | 'desc' = 'asc') {
  const { rows } = await core.call('records/list', { startRow: 0, endRow: 100, filters: {}, sort: [{ field, dir }] });
  return rows.map((r) => r[field]);
}

describe('names sort by pinyin, as Excel and WPS sort them', () => {
  it('orders purchasers, products and suppliers by pinyin, both ways, and follows edits and deletions', async () => {
    const { core } = await coreWithLedger();
    const { changes } = await core.call('records/apply', {
      label: '新增',
      ops: NAMES.map((n) => ({ type: 'insert' as const, values: { ...SAMPLE, purchaserName: n, productName: `${n}茶`, supplierName: `${n}合作社` } })),
    });
    expect(await namesIn(core, 'purchaserName')).toEqual(PINYIN_ORDER);
    expect(await namesIn(core, 'purchaserName', 'desc')).toEqual([...PINYIN_ORDER].reverse());
    expect(await namesIn(core, 'productName')).toEqual(PINYIN_ORDER.map((n) => `${n}茶`));
    expect(await namesIn(core, 'supplierName')).toEqual(PINYIN_ORDER.map((n) => `${n}合作社`));

    // an edit moves the row; a deleted record leaves no key behind
    const jiuting = changes.find((c) => c.after?.purchaserName === '上海九亭')!.id;
    await core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id: jiuting, values: { purchaserName: '阿坝九亭' } }] });
    expect((await namesIn(core, 'purchaserName'))[1]).toBe('阿坝九亭');
    await core.call('records/apply', { label: '删除', ops: [{ type: 'delete', id: jiuting }] });
    const db = core.ctx.ledger!.db;
    expect(db.prepare('SELECT count(*) AS n FROM record_sort_keys WHERE record_id = ?').get(jiuting)).toEqual({ n: 0 });
    // the keys are not audited data: verify still finds the ledger whole
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });

    // find and indexOf count rows in the same order as the pages
    expect(await core.call('records/indexOf', { filters: {}, sort: [{ field: 'purchaserName', dir: 'asc' }], id: changes[1].id })).toEqual({ index: 4 });
  });

  it('migration: an older ledger gets keys for its records and sorts by pinyin once opened', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const db = openDatabase(file, { mode: 'create' });
    await migrate(db, file, MIGRATIONS.slice(0, MIGRATIONS.indexOf(PINYIN_MIGRATION)));
    write(db, { actor: '旧版', label: '新建台账' }, { validators: {} }, (w) => {
      w.insert('settings', { data_json: JSON.stringify(defaultSettings({ officeName: '旧台账', districtName: '松江区', districtCode: '310117', year: 2021 })) }, 1);
      for (const n of NAMES) w.insert('record', { date: '2021-11-05', purchaser_name: n, amount_fen: 100, origin_code: '530602' });
    });
    db.close();
    const core = newCore(dir);
    await core.call('ledger/open', { path: file });
    expect(await namesIn(core, 'purchaserName')).toEqual(PINYIN_ORDER);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('another tool (sqlite3, psql) can still add and delete records (no JS function in the ledger); the keys are mended on the next open', async () => {
    const { core, file, dir } = await coreWithLedger();
    await core.call('records/apply', { label: '新增', ops: NAMES.map((n) => ({ type: 'insert' as const, values: { ...SAMPLE, purchaserName: n } })) });
    core.close();
    // on a server, a client of its own: the write path that keeps the keys there is not in it
    const raw = TEST_BACKEND === 'postgres' ? new PgDb(new PgSyncClient(file)) : new Database(file);
    raw.prepare("INSERT INTO records (date, purchaser_name, amount_fen, created_at, updated_at) VALUES ('2021-11-05', '阿坝州', 100, '2021-11-05T00:00:00Z', '2021-11-05T00:00:00Z')").run();
    raw.prepare("DELETE FROM records WHERE purchaser_name = '北京东城'").run();
    if (raw instanceof Database) expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const again = newCore(dir);
    await again.call('ledger/open', { path: file });
    expect(await namesIn(again, 'purchaserName')).toEqual(['ABC贸易', '阿坝州', '安徽黄山', '上海', '上海华腾', '上海九亭']);
  });
});
