/**
 * verify names what protects the audit log when it is gone (the append-only triggers) and a
 * damaged entry (before/after that is not JSON), instead of passing or crashing.
 */
import { describe, expect, it } from 'vitest';
import { coreWithLedger, newCore, SAMPLE } from './support';
import { dropLogTrigger, liftLogGuard, openBehindTheApp, replaceDeleteTriggerWithNoop } from '../support/behind-the-app';
import type { LedgerDb } from '../../electron/core/db/ledger-db';

async function ledger() {
  const ctx = await coreWithLedger();
  const { changes } = await ctx.core.call('records/apply', { ops: [1, 2].map((i) => ({ type: 'insert' as const, values: { ...SAMPLE, amountFen: i * 100 } })) });
  await ctx.core.call('records/apply', { ops: [{ type: 'update', id: changes[0].id, values: { remark: '已核对' } }] });
  ctx.core.close();
  return { ...ctx, ids: changes.map((c) => c.id) };
}

function raw(file: string, edit: (db: LedgerDb) => void): void {
  const db = openBehindTheApp(file);
  try {
    edit(db);
  } finally {
    db.close();
  }
}

async function verify(dir: string, file: string) {
  const core = newCore(dir);
  await core.call('ledger/open', { path: file });
  try {
    return await core.invoke('verify/ledger', {});
  } finally {
    core.close();
  }
}

describe('verify and the audit log itself', () => {
  it('names dropped append-only triggers even when no entry was touched', async () => {
    const { dir, file } = await ledger();
    raw(file, (db) => {
      dropLogTrigger(db, 'audit_log_no_update');
      dropLogTrigger(db, 'audit_log_no_delete');
    });
    const r = await verify(dir, file);
    expect(r).toMatchObject({ ok: true, value: { ok: false } });
    const problems = (r as { value: { problems: { code: string; message: string }[] } }).value.problems;
    expect(problems.map((p) => p.code)).toEqual(['AUDIT_NOT_APPEND_ONLY', 'AUDIT_NOT_APPEND_ONLY']);
    expect(problems[0].message).toMatch(/audit_log_no_update.*已被删除/);
  });

  it('names a trigger replaced by one that no longer refuses', async () => {
    const { dir, file } = await ledger();
    raw(file, replaceDeleteTriggerWithNoop);
    const r = await verify(dir, file);
    const problems = (r as { value: { problems: { code: string; message: string }[] } }).value.problems;
    expect(problems).toEqual([expect.objectContaining({ code: 'AUDIT_NOT_APPEND_ONLY', message: expect.stringMatching(/audit_log_no_delete.*已被改动/) })]);
  });

  it('names an entry whose after or before is not JSON, instead of failing with INTERNAL', async () => {
    const { dir, file, ids } = await ledger();
    const db = openBehindTheApp(file);
    liftLogGuard(db);
    const latest = db.prepare("SELECT seq FROM audit_log WHERE entity = 'record' AND entity_id = ? ORDER BY seq DESC LIMIT 1").pluck().get(ids[0]) as number;
    db.prepare("UPDATE audit_log SET after_json = '{\"id\": 1, broken' WHERE seq = ?").run(latest);
    db.prepare("UPDATE audit_log SET before_json = 'not json' WHERE seq = ?").run(latest);
    db.close();
    const r = await verify(dir, file);
    expect(r.ok).toBe(true);
    const problems = (r as { value: { problems: { code: string; message: string; entityId?: number }[] } }).value.problems;
    expect(problems).toContainEqual(expect.objectContaining({ code: 'AUDIT_ENTRY_DAMAGED', entityId: latest, message: expect.stringContaining(`第 ${latest} 条操作记录已损坏`) }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'AUDIT_CHAIN_BROKEN', entityId: latest }));
    expect(problems.filter((p) => p.code === 'AUDIT_ENTRY_DAMAGED')).toHaveLength(1);
  });

  it('the history and the checks still answer on a ledger with a damaged entry', async () => {
    const { dir, file, ids } = await ledger();
    raw(file, (db) => {
      liftLogGuard(db);
      db.exec(`UPDATE audit_log SET after_json = '{broken' WHERE entity = 'record' AND entity_id = ${ids[0]} AND action = 'update'`);
    });
    const core = newCore(dir);
    await core.call('ledger/open', { path: file });
    const h = await core.invoke('audit/history', { entity: 'record', entityId: ids[0] });
    expect(h.ok).toBe(true);
    const checks = await core.invoke('checks/run', {});
    expect(checks.ok).toBe(true);
    core.close();
  });
});
