/**
 * The city as the audit chain's witness: each package carries the audit entries since the
 * previous one, so a later package proves it extends an earlier one (`verify new --previous
 * old`), and a ledger proves it still holds what it submitted (`verify ledger --against pkg`).
 * A rewritten history re-chained with the app's own hash function passes verify on its own;
 * these catch it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { AUDIT_ENTRIES_FILE } from '../../electron/core/package/audit-extract';
import { describeFile, MANIFEST_NAME, type Manifest } from '../../electron/core/package/manifest';
import { readZip, writeZip } from '../../electron/core/package/zip';
import { rewriteAndRechain } from '../support/rechain';
import { coreWithLedger, newCore, SAMPLE, TEST_BACKEND } from './support';
import { openBehindTheApp } from '../support/behind-the-app';
import { freshPgDatabase } from '../support/pg-database';

/** A record no check calls an error. */
function clean(date: string, amountFen: number, invoiceNo: string) {
  return { ...SAMPLE, creditCode: '12100000400000624D', purchaserType: '事业单位', date, amountFen, quantity: 1, unitPrice: amountFen / 100, invoiceNo };
}

async function enter(core: Core, month: string, n: number, base: number) {
  const ops = Array.from({ length: n }, (_, i) => ({ type: 'insert' as const, values: clean(`${month}-0${i + 1}`, (i + 1) * 10_000, `2131200000000000${base + i}`) }));
  return (await core.call('records/apply', { label: '录入', ops })).changes.map((c) => c.id);
}

/** A ledger with November packaged (p1), then December entered and packaged (p2). */
async function twoPackages() {
  const ctx = await coreWithLedger();
  const nov = await enter(ctx.core, '2021-11', 3, 1000);
  const p1 = await ctx.core.call('package/build', { period: '2021-11' });
  const dec = await enter(ctx.core, '2021-12', 2, 2000);
  const p2 = await ctx.core.call('package/build', { period: '2021-12' });
  return { ...ctx, nov, dec, p1: p1.content, p2: p2.content };
}

const verifyPkg = (core: Core, content: Uint8Array, previous?: Uint8Array) => core.call('package/verify', { content, previous });
const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

