import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { migrate } from '../../electron/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { write } from '../../electron/core/db/write-path';
import { defaultSettings } from '../../electron/core/settings/defaults';
import { newCore, tempDir } from './support';

/** A ledger as the previous version (N-1) wrote it, with a record in it. */
async function previousVersionLedger(file: string) {
  const db = openDatabase(file, { mode: 'create' });
  await migrate(db, file, MIGRATIONS.slice(0, -1));
  write(db, { actor: '旧版', label: '新建台账' }, { validators: {} }, (w) => {
    w.insert('settings', { data_json: JSON.stringify(defaultSettings({ officeName: '旧台账', districtName: '松江区', districtCode: '310117', year: 2021 })) }, 1);
    w.insert('record', { date: '2021-11-05', product_name: '昭通苹果', amount_fen: 123456, origin_code: '530602' });
  });
  db.close();
}

describe('migrations', () => {
  it('are numbered 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('upgrade an N-1 ledger to N on a real file, after a verified backup, keeping every record', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    await previousVersionLedger(file);
    const core = newCore(dir);
    const status = await core.call('ledger/open', { path: file });
    expect(status.schemaVersion).toBe(SCHEMA_VERSION);
    expect(status.notice).toMatch(/升级前的备份/);

    const backups = fs.readdirSync(dir).filter((f) => f.includes(`.v${SCHEMA_VERSION - 1}-before-upgrade-`));
    expect(backups).toHaveLength(1);
    const backup = new Database(path.join(dir, backups[0]), { readonly: true });
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(backup.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION - 1);
    expect((backup.prepare('SELECT amount_fen FROM records').get() as { amount_fen: number }).amount_fen).toBe(123456);
    backup.close();

    const { rows } = await core.call('records/list', { startRow: 0, endRow: 10, sort: [], filters: {} });
    expect(rows).toEqual([expect.objectContaining({ productName: '昭通苹果', amountFen: 123456 })]);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
    core.close();

    const db = new Database(file, { readonly: true });
    const indexes = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'records'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['records_date', 'records_amount_fen', 'records_check_duplicate']));
    // 008: sorting by purchaser is served by the duplicate check's covering index
    expect(indexes).not.toContain('records_purchaser_name');
    db.close();
  });

  it('roll back a failing migration whole, leaving the previous version', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.db');
    const db = openDatabase(file, { mode: 'create' });
    await migrate(db, file, MIGRATIONS.slice(0, 1));
    const broken = { version: 2, name: 'broken', up: (d: typeof db) => { d.exec('CREATE TABLE half_done (x)'); throw new Error('boom'); } };
    await expect(migrate(db, file, [MIGRATIONS[0], broken])).rejects.toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) n FROM sqlite_schema WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });
});
