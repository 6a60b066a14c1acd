/**
 * Keyset paging (records/anchors.ts, records/paging.ts): the pure anchor bookkeeping, and on a
 * real ledger of 25,000 demo records every page read by seeking from anchors equals the same
 * rows read with OFFSET, in every kind of view, and after writes by the app or another program.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { afterAnchorSql, Anchors, HOP, nextHop, pageStep } from '../../electron/core/records/anchors';
import type { SortSpec, RecordQuery } from '../../shared/api';
import { coreWithLedger, newCore, SAMPLE, TEST_BACKEND } from './support';

/** SQLite's NULL order, said out loud on PostgreSQL (which puts NULLs last ascending). */
const NULLS_FIRST = TEST_BACKEND === 'postgres' ? ' NULLS FIRST' : '';
const NULLS_LAST = TEST_BACKEND === 'postgres' ? ' NULLS LAST' : '';

describe('anchors', () => {
  it('finds the nearest anchor strictly before a position, keeps one per position, and never a key with a NULL', () => {
    const a = new Anchors();
    expect(a.before(100)).toBeNull();
    a.remember(99, [5, 99]);
    a.remember(9_999, [7, 10_000]);
    a.remember(4_999, [6, 5_000]);
    a.remember(300, [null, 301]);
    expect(a.size).toBe(3);
    expect(a.before(100)).toEqual({ pos: 99, key: [5, 99] });
    expect(a.before(99)).toBeNull();
    expect(a.before(9_999)).toEqual({ pos: 4_999, key: [6, 5_000] });
    expect(a.before(1_000_000)?.pos).toBe(9_999);
    a.remember(99, [5, 98]);
    expect(a.size).toBe(3);
    expect(a.before(100)?.key).toEqual([5, 98]);
    a.clear();
    expect(a.before(1_000_000)).toBeNull();
  });

  it('stays bounded: past its limit it keeps every other anchor', () => {
    const a = new Anchors();
    for (let i = 0; i < 5_000; i++) a.remember(i * 100, [i]);
    expect(a.size).toBeLessThanOrEqual(2_000);
    expect(a.before(5_000 * 100)!.pos).toBeGreaterThan(4_000 * 100);
  });

  it('seeks past an anchor with a row value only where no row can be skipped', () => {
    expect(afterAnchorSql([{ expr: 'id', dir: 'ASC' }])).toBe('id > ?');
    expect(afterAnchorSql([{ expr: 'id', dir: 'DESC' }])).toBe('id < ?');
    expect(afterAnchorSql([{ expr: 'channel', dir: 'ASC' }, { expr: 'amount_fen', dir: 'ASC' }, { expr: 'id', dir: 'ASC' }])).toBe('(channel, amount_fen, id) > (?, ?, ?)');
    // descending, a row with a NULL comes after the anchor yet compares as NULL: OFFSET instead
    expect(afterAnchorSql([{ expr: 'amount_fen', dir: 'DESC' }, { expr: 'id', dir: 'DESC' }])).toBeNull();
    expect(afterAnchorSql([{ expr: 'date', dir: 'ASC' }, { expr: 'amount_fen', dir: 'DESC' }, { expr: 'id', dir: 'DESC' }])).toBeNull();
  });

  it('hops toward a far page one HOP at a time, and reads the page from the nearest anchor', () => {
    expect(nextHop(null, HOP, true)).toBeNull();
    expect(nextHop(null, HOP + 1, true)).toEqual({ from: null, offset: HOP - 1, limit: 1 });
    expect(nextHop(null, 10 * HOP, false)).toBeNull();
    const from = { pos: 5 * HOP - 1, key: [1] };
    expect(nextHop(from, 6 * HOP + 1, true)).toEqual({ from, offset: HOP - 1, limit: 1 });
    expect(pageStep(from, 5 * HOP + 250, 100)).toEqual({ from, offset: 250, limit: 100 });
    expect(pageStep(null, 300, 100)).toEqual({ from: null, offset: 300, limit: 100 });
  });
});

const ROWS = 25_000;

/** The ids of rows start…start+count-1 of a view, as the grid reads them (records/list). */
async function idsByList(core: Core, view: RecordQuery & { sort: SortSpec }, start: number, count: number): Promise<number[]> {
  const { rows } = await core.call('records/list', { ...view, startRow: start, endRow: start + count });
  return rows.map((r) => r.id);
}

