/**
 * Several staff on one PostgreSQL ledger (issue 17: "one person's 100,000-row import does not
 * stop the others from working: they wait at most for its commit, with a message, never an
 * error"): while another connection holds the ledger's write lock longer than the short wait,
 * an edit in the app waits, says "正在等待另一项导入完成…", and lands once the other commits;
 * reading is never held up meanwhile.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { SAMPLE, serverDatabase, tempDir } from './support';

const WAITING = '正在等待另一项导入完成';
/** db/pg/ledger-lock.ts's key: 'BFTZ' */
const LEDGER_LOCK_KEY = 0x4246545a;

describe('a second writer on a PostgreSQL ledger', () => {
  it('waits for the other staff member’s commit, says so, and lands', async () => {
    const database = serverDatabase('wait');
    const notices: string[] = [];
    const core = createCore({ dataDir: tempDir(), actor: '测试', rememberRecent: false, onWait: (m) => notices.push(m) });
    await core.call('ledger/create', { path: database.url, officeName: '等待测试', districtName: '', districtCode: '' });

    // another staff member's long import commit, as the server sees it: the lock held in an open transaction
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
    const started = Date.now();
    const edit = core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    // once the short wait (5 s) is over the app says it waits, and answers other calls meanwhile
    const said = await new Promise<boolean>((resolve) => {
      const tick = () => (notices.some((n) => n.includes(WAITING)) ? resolve(true) : Date.now() - started > 60_000 ? resolve(false) : setTimeout(tick, 50));
      tick();
    });
    expect(said).toBe(true);
    expect((await core.call('ledger/waiting', {})).message).toContain(WAITING);
    // a third staff member's app reads the ledger meanwhile without waiting for anyone
    const reader = createCore({ dataDir: tempDir(), actor: '读者', rememberRecent: false });
    await reader.call('ledger/open', { path: database.url });
    expect((await reader.call('stats/summary', {})).records).toBe(0);
    reader.close();

    await other.query('COMMIT');
    await other.end();
    expect((await edit).changes).toHaveLength(1);
    expect((await core.call('ledger/waiting', {})).message).toBeNull();
    expect((await core.call('verify/ledger', {})).problems).toEqual([]);
    core.close();
  }, 120_000);

  it('keeps its place: a writer that began waiting after it does not go first when the other commits', async () => {
    // Issue 17: "no edit waiting more than the commit it queued behind". An edit that met a long
    // import commit waits; a second import reaching its commit meanwhile must queue behind the
    // edit, not take the lock the moment the first import lets go (the edit would then wait
    // for two imports' commits).
    const database = serverDatabase('fair');
    const notices: string[] = [];
    const core = createCore({ dataDir: tempDir(), actor: '编辑者', rememberRecent: false, onWait: (m) => notices.push(m) });
    await core.call('ledger/create', { path: database.url, officeName: '排队测试', districtName: '', districtCode: '' });
    const [{ id, after }] = (await core.call('records/apply', { ops: [{ type: 'insert', values: { ...SAMPLE, remark: '原值' } }] })).changes;

    const first = new pg.Client({ connectionString: database.url });
    const second = new pg.Client({ connectionString: database.url });
    await first.connect();
    await second.connect();
    await first.query('BEGIN');
    await first.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
    const edit = core.call('records/apply', { ops: [{ type: 'update', id, values: { remark: '编辑者改的' }, seen: after!.updatedAt }] });
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const tick = () => (notices.some((n) => n.includes(WAITING)) ? resolve() : Date.now() - started > 60_000 ? reject(new Error('the edit never said it waits')) : setTimeout(tick, 50));
      tick();
    });
    // writers queued for the ledger's lock, as the server sees them
    const queued = async (n: number, what: string) => {
      for (;;) {
        const waiting = await first.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        if (waiting.rows[0].n >= n) return;
        if (Date.now() - started > 60_000) throw new Error(`${what} never queued for the lock`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await queued(1, 'the waiting edit');
    // the second import reaches its commit now, after the edit began waiting: it queues for the lock
    await second.query('BEGIN');
    const secondHolds = second.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
    await queued(2, 'the second writer');
    await first.query('COMMIT');
    await secondHolds;
    // what the second writer finds once it holds the lock: the edit, which was waiting first, is in
    const seen = await second.query('SELECT remark FROM records WHERE id = $1', [id]);
    await second.query('COMMIT');
    await first.end();
    await second.end();
    expect((await edit).changes[0].after?.remark).toBe('编辑者改的');
    expect(seen.rows[0].remark).toBe('编辑者改的');
    core.close();
  }, 120_000);

  it('keeps its place from the start: a writer that queues during its first seconds of waiting does not go first either', async () => {
    // The waiting writer is a CLI import in a process of its own, as staff on another PC: its
    // first attempt blocks that process's thread (the short wait), not this test's.
    const database = serverDatabase('early');
    const dir = tempDir();
    const core = createCore({ dataDir: dir, actor: '测试', rememberRecent: false });
    await core.call('ledger/create', { path: database.url, officeName: '排队测试', districtName: '', districtCode: '' });
    core.close();
    const csv = path.join(dir, 'unit.csv');
    fs.writeFileSync(csv, '日期,采购单位,产品名称,产地,金额\n2021-11-05,松江区教育局,普洱茶,勐海县,100\n');
    const first = new pg.Client({ connectionString: database.url });
    const second = new pg.Client({ connectionString: database.url });
    for (const c of [first, second]) c.on('error', () => undefined); // (the database is dropped under them if the test fails)
    await first.connect();
    await second.connect();
    await first.query('BEGIN');
    await first.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
    const root = path.resolve(__dirname, '../..');
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/main.ts'), 'import', database.url, csv, '--json'], { cwd: root });
    const exit = new Promise<number>((resolve) => cli.on('exit', (code) => resolve(code ?? -1)));
    const started = Date.now();
    const queued = async (n: number, what: string) => {
      for (;;) {
        const waiting = await first.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        if (waiting.rows[0].n >= n) return;
        if (Date.now() - started > 60_000) throw new Error(`${what} never queued for the lock`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await queued(1, 'the CLI import');
    // the second writer queues right behind it, well within the CLI's first 5 s
    await second.query('BEGIN');
    const secondHolds = second.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
    await queued(2, 'the second writer');
    // the first writer's commit goes on past the short wait
    await new Promise((resolve) => setTimeout(resolve, 6500));
    await first.query('COMMIT');
    await secondHolds;
    // what the second writer finds once it holds the lock: the import, which was waiting first, is in
    const seen = await second.query('SELECT count(*)::int AS n FROM records');
    await second.query('COMMIT');
    await first.end();
    await second.end();
    expect(await exit).toBe(0);
    expect(seen.rows[0].n).toBe(1);
  }, 120_000);

  it('stops waiting when its job is cancelled, and the ledger answers again at once', async () => {
    const database = serverDatabase('cancel');
    const core = createCore({ dataDir: tempDir(), actor: '测试', rememberRecent: false });
    await core.call('ledger/create', { path: database.url, officeName: '取消测试', districtName: '', districtCode: '' });
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
    const jobId = '00000000-0000-4000-8000-000000000003';
    const csv = new TextEncoder().encode('日期,采购单位,产品名称,产地,金额\n2021-11-07,松江区卫健委,苹果,昭阳区,300\n');
    const imported = core.call('imports/file', { fileName: 'a.csv', content: csv, jobId }).then(
      () => 'imported',
      (err: { code?: string }) => err.code,
    );
    const started = Date.now();
    let phase = '';
    while (!phase.includes(WAITING)) {
      if (Date.now() - started > 60_000) throw new Error('the job never showed that it waits');
      phase = (await core.call('jobs/progress', { jobId }))?.phase ?? phase;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await core.call('jobs/cancel', { jobId });
    expect(await imported).toBe('CANCELLED');
    // the wait in the server's queue was ended: the connection serves the next call while the other still holds the lock
    expect((await core.call('stats/summary', {})).records).toBe(0);
    const waiting = await other.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    expect(waiting.rows[0].n).toBe(0);
    await other.query('COMMIT');
    await other.end();
    expect((await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] })).changes).toHaveLength(1);
    core.close();
  }, 120_000);

  it('waits in a CLI process too: a process with nothing else to do stays alive while it waits, and lands', async () => {
    const database = serverDatabase('cli');
    const dir = tempDir();
    const core = createCore({ dataDir: dir, actor: '测试', rememberRecent: false });
    await core.call('ledger/create', { path: database.url, officeName: 'CLI 等待', districtName: '', districtCode: '' });
    core.close();
    const csv = path.join(dir, 'unit.csv');
    fs.writeFileSync(csv, '日期,采购单位,产品名称,产地,金额\n2021-11-05,松江区教育局,普洱茶,勐海县,100\n');
    const other = new pg.Client({ connectionString: database.url });
    other.on('error', () => undefined); // (the database is dropped under it if the test fails)
    await other.connect();
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);

    const root = path.resolve(__dirname, '../..');
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'electron/cli/main.ts'), 'import', database.url, csv, '--json'], { cwd: root });
    let err = '';
    let out = '';
    cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
    cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number>((resolve) => cli.on('exit', (code) => resolve(code ?? -1)));
    const started = Date.now();
    while (!err.includes(WAITING)) {
      if (Date.now() - started > 60_000) throw new Error(`the CLI never said it waits: ${err}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // still waiting a while later (its wait is in the server's queue, answered on another thread)
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(cli.exitCode).toBeNull();
    await other.query('COMMIT');
    await other.end();
    expect(await exit).toBe(0);
    expect(JSON.parse(out).files[0]).toMatchObject({ status: 'imported', records: 1 });
  }, 120_000);
});
