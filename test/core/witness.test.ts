/**
 * The office PC as the audit chain's witness: the app remembers, beside its list of recent
 * ledgers, the last audit head it saw for each ledger. A ledger that comes back shorter (an older
 * copy put back, its WAL lost) or with a rewritten, re-chained history is named loudly on open,
 * with the newest backup that still holds the head; a deliberate restore or a new ledger is not.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rememberedHead } from '../../electron/core/ledger/witness';
import { rewriteAndRechain } from '../support/rechain';
import { coreWithLedger, newCore, SAMPLE, tempDir, TEST_BACKEND } from './support';

async function ledgerIn(dir: string) {
  const core = newCore(dir);
  const status = await core.call('ledger/create', { path: 'office.db', officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
  await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: SAMPLE }] });
  core.close();
  return status.path!;
}

async function fiveEdits(core: ReturnType<typeof newCore>) {
  const id = (await core.call('records/list', { startRow: 0, endRow: 1, sort: [] })).rows[0].id;
  for (let i = 1; i <= 5; i++) await core.call('records/apply', { label: `编辑 ${i}`, ops: [{ type: 'update', id, values: { remark: `第 ${i} 次修改` } }] });
}

/**
 * Five saved edits, then the WAL lost behind the app's back: the main file as it was while the
 * edits lived only in the WAL (copied then), put back without its -wal.
 */
async function walLost(dir: string, file: string, withBackup: boolean) {
  const core = newCore(dir);
  await core.call('ledger/open', { path: file });
  await fiveEdits(core);
  const mainOnly = path.join(dir, 'main-only.db');
  fs.copyFileSync(file, mainOnly);
  const backup = withBackup ? (await core.call('backups/create', {})).backup : null;
  core.close();
  for (const s of ['-wal', '-shm']) fs.rmSync(file + s, { force: true });
  fs.renameSync(mainOnly, file);
  return backup;
}

