/** The CLI as scripts use it: a real process, real files, JSON on stdout, exit codes of cli.md. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TEAM_FIXTURES } from '../support/fixtures';
import { reusedLedger } from '../support/reused-ledger';
import { tempDir } from './support';

const ROOT = path.resolve(__dirname, '../..');

function cli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('cli', () => {
  it('init, demo, list, stats and verify work as cli.md says', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    const init = cli(['init', file, '--office', '松江区合作交流办', '--district-code', '310117', '--json']);
    expect(init.code).toBe(0);
    expect(init.json()).toEqual({ ledger: file });

    const again = cli(['init', file, '--json']);
    expect(again.code).toBe(2);
    expect(again.json().error.code).toBe('LEDGER_EXISTS');

    const demo = cli(['demo', file, '--rows', '500', '--seed', '7', '--json']);
    expect(demo.code).toBe(0);
    expect(demo.json()).toEqual({ records: 500 });

    const list = cli(['list', file, '--limit', '5', '--json']);
    expect(list.code).toBe(0);
    const records = list.json().records;
    expect(records).toHaveLength(5);
    expect(records[0]).toEqual(expect.objectContaining({ id: expect.any(Number), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), purchaser: expect.any(String), product: expect.any(String), amountFen: expect.any(Number) }));

    const stats = cli(['stats', file, '--json']).json();
    expect(stats.records).toBe(500);
    const months = Object.values(stats.byMonth) as { records: number; totalFen: number }[];
    expect(months.reduce((s, m) => s + m.records, 0)).toBe(500);
    expect(months.reduce((s, m) => s + m.totalFen, 0)).toBe(stats.totalFen);

    const verify = cli(['verify', file, '--json']);
    expect(verify.code).toBe(0);
    expect(verify.json()).toEqual({ ok: true, problems: [] });
  });

  it('verify exits 1 and names the tampered record', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    expect(cli(['demo', file, '--rows', '50', '--json']).code).toBe(0);
    const db = new Database(file);
    db.prepare('UPDATE records SET amount_fen = amount_fen + 100 WHERE id = (SELECT min(id) FROM records)').run();
    const id = (db.prepare('SELECT min(id) AS id FROM records').get() as { id: number }).id;
    db.close();
    const r = cli(['verify', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().ok).toBe(false);
    expect(r.json().problems[0].message).toContain(`记录 ${id} `);
  });

  it('verify --repair-reused-ids ends what a deleted record left on its reused number, prints it, then verifies', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const { reused, oldLinkId, oldWaiverId } = await reusedLedger(file);
    const before = cli(['verify', file, '--json']);
    expect(before.code).toBe(1);
    expect(before.json().problems.map((p: { code: string }) => p.code)).toEqual(['ID_REUSED']);
    expect(before.json().problems[0].message).toContain('verify <台账> --repair-reused-ids');

    const r = cli(['verify', file, '--repair-reused-ids', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({
      repaired: [
        {
          entity: 'record',
          entityId: reused,
          deleted: '2021-11-06，松江区第一中学，勐海普洱茶，1,285.00 元',
          links: [{ linkId: oldLinkId, name: '旧发票.pdf', role: '发票' }],
          waivers: [{ waiverId: oldWaiverId, code: 'CREDIT_CODE_INVALID', reason: '已向单位核实' }],
        },
      ],
      ok: true,
      problems: [],
    });
    const text = cli(['verify', file, '--repair-reused-ids']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('没有需要修复的重复编号');
    expect(text.stdout).toContain('验证通过');
    // the repair is in the log under the CLI's actor
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT DISTINCT label FROM audit_log WHERE action = 'delete' AND entity IN ('attachmentLink', 'checkWaiver')").pluck().all()).toEqual(['修复重复使用的编号']);
    db.close();
  });

  it('exits 2 for bad usage and unreadable ledgers, with Chinese messages on stderr', () => {
    const dir = tempDir();
    const unknown = cli(['frobnicate', 'x.db']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/未知命令/);
    const missing = cli(['stats', path.join(dir, 'none.db'), '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json().error.code).toBe('LEDGER_NOT_FOUND');
    const noRows = cli(['demo', path.join(dir, 'd.db')]);
    expect(noRows.code).toBe(2);
    expect(noRows.stderr).toMatch(/--rows/);
  });

  it('backs up a ledger to a verified copy', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    cli(['demo', file, '--rows', '20']);
    const out = path.join(dir, 'backup.db');
    const r = cli(['backup', file, out, '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ file: out });
    const copy = new Database(out, { readonly: true });
    expect((copy.prepare('SELECT count(*) n FROM records').get() as { n: number }).n).toBe(20);
    copy.close();
  });
});

describe('cli import', () => {
  it('imports the fixtures and reports per file as cli.md says', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    cli(['init', file]);
    const fixtures = TEAM_FIXTURES;
    const bad = path.join(dir, 'bad.csv');
    require('node:fs').writeFileSync(bad, '日期,采购单位,产品名称,产地,金额\n2021-11-05,区教育局,普洱茶,火星县,100\n2021-11-06,区教育局,苹果,昭阳区,200\n2021-11-07,,,昭阳区,\n');
    const r = cli(['import', file, path.join(fixtures, 'sample-hospital-2021-11.xlsx'), path.join(fixtures, 'sample-union-2021-12-gbk.csv'), bad, '--errors', path.join(dir, 'errors'), '--json']);
    expect(r.code).toBe(1);
    const files = r.json().files;
    expect(files[0]).toMatchObject({ status: 'imported', records: 24, totalFen: 10725553, rejectedRows: 0 });
    expect(files[1]).toMatchObject({ status: 'imported', records: 12, totalFen: 5234100, rejectedRows: 0 });
    // the unknown county lands with its text kept (issue 16); the line with no purchaser, product or amount does not
    expect(files[2]).toMatchObject({ status: 'imported', records: 2, totalFen: 30000, rejectedRows: 1, unreadRows: 1 });
    expect(files[0].sheets).toEqual([expect.objectContaining({ status: 'imported', records: 24, totalFen: 10725553 })]);
    expect(require('node:fs').existsSync(files[2].errorFile)).toBe(true);
    const again = cli(['import', file, path.join(fixtures, 'sample-hospital-2021-11.xlsx'), '--json']);
    expect(again.code).toBe(0);
    expect(again.json().files[0]).toMatchObject({ status: 'skipped' });
  });

  it('tells what it read beside the columns: a purchaser taken from the title line, in the JSON and in the lines', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    cli(['init', file]);
    const school = path.join(dir, '某某中学.csv');
    require('node:fs').writeFileSync(school, '填报单位：松江区某某中学,,,\n日期,产品名称,产地,金额\n2021-11-05,普洱茶,勐海县,100\n');
    const r = cli(['import', file, school, '--json']);
    expect(r.json().files[0].sheets[0].notices).toContain('表中没有购买主体列：按表头写的“松江区某某中学”记为每一行的购买主体');
    expect(cli(['list', file, '--json']).json().records[0].purchaser).toBe('松江区某某中学');
    const other = path.join(dir, '另一所中学.csv');
    require('node:fs').writeFileSync(other, '填报单位：松江区另一所中学,,,\n日期,产品名称,产地,金额\n2021-11-06,普洱茶,勐海县,200\n');
    expect(cli(['import', file, other]).stdout).toContain('按表头写的“松江区另一所中学”记为每一行的购买主体');
  });
});

describe('cli export', () => {
  it('exports a month as a workbook that imports back with the same count and total', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    expect(cli(['demo', file, '--rows', '600', '--seed', '5', '--json']).code).toBe(0);
    const stats = cli(['stats', file, '--json']).json();
    const [month, figures] = Object.entries(stats.byMonth as Record<string, { records: number; totalFen: number }>)[0];
    const out = path.join(dir, `${month}.xlsx`);
    const r = cli(['export', file, out, '--period', month, '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ file: out, records: figures.records });
    const copy = path.join(dir, 'copy.db');
    cli(['init', copy]);
    const back = cli(['import', copy, out, '--json']).json().files[0];
    expect(back).toMatchObject({ status: 'imported', records: figures.records, totalFen: figures.totalFen, rejectedRows: 0 });
    expect(cli(['export', file, path.join(dir, 'x.csv')]).code).toBe(2);
  });
});

describe('cli verify package.zip', () => {
  it('passes an intact package and names a tampered one', async () => {
    const { buildPackage } = await import('../../electron/core/package/build');
    const { JobRegistry } = await import('../../electron/core/jobs/registry');
    const { coreWithLedger, SAMPLE } = await import('./support');
    const { core, dir } = await coreWithLedger();
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: { ...SAMPLE, date: '2021-11-03' } }] });
    const job = await new JobRegistry().run(undefined, (j) => j);
    const pkg = await buildPackage(core.ctx.ledger!, core.ctx.reference, { period: '2021-11', version: 1, checks: { issues: [] }, job });
    const fs = require('node:fs') as typeof import('node:fs');
    const file = path.join(dir, 'pkg.zip');
    fs.writeFileSync(file, pkg.content);
    const ok = cli(['verify', file, '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toEqual({ ok: true, problems: [] });

    const bad = Buffer.from(pkg.content);
    bad[Math.floor(bad.length / 3)] ^= 0xff; // inside the compressed report workbook
    fs.writeFileSync(file, bad);
    const r = cli(['verify', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.json().ok).toBe(false);
    expect(cli(['verify', path.join(dir, 'nope.zip')]).code).toBe(2);
  });
});

describe('cli verify --previous and --against', () => {
  it('proves a package extends the previous one and the ledger still holds both; exit 1 with the problem otherwise', async () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const { coreWithLedger, SAMPLE } = await import('./support');
    const values = (date: string, invoiceNo: string) => ({ ...SAMPLE, creditCode: '12100000400000624D', purchaserType: '事业单位', date, amountFen: 128_500, quantity: 10, unitPrice: 128.5, invoiceNo });
    const build = async (name: string) => {
      const { core, file, dir } = await coreWithLedger(name);
      await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: values('2021-11-03', '21312000000000000101') }] });
      const p1 = path.join(dir, 'p1.zip');
      fs.writeFileSync(p1, (await core.call('package/build', { period: '2021-11' })).content);
      await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: values('2021-12-03', '21312000000000000102') }] });
      const p2 = path.join(dir, 'p2.zip');
      fs.writeFileSync(p2, (await core.call('package/build', { period: '2021-12' })).content);
      core.close();
      return { file, p1, p2 };
    };
    const a = await build('a.db');
    const b = await build('b.db');
    expect(cli(['verify', a.p2, '--previous', a.p1, '--json'])).toMatchObject({ code: 0 });
    const forked = cli(['verify', a.p2, '--previous', b.p1, '--json']);
    expect(forked.code).toBe(1);
    expect(forked.json().problems.map((p: { code: string }) => p.code)).toContain('AUDIT_CHAIN_FORKED');
    const held = cli(['verify', a.file, '--against', a.p1, '--against', a.p2, '--json']);
    expect(held.code).toBe(0);
    expect(held.json()).toEqual({ ok: true, problems: [] });
    const foreign = cli(['verify', a.file, '--against', a.p1, '--against', b.p2, '--json']);
    expect(foreign.code).toBe(1);
    expect(foreign.json().problems.map((p: { code: string }) => p.code)).toContain('PACKAGE_HEAD_DIFFERS');
    expect(cli(['verify', a.p2, '--against', a.p1]).code).toBe(2);
  }, 300_000);
});

describe('cli package', () => {
  it('builds the month’s package and locks it; refuses the second time with exit 1', async () => {
    const { coreWithLedger, SAMPLE } = await import('./support');
    const { core, file, dir } = await coreWithLedger();
    const values = { ...SAMPLE, creditCode: '12100000400000624D', purchaserType: '事业单位', date: '2021-11-03', amountFen: 128_500, quantity: 10, unitPrice: 128.5 };
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values }] });
    core.close();
    const out = path.join(dir, '2021-11.zip');
    const r = cli(['package', file, '--period', '2021-11', '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ file: out, records: 1, totalFen: 128_500, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(cli(['verify', out, '--json']).json()).toEqual({ ok: true, problems: [] });
    const again = cli(['package', file, '--period', '2021-11', '--out', out, '--json']);
    expect(again.code).toBe(1);
    expect(again.json().error.code).toBe('PERIOD_SUBMITTED');
    expect(cli(['package', file, '--period', '2021-11', '--out', out, '--force']).code).toBe(2);
  });
});

describe('cli check', () => {
  it('reports issues with codes and counts, exit 1 while errors remain unwaived', async () => {
    const { coreWithLedger, SAMPLE } = await import('./support');
    const { core, file } = await coreWithLedger();
    const clean = { ...SAMPLE, creditCode: '12100000400000624D', purchaserType: '事业单位', date: '2021-11-03', amountFen: 128_500, quantity: 10, unitPrice: 128.5 };
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: clean }, { type: 'insert', values: { ...clean, date: '2021-12-03', invoiceNo: '21312000000000009999', originCode: '110101' } }] });
    core.close();
    const nov = cli(['check', file, '--period', '2021-11', '--json']);
    expect(nov.code).toBe(0);
    expect(nov.json().counts.ORIGIN_NOT_PAIRED).toBeUndefined();
    const all = cli(['check', file, '--json']);
    expect(all.code).toBe(1);
    const out = all.json();
    expect(out.counts.ORIGIN_NOT_PAIRED).toBe(1);
    expect(out.issues).toContainEqual(expect.objectContaining({ code: 'ORIGIN_NOT_PAIRED', severity: 'error', recordId: expect.any(Number), message: expect.any(String) }));
    expect(cli(['check', file, '--period', '2021-13']).code).toBe(2);
  });
});
