import { describe, expect, it } from 'vitest';
import { coreWithLedger, newCore, SAMPLE } from './support';
import { liftLogGuard, openBehindTheApp as open } from '../support/behind-the-app';

async function ledgerWithRecords() {
  const ctx = await coreWithLedger();
  const { changes } = await ctx.core.call('records/apply', {
    label: '粘贴 3 行',
    ops: [1, 2, 3].map((i) => ({ type: 'insert' as const, values: { ...SAMPLE, amountFen: i * 1000 } })),
  });
  await ctx.core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id: changes[1].id, values: { remark: '已核对' } }] });
  ctx.core.close();
  return { ...ctx, ids: changes.map((c) => c.id) };
}

async function verify(dir: string, file: string) {
  const core = newCore(dir);
  await core.call('ledger/open', { path: file });
  return core.call('verify/ledger', {});
}

describe('audit chain', () => {
  it('verifies a ledger changed only through the app', async () => {
    const { dir, file } = await ledgerWithRecords();
    expect(await verify(dir, file)).toEqual({ ok: true, problems: [] });
  });

  it('names a record changed with plain SQL', async () => {
    const { dir, file, ids } = await ledgerWithRecords();
    const db = open(file);
    db.prepare('UPDATE records SET amount_fen = 888800 WHERE id = ?').run(ids[2]);
    db.close();
    const r = await verify(dir, file);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'UNAUDITED_CHANGE', entity: 'record', entityId: ids[2] })]);
    expect(r.problems[0].message).toMatch(new RegExp(`记录 ${ids[2]} .*amount_fen`));
  });

  it('names records inserted or deleted with plain SQL', async () => {
    const { dir, file, ids } = await ledgerWithRecords();
    const db = open(file);
    db.prepare('DELETE FROM records WHERE id = ?').run(ids[0]);
    db.prepare("INSERT INTO records (id, amount_fen, created_at, updated_at) VALUES (999, 100, 'x', 'x')").run();
    db.close();
    const r = await verify(dir, file);
    expect(r.problems.map((p) => p.entityId).sort()).toEqual([ids[0], 999].sort());
    expect(r.problems.map((p) => p.message).join()).toMatch(/被删除/);
    expect(r.problems.map((p) => p.message).join()).toMatch(/不是经由本程序写入/);
  });

  it('refuses edits of the log through the app connection, and detects them when the guard is removed', async () => {
    const { dir, file } = await ledgerWithRecords();
    const db = open(file);
    expect(() => db.prepare("UPDATE audit_log SET actor = '别人' WHERE seq = 2").run()).toThrow(/append-only/);
    liftLogGuard(db);
    db.prepare("UPDATE audit_log SET actor = '别人' WHERE seq = 2").run();
    db.close();
    const r = await verify(dir, file);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'AUDIT_CHAIN_BROKEN', entityId: 2 }));
    // the lifted guard is named too, not only what was done once it was gone
    expect(r.problems.map((p) => p.code)).toContain('AUDIT_NOT_APPEND_ONLY');
  });

  it('detects entries removed from the middle of the log', async () => {
    const { dir, file } = await ledgerWithRecords();
    const db = open(file);
    liftLogGuard(db);
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    db.close();
    const r = await verify(dir, file);
    expect(r.problems.some((p) => p.code === 'AUDIT_CHAIN_BROKEN' && /缺少第 3/.test(p.message))).toBe(true);
  });

  it('chains every entry to the one before it', async () => {
    const { file } = await ledgerWithRecords();
    const db = open(file, { readonly: true });
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    db.close();
    expect(rows.length).toBeGreaterThan(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });
});

