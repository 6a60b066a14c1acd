import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, readPragmas } from '../../electron/core/db/connection';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { coreWithLedger, coreWithLedgerFile, newCore, tempDir } from './support';

describe('ledger files', () => {
  it('creates a ledger with safe pragmas, read back from the real file', async () => {
    const { core, file } = await coreWithLedgerFile();
    const status = await core.call('ledger/status', {});
    expect(status).toMatchObject({ open: true, officeName: '松江区合作交流办', schemaVersion: SCHEMA_VERSION, recordCount: 0 });
    core.close();
    const db = openDatabase(file, { mode: 'open' });
    expect(readPragmas(db)).toMatchObject({ journalMode: 'wal', synchronous: 2, foreignKeys: 1 });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('seeds the default paired regions and settings', async () => {
    const { core } = await coreWithLedger();
    const { items } = await core.call('lists/list', { kind: 'pairedRegions' });
    const codes = items.map((i) => (i as { code: string }).code);
    expect(codes).toEqual(expect.arrayContaining(['653125', '540222', '632621', '500101', '420506']));
    const settings = await core.call('settings/get', {});
    expect(settings.largeAmountFen).toBe(100_000_000);
    expect(Object.values(settings.annualTargetsFen)).toContain(10_000_000_000);
  });

  it('refuses to overwrite an existing file', async () => {
    const { core, dir } = await coreWithLedgerFile('a.db');
    const r = await core.invoke('ledger/create', { path: path.join(dir, 'a.db'), officeName: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'LEDGER_EXISTS' } });
  });

  it('refuses files that are not ledgers, and leaves them untouched', async () => {
    const dir = tempDir();
    const core = newCore(dir);
    const picture = path.join(dir, 'photo.db');
    fs.writeFileSync(picture, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect(await core.invoke('ledger/open', { path: picture })).toMatchObject({ ok: false, error: { code: 'NOT_A_LEDGER' } });

    const other = path.join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1);');
    db.close();
    const before = fs.readFileSync(other);
    expect(await core.invoke('ledger/open', { path: other })).toMatchObject({ ok: false, error: { code: 'NOT_A_LEDGER' } });
    expect(fs.readFileSync(other).equals(before)).toBe(true);
  });

  it('refuses a ledger written by a newer version and does not modify it', async () => {
    const { core, file } = await coreWithLedgerFile();
    core.close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = fs.readFileSync(file);
    const again = newCore(path.dirname(file));
    const r = await again.invoke('ledger/open', { path: file });
    expect(r).toMatchObject({ ok: false, error: { code: 'LEDGER_TOO_NEW' } });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a missing file with a Chinese message', async () => {
    const core = newCore();
    const r = await core.invoke('ledger/open', { path: '/nonexistent/x.db' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('LEDGER_NOT_FOUND');
      expect(r.error.message).toMatch(/无法打开台账文件/);
    }
  });

  it('refuses a ledger on a network share', async () => {
    const core = newCore();
    const r = await core.invoke('ledger/open', { path: '\\\\server\\share\\台账.db' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NETWORK_PATH' } });
    expect(await core.invoke('ledger/create', { path: '//server/share/新台账.db', officeName: '松江区合作交流办' })).toMatchObject({ ok: false, error: { code: 'NETWORK_PATH' } });
  });

  it('resolves a mapped drive to its share on Windows before deciding', async () => {
    const { resolvedPathOnWindows, isNetworkPath } = await import('../../electron/core/db/connection');
    // Z: is mapped to \\nas\office; the file does not exist yet, its folder does
    const realpath = (p: string) => {
      if (p === 'Z:\\台账') return '\\\\nas\\office\\台账';
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(isNetworkPath(resolvedPathOnWindows('Z:\\台账\\新台账.db', realpath))).toBe(true);
    expect(isNetworkPath(resolvedPathOnWindows('C:\\台账\\新台账.db', (p) => p))).toBe(false);
  });

  it('answers operations without an open ledger with NO_LEDGER, and bad arguments with BAD_ARGS', async () => {
    const core = newCore();
    expect(await core.invoke('records/totals', {})).toMatchObject({ ok: false, error: { code: 'NO_LEDGER' } });
    expect(await core.invoke('records/list', { startRow: 'x' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    expect(await core.invoke('nope/nope', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    // zod's own wording is Chinese too, where a schema has no message of its own
    const items = Array.from({ length: 501 }, (_, i) => ({ target: { entity: 'record', id: 1 }, fileName: `${i}.pdf`, content: new Uint8Array([1]) }));
    const tooMany = await core.invoke('attachments/addMany', { items });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'BAD_ARGS', message: expect.stringContaining('items：数值过大') } });
    expect(JSON.stringify(tooMany)).not.toMatch(/Too big|expected/i);
  });

  it('takes a verified online backup of a live ledger', async () => {
    const { core, dir } = await coreWithLedger();
    const r = await core.call('ledger/backup', { target: path.join(dir, 'copy.db') });
    const copy = new Database(r.file, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT count(*) n FROM office_settings').get() as { n: number }).n).toBe(1);
    copy.close();
    expect(await core.invoke('ledger/backup', { target: path.join(dir, 'copy.db') })).toMatchObject({ ok: false, error: { code: 'FILE_EXISTS' } });
  });
});