/** The package with its carried entries changed by `edit`, the manifest's SHA-256 updated to match (a forger's package). */
function forge(content: Uint8Array, edit: (lines: Record<string, unknown>[]) => void): Uint8Array {
  const files = readZip(content);
  const lines = Buffer.from(files.get(AUDIT_ENTRIES_FILE)!).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  edit(lines);
  const bytes = new Uint8Array(Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n') + '\n'));
  files.set(AUDIT_ENTRIES_FILE, bytes);
  const manifest = JSON.parse(Buffer.from(files.get(MANIFEST_NAME)!).toString('utf8')) as Manifest;
  manifest.files = manifest.files.map((f) => (f.path === AUDIT_ENTRIES_FILE ? describeFile(f.path, bytes) : f));
  files.set(MANIFEST_NAME, new Uint8Array(Buffer.from(JSON.stringify(manifest))));
  return writeZip(files);
}

describe('verify new.zip --previous old.zip', () => {
  it('passes when the new package’s chain extends the old one’s head', async () => {
    const { core, p1, p2 } = await twoPackages();
    const entries = Buffer.from(readZip(p2).get(AUDIT_ENTRIES_FILE)!).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; hash: string });
    const m1 = JSON.parse(Buffer.from(readZip(p1).get(MANIFEST_NAME)!).toString('utf8')) as Manifest;
    const m2 = JSON.parse(Buffer.from(readZip(p2).get(MANIFEST_NAME)!).toString('utf8')) as Manifest;
    // exactly the entries since the first package: from the one after its head to the new head
    expect(entries[0].seq).toBe(m1.auditHead.seq + 1);
    expect(entries.at(-1)).toMatchObject(m2.auditHead);
    expect(m2.files.map((f) => f.path)).toContain(AUDIT_ENTRIES_FILE);
    // the first package carries everything from the first entry
    expect(JSON.parse(Buffer.from(readZip(p1).get(AUDIT_ENTRIES_FILE)!).toString('utf8').split('\n')[0]).seq).toBe(1);

    expect(await verifyPkg(core, p2, p1)).toMatchObject({ ok: true, problems: [] });
    expect(await verifyPkg(core, p1)).toMatchObject({ ok: true, problems: [] });
    const backwards = await verifyPkg(core, p1, p2);
    expect(codes(backwards)).toEqual(['AUDIT_CHAIN_NOT_EXTENDED']);
  });

  it('fails for a package of an unrelated ledger', async () => {
    const { core, p2 } = await twoPackages();
    const other = await coreWithLedger('other.db');
    await enter(other.core, '2021-11', 3, 1000);
    const q1 = await other.core.call('package/build', { period: '2021-11' });
    const r = await verifyPkg(core, p2, q1.content);
    expect(r.ok).toBe(false);
    expect(codes(r)).toContain('AUDIT_CHAIN_FORKED');
    expect(r.problems[0].message).toMatch(/不是同一本台账，或台账的历史被改写过/);
  });

  it('catches a history rewritten and re-chained with the app’s own hash function', async () => {
    const ctx = await coreWithLedger('victim.db');
    const ids = await enter(ctx.core, '2021-11', 3, 1000);
    const p1 = (await ctx.core.call('package/build', { period: '2021-11' })).content;
    ctx.core.close();
    rewriteAndRechain(ctx.file, (db) => {
      db.prepare('UPDATE records SET amount_fen = 1, unit_price = 0.01 WHERE id = ?').run(ids[0]);
      const row = db.prepare('SELECT * FROM records WHERE id = ?').get(ids[0]);
      db.prepare("UPDATE audit_log SET after_json = ? WHERE entity = 'record' AND entity_id = ? AND action = 'insert'").run(JSON.stringify(row), ids[0]);
    });
    const again = newCore(ctx.dir);
    await again.call('ledger/open', { path: ctx.file });
    // on its own the rewritten ledger verifies clean: that is the attack
    expect(await again.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
    await enter(again, '2021-12', 2, 2000);
    const p2 = (await again.call('package/build', { period: '2021-12' })).content;
    expect(codes(await verifyPkg(again, p2, p1))).toContain('AUDIT_CHAIN_FORKED');
    const against = await again.call('verify/ledger', { against: [{ name: 'p1.zip', content: p1 }] });
    expect(codes(against)).toEqual(['PACKAGE_HEAD_DIFFERS', 'PACKAGE_RECORD_CHANGED']);
    expect(against.problems[1]).toMatchObject({ entity: 'record', entityId: ids[0] });
  });

  it('names carried entries that were changed, removed, or do not end at the manifest’s head', async () => {
    const { core, p1, p2 } = await twoPackages();
    const changed = forge(p2, (lines) => (lines[1].actor = '别人'));
    expect(codes(await verifyPkg(core, changed))).toEqual(['AUDIT_CHAIN_BROKEN']);
    const removed = forge(p2, (lines) => lines.splice(1, 1));
    expect(codes(await verifyPkg(core, removed))).toEqual(['AUDIT_CHAIN_BROKEN', 'AUDIT_CHAIN_BROKEN']);
    const short = forge(p2, (lines) => lines.pop());
    expect(codes(await verifyPkg(core, short))).toEqual(['AUDIT_HEAD_MISMATCH']);
    // the first entries cut off: the link to the previous package cannot be shown
    const cut = forge(p2, (lines) => lines.splice(0, 1));
    expect(codes(await verifyPkg(core, cut, p1))).toEqual(['AUDIT_CHAIN_GAP']);
  });

  it('requires the carried entries when a previous package is given', async () => {
    const { core, p1, p2 } = await twoPackages();
    const files = readZip(p2);
    files.delete(AUDIT_ENTRIES_FILE);
    const manifest = JSON.parse(Buffer.from(files.get(MANIFEST_NAME)!).toString('utf8')) as Manifest;
    manifest.files = manifest.files.filter((f) => f.path !== AUDIT_ENTRIES_FILE);
    files.set(MANIFEST_NAME, new Uint8Array(Buffer.from(JSON.stringify(manifest))));
    const without = writeZip(files);
    expect(await verifyPkg(core, without)).toMatchObject({ ok: true });
    expect(codes(await verifyPkg(core, without, p1))).toEqual(['AUDIT_ENTRIES_MISSING']);
  });
});