describe('audited state equals stored state', () => {
  it('when an insert leaves a column to its SQL default', async () => {
    const { core } = await coreWithLedger();
    await core.call('lists/save', { kind: 'purchasers', item: { name: '上海市松江区教育局', creditCode: '91350100M000100Y43' } });
    await core.call('lists/save', { kind: 'products', item: { name: '勐海普洱茶' } });
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('refuses a value of the wrong type instead of letting SQLite convert it', async () => {
    const { core } = await coreWithLedger();
    const r = await core.invoke('lists/save', { kind: 'pairedRegions', item: { code: '653125', name: '莎车县', fromYear: '2021' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('insertMany', () => {
  it('validates, types and audits every row like insert, and refuses a column the table lacks', async () => {
    const { coreWithLedger: make } = await import('./support');
    const { core } = await make();
    const ledger = core.ctx.ledger!;
    const n = ledger.write('批量', (w) => w.insertMany('record', [{ date: '2021-11-05', amount_fen: 100, remark: undefined }, { date: '2021-11-06', amount_fen: 200 }]));
    expect(n).toBe(2);
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
    expect(() => ledger.write('批量', (w) => w.insertMany('record', [{ date: '2021-11-07', no_such_column: 1 }]))).toThrow(/没有列 no_such_column/);
    expect(() => ledger.write('批量', (w) => w.insertMany('record', [{ date: '2021-11-07', amount_fen: '100' }]))).toThrow(/不能写入 records\.amount_fen/);
    expect((await core.call('stats/summary', {})).records).toBe(2);
  });
});

/** Bulk inserts (import, demo) keep each row's digest in the log instead of a copy (migration 7). */
describe('rows written in bulk', () => {
  async function bulkLedger() {
    const ctx = await coreWithLedger();
    const ledger = ctx.core.ctx.ledger!;
    ledger.write('导入 单位.xlsx', (w) =>
      w.insertMany('record', [
        { date: '2021-11-05', product_name: '勐海普洱茶', amount_fen: 100, unit_price: 4.04, remark: null },
        { date: '2021-11-06', product_name: '昭通苹果', amount_fen: 200, quantity: 2 },
      ]),
    );
    const ids = (ledger.db.prepare('SELECT id FROM records ORDER BY id').pluck().all() as number[]).slice(-2);
    return { ...ctx, ids };
  }

  it('are logged by digest, verify clean, and show their values in the history', async () => {
    const { core, ids } = await bulkLedger();
    const entry = core.ctx.ledger!.db.prepare("SELECT after_json, after_sha256 FROM audit_log WHERE entity = 'record' AND entity_id = ?").get(ids[0]) as {
      after_json: string | null;
      after_sha256: string | null;
    };
    expect(entry.after_json).toBeNull();
    expect(entry.after_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
    // history: the values inserted, from the row itself while unchanged ...
    let history = (await core.call('audit/history', { entity: 'record', entityId: ids[0] })).entries;
    expect(history[0]).toMatchObject({ action: 'insert', label: '导入 单位.xlsx', after: { product_name: '勐海普洱茶', amount_fen: 100, unit_price: 4.04 } });
    // ... and from the next entry's `before` once edited
    await core.call('records/apply', { ops: [{ type: 'update', id: ids[0], values: { amountFen: 150 } }] });
    history = (await core.call('audit/history', { entity: 'record', entityId: ids[0] })).entries;
    expect(history.map((e) => e.action)).toEqual(['update', 'insert']);
    expect(history[1].after).toMatchObject({ amount_fen: 100 });
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
    core.close();
  });

  it('are named by verify when changed with plain SQL, and the history no longer vouches for them', async () => {
    const { core, file, dir, ids } = await bulkLedger();
    core.close();
    const raw = open(file);
    raw.prepare('UPDATE records SET amount_fen = 999 WHERE id = ?').run(ids[1]);
    raw.close();
    const again = newCore(dir);
    await again.call('ledger/open', { path: file });
    const r = await again.call('verify/ledger', {});
    expect(r.problems).toEqual([expect.objectContaining({ code: 'UNAUDITED_CHANGE', entity: 'record', entityId: ids[1] })]);
    expect(r.problems[0].message).toContain('指纹不符');
    const history = (await again.call('audit/history', { entity: 'record', entityId: ids[1] })).entries;
    expect(history[0]).toMatchObject({ action: 'insert', after: null, afterSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    again.close();
  });

  it('break the chain when their digest is edited in the log', async () => {
    const { core, file, dir, ids } = await bulkLedger();
    core.close();
    const raw = open(file);
    liftLogGuard(raw);
    raw.prepare("UPDATE audit_log SET after_sha256 = ? WHERE entity = 'record' AND entity_id = ?").run('0'.repeat(64), ids[0]);
    raw.close();
    const r = await verify(dir, file);
    expect(r.problems.map((p) => p.code)).toContain('AUDIT_CHAIN_BROKEN');
  });

  it('a NULL column added later does not change the digest of older rows', async () => {
    const { core, ids } = await bulkLedger();
    const db = core.ctx.ledger!.db;
    const entry = db.prepare("SELECT after_sha256 FROM audit_log WHERE entity = 'record' AND entity_id = ?").pluck().get(ids[0]) as string;
    const { rowDigest } = await import('../../electron/core/db/audit-chain');
    const row = db.prepare('SELECT * FROM records WHERE id = ?').get(ids[0]) as Record<string, unknown>;
    expect(rowDigest(row)).toBe(entry);
    expect(rowDigest({ ...row, some_future_column: null })).toBe(entry);
    core.close();
  });
});

describe('a write committed once something else is done (writeWhen)', () => {
  const count = (file: string) => {
    const db = open(file, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('is invisible to other connections until it commits, then audited like any write', async () => {
    const { core, dir, file } = await coreWithLedger();
    const session = core.ctx.ledger!;
    let release!: () => void;
    const ready = new Promise<void>((r) => (release = r));
    const done = session.writeWhen('粘贴 1 行', (w) => w.insert('record', { date: '2021-11-05', product_name: '茶叶', amount_fen: 100 }).id, ready);
    await new Promise((r) => setTimeout(r, 20));
    expect(count(file)).toBe(0);
    release();
    expect(typeof (await done)).toBe('number');
    expect(count(file)).toBe(1);
    core.close();
    expect(await verify(dir, file)).toEqual({ ok: true, problems: [] });
  });

  it('rolls back when what it waited for fails, and the ledger takes the next write', async () => {
    const { core, dir, file } = await coreWithLedger();
    const session = core.ctx.ledger!;
    const failed = Promise.reject(new Error('flush failed'));
    await expect(session.writeWhen('粘贴 1 行', (w) => w.insert('record', { date: '2021-11-05', amount_fen: 100 }), failed)).rejects.toThrow('flush failed');
    expect(session.db.inTransaction).toBe(false);
    expect(count(file)).toBe(0);
    await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    expect(count(file)).toBe(1);
    core.close();
    expect(await verify(dir, file)).toEqual({ ok: true, problems: [] });
  });
});
