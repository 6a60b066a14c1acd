import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { coreWithLedger, newCore, SAMPLE } from './support';

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
    const db = new Database(file);
    db.prepare('UPDATE records SET amount_fen = 888800 WHERE id = ?').run(ids[2]);
    db.close();
    const r = await verify(dir, file);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'UNAUDITED_CHANGE', entity: 'record', entityId: ids[2] })]);
    expect(r.problems[0].message).toMatch(new RegExp(`记录 ${ids[2]} .*amount_fen`));
  });

  it('names records inserted or deleted with plain SQL', async () => {
    const { dir, file, ids } = await ledgerWithRecords();
    const db = new Database(file);
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
    const db = new Database(file);
    expect(() => db.prepare("UPDATE audit_log SET actor = '别人' WHERE seq = 2").run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = '别人' WHERE seq = 2").run();
    db.close();
    const r = await verify(dir, file);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', entityId: 2 });
  });

  it('detects entries removed from the middle of the log', async () => {
    const { dir, file } = await ledgerWithRecords();
    const db = new Database(file);
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    db.close();
    const r = await verify(dir, file);
    expect(r.problems.some((p) => p.code === 'AUDIT_CHAIN_BROKEN' && /缺少第 3/.test(p.message))).toBe(true);
  });

  it('chains every entry to the one before it', async () => {
    const { file } = await ledgerWithRecords();
    const db = new Database(file, { readonly: true });
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