describe('verify ledger --against pkg.zip', () => {
  it('passes while the ledger holds every package’s head and records; an audited later change is explained', async () => {
    const { core, nov, p1, p2 } = await twoPackages();
    const against = [
      { name: 'p1.zip', content: p1 },
      { name: 'p2.zip', content: p2 },
    ];
    expect(await core.call('verify/ledger', { against })).toEqual({ ok: true, problems: [] });
    await core.call('periods/reopen', { month: '2021-11', reason: '单位更正金额' });
    await core.call('records/apply', { label: '更正', ops: [{ type: 'update', id: nov[1], values: { amountFen: 55_500, unitPrice: 555 } }] });
    expect(await core.call('verify/ledger', { against })).toEqual({ ok: true, problems: [] });
  });

  it('names a record of the package changed with no audited change to explain it', async () => {
    const { core, file, dir, nov, p1 } = await twoPackages();
    core.close();
    const db = openBehindTheApp(file);
    db.prepare('UPDATE records SET amount_fen = 1 WHERE id = ?').run(nov[2]);
    db.prepare('DELETE FROM records WHERE id = ?').run(nov[1]);
    db.close();
    const again = newCore(dir);
    await again.call('ledger/open', { path: file });
    const r = await again.call('verify/ledger', { against: [{ name: 'p1.zip', content: p1 }] });
    const named = r.problems.filter((p) => p.code === 'PACKAGE_RECORD_CHANGED');
    expect(named.map((p) => p.entityId).sort()).toEqual([nov[1], nov[2]].sort());
    expect(named.map((p) => p.message).join()).toMatch(/已不在台账中/);
  });

  /** A month of 3 records, a backup of the ledger then, one more record, and package p1 of the month: the ledger closed. */
  async function packagedAfterBackup() {
    const ctx = await coreWithLedger();
    await enter(ctx.core, '2021-11', 3, 1000);
    const older = path.join(ctx.dir, 'older.db');
    await ctx.core.call('ledger/backup', { target: older });
    await ctx.core.call('records/apply', { label: '编辑', ops: [{ type: 'insert', values: clean('2021-11-09', 90_000, '21312000000000009999') }] });
    const p1 = (await ctx.core.call('package/build', { period: '2021-11' })).content;
    ctx.core.close();
    return { ctx, older, p1 };
  }

  /** verify against p1 of a ledger put back to the backup: p1's head is not there, nor its fourth record. */
  function expectHeadMissing(r: { problems: { code: string; message: string }[] }): void {
    expect(codes(r)).toEqual(['PACKAGE_HEAD_MISSING', 'PACKAGE_RECORD_CHANGED']);
    expect(r.problems[0].message).toMatch(/台账中已没有报送包“p1.zip”（松江区合作交流办 2021-11 第 1 版）记录的第 \d+ 条操作记录/);
  }

  // A ledger file copied back over itself; a server ledger is not a file (its restore is the backups domain's).
  it.skipIf(TEST_BACKEND === 'postgres')('names a package head the ledger no longer holds (an older copy of the file put back)', async () => {
    const { ctx, older, p1 } = await packagedAfterBackup();
    for (const s of ['-wal', '-shm']) fs.rmSync(ctx.file + s, { force: true });
    fs.copyFileSync(older, ctx.file);
    const again = newCore(ctx.dir);
    await again.call('ledger/open', { path: ctx.file });
    expect((await again.call('verify/ledger', {})).ok).toBe(true);
    const r = await again.call('verify/ledger', { against: [{ name: 'p1.zip', content: p1 }] });
    expectHeadMissing(r);
  });

  // The server's twin of the test above: an older backup (a ledger file) copied onto the server.
  it.runIf(TEST_BACKEND === 'postgres')('names a package head a server ledger no longer holds (an older backup copied onto the server)', async () => {
    const { ctx, older, p1 } = await packagedAfterBackup();
    const server = freshPgDatabase('core');
    try {
      const restorer = newCore(ctx.dir);
      await restorer.call('ledger/open', { path: older });
      await restorer.call('ledger/copyTo', { target: server.url });
      restorer.close();
      const again = newCore(ctx.dir);
      await again.call('ledger/open', { path: server.url });
      expect((await again.call('verify/ledger', {})).ok).toBe(true);
      const r = await again.call('verify/ledger', { against: [{ name: 'p1.zip', content: p1 }] });
      again.close();
      expectHeadMissing(r);
    } finally {
      server.drop();
    }
  });
});
