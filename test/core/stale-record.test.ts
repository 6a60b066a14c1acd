/**
 * Two people on one ledger (two cores: two staff PCs on a shared PostgreSQL ledger, or two
 * programs on one file): a change to a record the other has saved since the screen showed it is
 * refused with the other's name, never written over theirs. Runs on both backends
 * (LEDGER_BACKEND=postgres).
 */
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { coreWithLedger, SAMPLE, tempDir } from './support';

/** My core on a fresh ledger, and 王芳's on the same ledger (close hers when done). */
async function twoCores() {
  const { core: mine, file } = await coreWithLedger();
  const theirs = createCore({ dataDir: tempDir(), actor: '王芳' });
  await theirs.call('ledger/open', { path: file });
  return { mine, theirs };
}

async function twoStaff() {
  const { mine, theirs } = await twoCores();
  const [{ id, after }] = (await mine.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }] })).changes;
  return { mine, theirs, id, seen: after!.updatedAt };
}

describe('a record someone else saved meanwhile', () => {
  it('refuses my edit, names who changed it, and keeps their value', async () => {
    const { mine, theirs, id, seen } = await twoStaff();
    try {
      await new Promise((r) => setTimeout(r, 5)); // their save is a later moment than my screen's
      await theirs.call('records/apply', { label: '编辑', ops: [{ type: 'update', id, values: { remark: '王芳的备注' } }] });
      const who = (await theirs.call('audit/history', { entity: 'record', entityId: id })).entries.find((e) => e.action === 'update')!.actor;
      const r = await mine.invoke('records/apply', { label: '编辑', ops: [{ type: 'update', id, seen, values: { remark: '我的备注' } }] });
      expect(r).toMatchObject({ ok: false, error: { code: 'STALE_RECORD', message: `该记录刚被${who}修改，请刷新后再改` } });
      expect((await mine.call('records/get', { id }))!.remark).toBe('王芳的备注');
      const again = (await mine.call('records/get', { id }))!.updatedAt;
      const ok = await mine.call('records/apply', { label: '编辑', ops: [{ type: 'update', id, seen: again, values: { remark: '我的备注' } }] });
      expect(ok.changes[0].after!.remark).toBe('我的备注');
    } finally {
      theirs.close();
    }
  });

  it('refuses to delete a record changed or deleted meanwhile', async () => {
    const { mine, theirs, id, seen } = await twoStaff();
    try {
      await new Promise((r) => setTimeout(r, 5));
      await theirs.call('records/apply', { label: '编辑', ops: [{ type: 'update', id, values: { remark: '改过' } }] });
      expect(await mine.invoke('records/apply', { label: '删除', ops: [{ type: 'delete', id, seen }] })).toMatchObject({ ok: false, error: { code: 'STALE_RECORD' } });
      await theirs.call('records/apply', { label: '删除', ops: [{ type: 'delete', id }] });
      expect(await mine.invoke('records/apply', { label: '编辑', ops: [{ type: 'update', id, seen, values: { remark: 'x' } }] })).toMatchObject({
        ok: false,
        error: { code: 'STALE_RECORD', message: `记录 ${id} 已被他人删除，请刷新后再改` },
      });
    } finally {
      theirs.close();
    }
  });
});

describe('a list entry someone else saved meanwhile (名录: purchasers, suppliers, products, regions)', () => {
  it('refuses my save of the entry as my screen showed it, names who changed it, and keeps their value', async () => {
    const { mine, theirs } = await twoCores();
    try {
      const { item: seen } = await mine.call('lists/save', { kind: 'suppliers', item: { name: '勐海县茶叶专业合作社', kind: '合作社' } });
      await theirs.call('lists/save', { kind: 'suppliers', item: { ...seen, name: '勐海县茶叶农民专业合作社' } });
      const who = (await theirs.call('audit/history', { entity: 'supplier', entityId: seen.id })).entries.find((e) => e.action === 'update')!.actor;
      const r = await mine.invoke('lists/save', { kind: 'suppliers', item: { ...seen, kind: '企业' }, seen });
      expect(r).toMatchObject({ ok: false, error: { code: 'STALE_RECORD', message: `该条目刚被${who}修改，请刷新后再改` } });
      const now = (await mine.call('lists/list', { kind: 'suppliers' })).items.find((i) => i.id === seen.id)!;
      expect(now).toMatchObject({ name: '勐海县茶叶农民专业合作社', kind: '合作社' });
      // saved again from what the screen now shows: taken
      expect((await mine.call('lists/save', { kind: 'suppliers', item: { ...now, kind: '企业' }, seen: now })).item).toMatchObject({ kind: '企业' });
      // deleted meanwhile: said so
      await theirs.call('lists/delete', { kind: 'suppliers', id: seen.id });
      expect(await mine.invoke('lists/save', { kind: 'suppliers', item: { ...now, kind: '合作社' }, seen: { ...now, kind: '企业' } })).toMatchObject({
        ok: false,
        error: { code: 'STALE_RECORD', message: '该条目已被他人删除，请刷新后再改' },
      });
    } finally {
      theirs.close();
    }
  });
});

describe('a certificate someone else saved meanwhile', () => {
  it('refuses my save, names who changed it, and keeps their value', async () => {
    const { mine, theirs } = await twoCores();
    try {
      const cert = { kind: '帮扶产品认定' as const, number: 'YN-2021-001', productName: '勐海普洱茶', supplierName: null, issuer: null, validFrom: null, validTo: '2022-12-31' };
      const { certificate: seen } = await mine.call('certificates/save', { certificate: cert });
      await new Promise((r) => setTimeout(r, 5)); // their save is a later moment than my screen's
      await theirs.call('certificates/save', { certificate: { ...cert, id: seen.id, validTo: '2023-12-31' }, seen: seen.updatedAt });
      const who = (await theirs.call('audit/history', { entity: 'certificate', entityId: seen.id })).entries.find((e) => e.action === 'update')!.actor;
      const r = await mine.invoke('certificates/save', { certificate: { ...cert, id: seen.id, issuer: '云南省乡村振兴局' }, seen: seen.updatedAt });
      expect(r).toMatchObject({ ok: false, error: { code: 'STALE_RECORD', message: `该证书刚被${who}修改，请刷新后再改` } });
      expect((await mine.call('certificates/list', {})).certificates.find((c) => c.id === seen.id)).toMatchObject({ validTo: '2023-12-31', issuer: null });
    } finally {
      theirs.close();
    }
  });
});