describe('the office PC as a witness', () => {
  it('remembers the head after each write, outside the ledger file', async () => {
    const dir = tempDir();
    const file = await ledgerIn(dir);
    const core = newCore(dir);
    await core.call('ledger/open', { path: file });
    const before = rememberedHead(dir, file)!;
    await core.call('records/apply', { label: '编辑', ops: [{ type: 'insert', values: SAMPLE }] });
    const after = rememberedHead(dir, file)!;
    expect(after.seq).toBeGreaterThan(before.seq);
    expect(after.opId).toBe(before.opId + 1);
    expect(fs.existsSync(path.join(dir, '.ledger-heads.json'))).toBe(true);
  });

  it('warns that five saved edits are missing when the WAL was lost, and offers the newest backup holding them', async () => {
    const dir = tempDir();
    const file = await ledgerIn(dir);
    const backup = await walLost(dir, file, true);
    const core = newCore(dir);
    const status = await core.call('ledger/open', { path: file });
    expect(status.chainWarning).toMatchObject({ kind: 'shorter', missingChanges: 5, backup: { file: backup!.file } });
    expect(status.chainWarning!.message).toMatch(/^台账比上次关闭时少了 5 条已保存的修改/);
    // the file alone verifies clean: only the witness knows
    expect((await core.call('verify/ledger', {})).ok).toBe(true);

    // the warning is not silenced by working on: the remembered head is kept
    await core.call('records/apply', { label: '又一次编辑', ops: [{ type: 'insert', values: SAMPLE }] });
    expect((await core.call('ledger/status', {})).chainWarning).toMatchObject({ kind: expect.any(String) });

    const restored = await core.call('backups/restore', { file: status.chainWarning!.backup!.file });
    expect(restored.chainWarning).toBeNull();
    const { rows } = await core.call('records/list', { startRow: 0, endRow: 5, sort: [] });
    expect(rows[0].remark).toBe('第 5 次修改');
    core.close();
    const again = newCore(dir);
    expect((await again.call('ledger/open', { path: file })).chainWarning).toBeNull();
  });

  it('counts five saved edits lost with the WAL of an app that was killed', async () => {
    const dir = tempDir();
    const file = await ledgerIn(dir);
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/witness-driver.ts'), file, dir], { encoding: 'utf8', timeout: 120_000 });
    expect(child.signal).toBe('SIGKILL');
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    for (const s of ['-wal', '-shm']) fs.rmSync(file + s);
    const status = await newCore(dir).call('ledger/open', { path: file });
    expect(status.chainWarning).toMatchObject({ kind: 'shorter', missingChanges: 5 });
  }, 180_000);

  it('says so when no backup holds the missing changes', async () => {
    const dir = tempDir();
    const file = await ledgerIn(dir);
    await walLost(dir, file, false);
    const status = await newCore(dir).call('ledger/open', { path: file });
    expect(status.chainWarning).toMatchObject({ kind: 'shorter', missingChanges: 5, backup: null });
    expect(status.chainWarning!.message).toMatch(/没有找到包含这些修改的备份/);
  });

  it('catches a history rewritten and re-chained with the app’s own hash function', async () => {
    const dir = tempDir();
    const file = await ledgerIn(dir);
    rewriteAndRechain(file, (db) => {
      db.prepare("UPDATE records SET purchaser_name = '别的单位'").run();
      const row = db.prepare('SELECT * FROM records').get();
      db.prepare("UPDATE audit_log SET after_json = ? WHERE entity = 'record' AND action = 'insert'").run(JSON.stringify(row));
    });
    const core = newCore(dir);
    const status = await core.call('ledger/open', { path: file });
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
    expect(status.chainWarning).toMatchObject({ kind: 'rewritten', missingChanges: null });
    expect(status.chainWarning!.message).toMatch(/台账的操作记录与本机上次看到的不一致/);
  });

  it('keeps the ledger as it is when the user says so, and warns no more', async () => {
    const dir = tempDir();
    const file = await ledgerIn(dir);
    await walLost(dir, file, false);
    const core = newCore(dir);
    expect((await core.call('ledger/open', { path: file })).chainWarning).not.toBeNull();
    expect((await core.call('ledger/acceptChain', {})).chainWarning).toBeNull();
    core.close();
    expect((await newCore(dir).call('ledger/open', { path: file })).chainWarning).toBeNull();
  });

  it('does not warn about writes made elsewhere that extend the chain, a deliberate restore, or a new ledger under an old name', async () => {
    const dir = tempDir();
    const file = await ledgerIn(dir);
    // another process (the CLI) writes on: the chain still holds the remembered head
    const elsewhere = newCore(tempDir());
    await elsewhere.call('ledger/open', { path: file });
    const old = (await elsewhere.call('backups/create', {})).backup;
    await fiveEdits(elsewhere);
    elsewhere.close();
    const core = newCore(dir);
    expect((await core.call('ledger/open', { path: file })).chainWarning).toBeNull();
    expect((await core.call('backups/restore', { file: old.file })).chainWarning).toBeNull();
    core.close();
    expect((await newCore(dir).call('ledger/open', { path: file })).chainWarning).toBeNull();

    const fresh = newCore(dir);
    for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
    expect((await fresh.call('ledger/create', { path: 'office.db', officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' })).chainWarning).toBeNull();
  });
});

// The tests above are a file's (its WAL, a copy put back); on a server the witness is the same.
describe.runIf(TEST_BACKEND === 'postgres')('the office PC as witness of a ledger on PostgreSQL', () => {
  it('catches a history rewritten and re-chained by the owner in psql', async () => {
    const { core, file, dir } = await coreWithLedger();
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: SAMPLE }] });
    core.close();
    rewriteAndRechain(file, (db) => {
      db.prepare("UPDATE records SET purchaser_name = '别的单位'").run();
      const row = db.prepare('SELECT * FROM records').get();
      db.prepare("UPDATE audit_log SET after_json = ? WHERE entity = 'record' AND action = 'insert'").run(JSON.stringify(row));
    });
    const again = newCore(dir);
    const status = await again.call('ledger/open', { path: file });
    expect((await again.call('verify/ledger', {})).ok).toBe(true);
    expect(status.chainWarning).toMatchObject({ kind: 'rewritten', missingChanges: null });
    expect(status.chainWarning!.message).toMatch(/台账的操作记录与本机上次看到的不一致/);
  });
});
