/**
 * The month is locked only once its package is safely on disk (issue 15 §3): a package that
 * cannot be written leaves the month open, and a retry to a good place succeeds; a lock that
 * fails leaves no package claiming to be the submitted one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../electron/core/package/manifest';
import { dialectOf } from '../../electron/core/db/ledger-db';
import { coreWithLedger, SAMPLE } from './support';

const ROOT = path.resolve(__dirname, '../..');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

const CLEAN = { ...SAMPLE, creditCode: '12100000400000624D', purchaserType: '事业单位', date: '2021-11-03', amountFen: 128_500, quantity: 10, unitPrice: 128.5 };

async function ledgerWithNovember() {
  const made = await coreWithLedger();
  await made.core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: CLEAN }] });
  return made;
}

describe('package is written before the month is locked', { timeout: 180_000 }, () => {
  it('cli: an unwritable --out leaves the month open, and a retry to a good place succeeds', async () => {
    const { core, file, dir } = await ledgerWithNovember();
    core.close();
    const failed = cli(['package', file, '--period', '2021-11', '--out', path.join(dir, 'no', 'such', 'dir', 'p.zip'), '--json']);
    expect(failed.code).not.toBe(0);
    expect(failed.json().error.code).toBe('WRITE_FAILED');
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);

    const out = path.join(dir, '2021-11.zip');
    const retry = cli(['package', file, '--period', '2021-11', '--out', out, '--json']);
    expect(retry.code).toBe(0);
    const r = retry.json();
    expect(r).toMatchObject({ file: out, records: 1, totalFen: 128_500 });
    // what the ledger records as submitted is the file that is there, and it is version 1
    expect(sha256Hex(fs.readFileSync(out))).toBe(r.sha256);
    const listed = cli(['verify', out, '--json']);
    expect(listed.json().ok).toBe(true);
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('core: package/build with out writes the file durably, then locks with its hash', async () => {
    const { core, dir } = await ledgerWithNovember();
    await expect(core.call('package/build', { period: '2021-11', out: path.join(dir, 'missing', 'p.zip') })).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    let nov = (await core.call('periods/list', {})).periods.find((p) => p.month === '2021-11');
    expect(nov).toMatchObject({ status: 'open', packageSha256: null, version: 0 });

    const out = path.join(dir, 'p.zip');
    const r = await core.call('package/build', { period: '2021-11', out });
    expect(r.file).toBe(out);
    nov = (await core.call('periods/list', {})).periods.find((p) => p.month === '2021-11');
    expect(nov).toMatchObject({ status: 'submitted', packageSha256: sha256Hex(fs.readFileSync(out)), version: 1 });
  });

  it('core: the window’s choice saves the package in a 报送包 folder beside the ledger, then locks', async () => {
    const { core, dir } = await ledgerWithNovember();
    const r = await core.call('package/build', { period: '2021-11', saveBesideLedger: true });
    expect(r.file).toBe(path.join(dir, '报送包', r.fileName));
    expect(sha256Hex(fs.readFileSync(r.file!))).toBe(r.sha256);
    expect((await core.call('periods/list', {})).periods.find((p) => p.month === '2021-11')).toMatchObject({ status: 'submitted', packageSha256: r.sha256 });
  });

  it('core: when the lock cannot be written, the package just written is removed', async () => {
    const { core, dir } = await ledgerWithNovember();
    // A trigger outside the app makes the period's write fail after the file is in place.
    const db = core.ctx.ledger!.db;
    if (dialectOf(db) === 'postgres') {
      db.exec(`CREATE FUNCTION refuse_lock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk says no'; END $$;
               CREATE TRIGGER refuse_lock BEFORE INSERT ON periods FOR EACH ROW EXECUTE FUNCTION refuse_lock()`);
    } else db.exec("CREATE TEMP TRIGGER refuse_lock BEFORE INSERT ON periods BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    const out = path.join(dir, 'p.zip');
    await expect(core.call('package/build', { period: '2021-11', out })).rejects.toBeTruthy();
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.zip') || n.includes('.tmp'))).toEqual([]);
  });
});
