/**
 * Writers that wait instead of giving up: while another process holds the ledger's write lock
 * for longer than SQLite's busy timeout (a 100,000-row import commit takes that long), a CLI
 * import and an edit in the app wait — saying "正在等待另一项导入完成…" — and both land once
 * the lock is free. Before, both failed with LEDGER_BUSY after 5 s. Real processes, one real file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { SAMPLE, tempDir } from './support';

const ROOT = path.resolve(__dirname, '../..');
const WAITING = '正在等待另一项导入完成';

/**
 * A process that takes the write lock and holds it until told to commit (a long import commit, as
 * SQLite sees it). With `afterBatches`, it first watches the ledger until that many import batches
 * are committed, so that it takes the lock in the middle of a call that writes in several parts;
 * its LOCKED line says how many batches there were once it held the lock.
 */
function lockHolder(file: string, afterBatches = 0): { child: ChildProcess; ready: Promise<void>; locked: Promise<void>; output(): string; release(): Promise<void> } {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    const batches = () => db.prepare('SELECT count(*) FROM import_batches').pluck().get();
    process.stdout.write('READY\\n');
    while (batches() < ${afterBatches}) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    db.prepare('BEGIN IMMEDIATE').run();
    process.stdout.write('LOCKED ' + batches() + '\\n');
    process.stdin.once('data', () => { db.prepare('COMMIT').run(); db.close(); process.stdout.write('RELEASED\\n'); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = (want: string) => new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(want)) resolve();
    });
    child.on('exit', () => (out.includes(want) ? resolve() : reject(new Error(`lock holder exited before ${want}`))));
  });
  let all = '';
  child.stdout!.on('data', (d: Buffer) => (all += d.toString()));
  // started and watching: a call started after this cannot finish before the holder looks
  const ready = lines('READY');
  const locked = lines('LOCKED');
  return {
    child,
    ready,
    locked,
    output: () => all,
    release: () => {
      const done = lines('RELEASED');
      child.stdin!.write('go\n');
      return done;
    },
  };
}

function until(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000;
    const tick = () => (condition() ? resolve() : Date.now() > deadline ? reject(new Error(`never: ${what}`)) : setTimeout(tick, 50));
    tick();
  });
}

describe('a second writer while another holds the ledger', () => {
  it('the CLI import and an edit in the app wait, say so, and both land once the other commits', async () => {
    const dir = tempDir();
    const notices: string[] = [];
    const core = createCore({ dataDir: dir, actor: '测试', rememberRecent: false, onWait: (m) => notices.push(m) });
    const { path: file } = await core.call('ledger/create', { path: 'shared.db', officeName: '等待测试', districtName: '', districtCode: '' });
    const csv = path.join(dir, 'unit.csv');
    fs.writeFileSync(csv, '日期,采购单位,产品名称,产地,金额\n2021-11-05,松江区教育局,普洱茶,勐海县,100\n2021-11-06,松江区教育局,普洱茶,勐海县,200\n');

    const holder = lockHolder(file!);
    await holder.locked;

    // the CLI, a real process
    let cliErr = '';
    let cliOut = '';
    const cli = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), 'import', file!, csv, '--json'], { cwd: ROOT });
    cli.stderr.on('data', (d: Buffer) => (cliErr += d.toString()));
    cli.stdout.on('data', (d: Buffer) => (cliOut += d.toString()));
    const cliExit = new Promise<number>((resolve) => cli.on('exit', (code) => resolve(code ?? -1)));

    // the window's edit and an import with a progress bar, in this process
    const jobId = '00000000-0000-4000-8000-000000000001';
    const edit = core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    const imported = core.call('imports/file', { fileName: 'other.csv', content: new TextEncoder().encode('日期,采购单位,产品名称,产地,金额\n2021-11-07,松江区卫健委,苹果,昭阳区,300\n'), jobId });
    await until(() => notices.some((n) => n.includes(WAITING)), 'the app says it waits');
    // what the window asks while its save is pending: answered at once, not behind the waiting call
    expect((await core.call('ledger/waiting', {})).message).toContain(WAITING);
    await until(() => cliErr.includes(WAITING), 'the CLI says it waits');

    await holder.release();
    expect((await edit).changes).toHaveLength(1);
    expect(await imported).toMatchObject({ status: 'imported', records: 1 });
    expect(await cliExit).toBe(0);
    expect(JSON.parse(cliOut).files[0]).toMatchObject({ status: 'imported', records: 2 });
    expect((await core.call('stats/summary', {})).records).toBe(4);
    expect((await core.call('ledger/waiting', {})).message).toBeNull();
    expect((await core.call('verify/ledger', {})).problems).toEqual([]);
    core.close();
  }, 240_000);

  it('a job that waits shows it in its progress', async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, actor: '测试', rememberRecent: false });
    const { path: file } = await core.call('ledger/create', { path: 'job.db', officeName: '等待测试', districtName: '', districtCode: '' });
    const holder = lockHolder(file!);
    await holder.locked;
    const jobId = '00000000-0000-4000-8000-000000000002';
    const imported = core.call('imports/file', { fileName: 'a.csv', content: new TextEncoder().encode('日期,采购单位,产品名称,产地,金额\n2021-11-07,松江区卫健委,苹果,昭阳区,300\n'), jobId });
    let phase = '';
    await until(() => {
      void core.call('jobs/progress', { jobId }).then((p) => (phase = p?.phase ?? phase));
      return phase.includes(WAITING);
    }, 'the job shows that it waits');
    await holder.release();
    expect(await imported).toMatchObject({ status: 'imported', records: 1 });
    core.close();
  }, 240_000);
});