describe('keyset pages on a real ledger', () => {
  // The statements a page costs are a server's round trips; a file answers the same (checked above).
  it.runIf(TEST_BACKEND === 'postgres')('reads the first page of a view with one statement on a server, a later page with its stamp', async () => {
    const { core } = await coreWithLedger();
    await core.call('demo/generate', { rows: 500, seed: 3 });
    const client = (core.ctx.ledger!.db as unknown as { client: object }).client as Record<string, unknown>;
    const sent: string[] = [];
    const request = client.request as (req: unknown, sql: string, ...rest: unknown[]) => unknown;
    client.request = function (this: unknown, req: unknown, sql: string, ...rest: unknown[]) {
      sent.push(sql);
      return request.call(this, req, sql, ...rest);
    };
    for (const sort of [[], [{ field: 'amountFen' as const, dir: 'asc' as const }]]) {
      sent.length = 0;
      await core.call('records/list', { startRow: 0, endRow: 100, filters: {}, sort });
      expect(sent.filter((q) => /\bFROM\b/i.test(q)), JSON.stringify(sent)).toHaveLength(1);
    }
    sent.length = 0;
    await core.call('records/list', { startRow: 100, endRow: 200, filters: {}, sort: [] });
    expect(sent.some((q) => q.includes('audit_log'))).toBe(true);
  });

  it('equal OFFSET pages in every kind of view, near and far, forward and back, after edits and deletions by the app or another program', async () => {
    const { core, file } = await coreWithLedger();
    await core.call('demo/generate', { rows: ROWS, seed: 7 });
    // rows whose sort values are NULL (an ascending view seeks past them; they come first)
    await core.call('records/apply', {
      label: '录入',
      ops: [
        { type: 'insert', values: { ...SAMPLE, purchaserName: null, amountFen: null } },
        { type: 'insert', values: { ...SAMPLE, purchaserName: null, amountFen: 100 } },
      ],
    });
    // the same rows read plainly with OFFSET, on the core's own connection
    const db = core.ctx.ledger!.db;
    const byOffset = (sqlText: string, start: number, count: number, ...params: unknown[]) =>
      db.prepare(`${sqlText} LIMIT ? OFFSET ?`).pluck().all(...params, count, start) as number[];

    const views: { view: RecordQuery & { sort: SortSpec }; sql: string; params?: unknown[] }[] = [
      { view: { filters: {}, sort: [] }, sql: 'SELECT id FROM records ORDER BY id' },
      { view: { filters: {}, sort: [{ field: 'amountFen', dir: 'asc' }] }, sql: `SELECT id FROM records ORDER BY amount_fen${NULLS_FIRST}, id` },
      { view: { filters: {}, sort: [{ field: 'amountFen', dir: 'desc' }] }, sql: `SELECT id FROM records ORDER BY amount_fen DESC${NULLS_LAST}, id DESC` },
      { view: { filters: {}, sort: [{ field: 'channel', dir: 'asc' }] }, sql: `SELECT id FROM records ORDER BY channel${NULLS_FIRST}, amount_fen${NULLS_FIRST}, id` },
      {
        view: { filters: {}, sort: [{ field: 'purchaserName', dir: 'asc' }] },
        sql: `SELECT r.id FROM records r JOIN record_sort_keys k ON k.record_id = r.id ORDER BY k.purchaser_key${NULLS_FIRST}, k.record_id`,
      },
      {
        view: { filters: { category: { type: 'text', op: 'contains', value: '茶' } }, sort: [{ field: 'date', dir: 'asc' }] },
        sql: `SELECT id FROM records WHERE category IN ('茶叶') ORDER BY date${NULLS_FIRST}, id`,
      },
      {
        view: { filters: { purchaserName: { type: 'text', op: 'contains', value: '松江' } }, sort: [] },
        sql: "SELECT id FROM records WHERE purchaser_name LIKE '%松江%' ORDER BY id",
      },
    ];
    const total = ROWS + 2;
    // far first (hops to it), then near and back (from the anchors laid on the way), then the end
    const places = [3 * HOP + 123, 0, 100, HOP - 50, 2 * HOP + 7, 5, total - 100, total - 30, HOP + 1];
    const check = async (label: string) => {
      for (const { view, sql: sqlText } of views) {
        for (const start of places) {
          expect(await idsByList(core, view, start, 100), `${label}: ${JSON.stringify(view)} at ${start}`).toEqual(byOffset(sqlText, start, 100));
        }
      }
    };
    await check('fresh');
    expect(byOffset('SELECT id FROM records ORDER BY id', total - 100, 100)).toHaveLength(100);

    // the app deletes rows near the top and edits a sort value: every page after them moves
    const first = byOffset('SELECT id FROM records ORDER BY id', 0, 3);
    await core.call('records/apply', { label: '删除', ops: first.slice(0, 2).map((id) => ({ type: 'delete' as const, id })) });
    await core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id: first[2], values: { amountFen: 1, purchaserName: '阿坝' } }] });
    await check('after the app wrote');

    if (TEST_BACKEND === 'sqlite') {
      // another program deletes rows (data_version), without the app's triggers
      const raw = new Database(file);
      raw.prepare('DELETE FROM record_sort_keys WHERE record_id IN (SELECT id FROM records ORDER BY id LIMIT 5 OFFSET 10)').run();
      raw.prepare('DELETE FROM records WHERE id IN (SELECT id FROM records ORDER BY id LIMIT 5 OFFSET 10)').run();
      raw.close();
    } else {
      // on a server the other writer is another staff member's app, whose writes move the audit
      // head (db/change-stamp.ts); an edit with psql behind every app's back is verify's to find
      const other = newCore();
      await other.call('ledger/open', { path: file });
      const ids = byOffset('SELECT id FROM records ORDER BY id', 10, 5);
      await other.call('records/apply', { label: '删除', ops: ids.map((id) => ({ type: 'delete' as const, id })) });
    }
    await check('after another program wrote');
    // a view the server sorts per query pages by OFFSET (records/paging.ts), walking every row before the page
  }, TEST_BACKEND === 'postgres' ? 120_000 : undefined);
});
