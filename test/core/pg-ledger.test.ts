/**
 * A ledger on a PostgreSQL server, through the core as every door uses it (issue 17): created
 * and opened by its postgres:// address, edited through the one write path, ids never reused,
 * changes attributed to the database user, and an edit made behind the app's back with SQL
 * found by verify — as on a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { SAMPLE, newCore, serverDatabase, tempDir } from './support';

function freshAddress(): string {
  return serverDatabase('core').url;
}

const INIT = { officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' };

describe('a ledger on PostgreSQL', () => {
  it('is created and reopened by its address, and holds what was written', async () => {
    const url = freshAddress();
    const core = newCore();
    const created = await core.call('ledger/create', { path: url, ...INIT });
    expect(created).toMatchObject({ open: true, officeName: '松江区合作交流办', recordCount: 0 });
    expect(created.path).toBe(url);
    const { changes } = await core.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }, { type: 'insert', values: { ...SAMPLE, amountFen: 1000 } }] });
    expect(changes.map((c) => c.id)).toEqual([1, 2]);

    const other = newCore();
    const reopened = await other.call('ledger/open', { path: url });
    expect(reopened.recordCount).toBe(2);
    const stats = await other.call('stats/summary', {});
    expect(stats).toMatchObject({ records: 2, totalFen: 129_500 });
    const page = await other.call('records/list', { startRow: 0, endRow: 100, sort: [] });
    expect(page.rows.map((r) => r.amountFen)).toEqual([128_500, 1000]);
  });

  it('never hands a deleted record\'s number to a new record', async () => {
    const core = newCore();
    await core.call('ledger/create', { path: freshAddress(), ...INIT });
    const [{ id }] = (await core.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }] })).changes;
    await core.call('records/apply', { label: '删除', ops: [{ type: 'delete', id }] });
    const [again] = (await core.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }] })).changes;
    expect(again.id).toBe(id + 1);
  });

  it('attributes each change to the database user, and verify finds an edit made with SQL', async () => {
    const url = freshAddress();
    const core = newCore();
    await core.call('ledger/create', { path: url, ...INIT });
    await core.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }] });
    const history = await core.call('audit/history', {});
    expect(new Set(history.entries.map((e) => e.actor))).toEqual(new Set([new URL(url).username]));
    expect(await core.call('verify/ledger', {})).toMatchObject({ ok: true, problems: [] });

    const psql = new PgDb(new PgSyncClient(url));
    try {
      psql.prepare('UPDATE records SET amount_fen = ? WHERE id = 1').run(1);
    } finally {
      psql.close();
    }
    const verdict = await core.call('verify/ledger', {});
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((p) => p.code)).toContain('UNAUDITED_CHANGE');
  });

  it('refuses to create a ledger over another, and to open a database without one', async () => {
    const url = freshAddress();
    const core = newCore();
    await core.call('ledger/create', { path: url, ...INIT });
    const again = await newCore().invoke('ledger/create', { path: url, ...INIT });
    expect(again).toMatchObject({ ok: false, error: { code: 'LEDGER_EXISTS' } });
    const empty = await newCore().invoke('ledger/open', { path: freshAddress() });
    expect(empty).toMatchObject({ ok: false, error: { code: 'NOT_A_LEDGER' } });
  });
});

describe('backups of a ledger on PostgreSQL', () => {
  it('are the server\'s: no folder is made for it, and 备份 says how to get a ledger file', async () => {
    const url = freshAddress();
    const cwd = process.cwd();
    const core = createCore({ dataDir: tempDir(), actor: '测试', rememberRecent: false, autoBackup: { intervalMs: 0 } });
    try {
      await core.call('ledger/create', { path: url, ...INIT });
      await core.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }] });
      expect((await core.call('backups/list', {})).backups).toEqual([]);
      const r = await core.invoke('backups/create', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_ON_POSTGRES' } });
      if (!r.ok) expect(r.error.message).toContain('backup 或 copy');
    } finally {
      core.close();
    }
    expect(fs.existsSync(path.join(cwd, 'postgres:'))).toBe(false);
  });
});

describe('kysely on a PostgreSQL ledger', () => {
  it('binds a query whose only value is an array as that one value', async () => {
    const core = newCore();
    await core.call('ledger/create', { path: freshAddress(), ...INIT });
    await core.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }, { type: 'insert', values: SAMPLE }, { type: 'insert', values: SAMPLE }] });
    const { kysely } = core.ctx.ledger!;
    const rows = await kysely.selectFrom('records').select('id').where(sql<boolean>`id = ANY(${[1, 3]})`).orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual([1, 3]);
  });
});