/** A workbook of two data sheets: a small one committed first, then `rows` rows (building them leaves a moment between the two commits). */
function twoSheetWorkbook(rows: number): Uint8Array {
  const header = ['日期', '采购单位', '产品名称', '产地', '金额'];
  const sheet = (n: number, product: string) => [header, ...Array.from({ length: n }, (_, i) => ['2021-11-05', '松江区教育局', `${product} ${i}`, '勐海县', 100 + i])];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(sheet(2, '普洱茶')), '10月');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(sheet(rows, '苹果')), '11月');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

describe('a call that already committed part of its work when another process takes the lock', () => {
  // 20,000 rows: the sheet is loaded with the bulk indexes dropped and rebuilt, each its own write
  it.each([['one transaction', 8_000], ['bulk load', 20_000]] as const)(
    'a workbook import whose second sheet meets the lock waits, says so, and lands each sheet once (%s)',
    async (_kind, rows) => {
      const dir = tempDir();
      const notices: string[] = [];
      const core = createCore({ dataDir: dir, actor: '测试', rememberRecent: false, onWait: (m) => notices.push(m) });
      const { path: file } = await core.call('ledger/create', { path: 'parts.db', officeName: '等待测试', districtName: '', districtCode: '' });
      const holder = lockHolder(file!, 1);
      await holder.ready;
      // The other process takes the lock once the first sheet is committed; the second sheet's
      // first write waits until it has. Left to the holder's polling alone, the two commits
      // (a few ms apart) were sometimes both done before it looked (LOCKED 2, 1 run in 5).
      const runPart = core.ctx.waitForWriters;
      let parts = 0;
      core.ctx.waitForWriters = async (part) => {
        if (++parts === 2) await holder.locked;
        return runPart(part);
      };

      const jobId = '00000000-0000-4000-8000-000000000003';
      const imported = core.call('imports/file', { fileName: '两个月.xlsx', content: twoSheetWorkbook(rows), jobId });
      await holder.locked;
      // the other process took the lock between the two sheets' commits, not before or after both
      expect(holder.output()).toContain('LOCKED 1');
      // (before, the second sheet gave up after SQLite's busy timeout and was reported failed)
      const finishedFirst = imported.then((r) => new Error(`the import ended without waiting: ${JSON.stringify(r.sheets.map((x) => x.error ?? x.status))}`));
      await Promise.race([until(() => notices.some((n) => n.includes(WAITING)), 'the import says it waits'), finishedFirst.then((e) => Promise.reject(e))]);
      expect((await core.call('jobs/progress', { jobId }))?.phase).toContain(WAITING);

      await holder.release();
      const result = await imported;
      expect(result.sheets.map((x) => [x.sheet, x.status, x.records])).toEqual([
        ['10月', 'imported', 2],
        ['11月', 'imported', rows],
      ]);
      expect(result.status).toBe('imported');
      const db = core.ctx.ledger!.db;
      expect(db.prepare('SELECT sheet, records FROM import_batches ORDER BY id').all()).toEqual([
        { sheet: '10月', records: 2 },
        { sheet: '11月', records: rows },
      ]);
      expect((await core.call('stats/summary', {})).records).toBe(2 + rows);
      // the bulk load's indexes are back
      expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'records_date'").pluck().get()).toBe(1);
      expect((await core.call('ledger/waiting', {})).message).toBeNull();
      expect((await core.call('verify/ledger', {})).problems).toEqual([]);
      core.close();
    },
    240_000,
  );
});
