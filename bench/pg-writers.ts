/**
 * Issue 17: "three concurrent writers (two importing, one editing) with no edit waiting more
 * than the commit it queued behind". Three processes on one server ledger (bench/writers-probe.ts):
 * one edits a record at a time through records/apply, as the grid saves a cell, timing each
 * edit; two import a workbook each (different rows), previewed at the same time, then committed.
 * Each edit that overlapped an import's commit is held against the commits that were ahead of it
 * in the line for the ledger's write lock: those that asked for it before the edit began (their
 * ask, hold and COMMIT's answer measured in the importing process). Its baseline is the time
 * from the edit's start until the last of them committed, plus ALLOWANCE_MS: once the lock is
 * free the edit still makes its own change (its reads, UPDATE, audit entry and COMMIT: tens of
 * ms, more on a loaded machine), and the three processes' clocks are read by each for itself.
 * A commit that asked after the edit but went first would make the edit wait past its baseline:
 * that is what the row catches. The row reports the edit with the worst ratio. An edit that meets
 * the lock queues in the
 * server for it (db/pg/ledger-lock.ts queueForLedgerLock), so it gets it as soon as the commit
 * before it ends. An edit that fails instead of waiting fails the row.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../electron/core/core';
import type { Row } from './measure';
import { unitWorkbook } from './transfer';

/** the edit's own statements after the lock is free, and clocks read in three processes */
const ALLOWANCE_MS = 300;

interface Edit {
  start: number;
  end: number;
}
interface Commit {
  asked: number;
  locked: number;
  committed: number;
}

function child(args: string[]): { done: Promise<unknown> } {
  const p = spawn(process.execPath, ['--import', 'tsx', 'bench/writers-probe.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (err += d));
  return {
    done: new Promise((resolve, reject) =>
      p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`writers-probe ${args[0]} failed: ${err.slice(-500)}`)))),
    ),
  };
}

export async function benchPgWriters(ledger: string, workDir: string, rows = 50_000): Promise<Row[]> {
  const books = [1, 2].map((n) => path.join(workDir, `unit-${rows}-writer${n}.xlsx`));
  books.forEach((file, i) => fs.existsSync(file) || unitWorkbook(file, rows, 5000 + i));
  const seed = path.join(workDir, 'unit-200-writers.xlsx');
  if (!fs.existsSync(seed)) unitWorkbook(seed, 200, 77);

  // the ledger with records to edit
  const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-writers-')), rememberRecent: false });
  await core.call('ledger/create', { path: ledger, officeName: '并发测试', districtName: '', districtCode: '' });
  const preview = await core.call('imports/preview', { fileName: path.basename(seed), content: new Uint8Array(fs.readFileSync(seed)) });
  await core.call('imports/commit', { stageId: preview.stageId });
  core.close();

  const stop = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-writers-stop-')), 'stop');
  console.error(`PostgreSQL：三个写入者（两个各导入 ${rows} 行，一个逐条编辑）…`);
  const editor = child(['edit', ledger, stop]);
  // (an editor that dies early must not be an unhandled rejection while the imports run)
  const edited = editor.done.then((r) => ({ r }), (error: unknown) => ({ error }));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const imports = (await Promise.all(books.map((b) => child(['import', ledger, b]).done))) as { records: number; commits: Commit[] }[];
  await new Promise((resolve) => setTimeout(resolve, 1000));
  fs.writeFileSync(stop, '');
  const outcome = await edited;
  if ('error' in outcome) throw outcome.error;
  const { edits, errors } = outcome.r as { edits: Edit[]; errors: string[] };

  const commits = imports.flatMap((i) => i.commits).filter((c) => c.committed - c.locked > 1000);
  let worst: { wait: number; commit: number } | null = null;
  let longestWait = 0;
  for (const e of edits) {
    if (!commits.some((c) => c.locked < e.end && c.committed > e.start)) continue;
    const ahead = commits.filter((c) => c.asked < e.start && c.committed > e.start);
    // ahead of it: until the last of those committed (none: the edit should not have waited at all)
    const commit = ahead.length ? Math.max(...ahead.map((c) => c.committed)) - e.start : 0;
    const wait = e.end - e.start;
    longestWait = Math.max(longestWait, wait);
    if (!worst || wait / (commit + ALLOWANCE_MS) > worst.wait / (worst.commit + ALLOWANCE_MS)) worst = { wait, commit };
  }
  const durations = commits.map((c) => Math.round(c.committed - c.locked)).join(' / ');
  console.error(
    `三个写入者：编辑 ${edits.length} 次（失败 ${errors.length}：${[...new Set(errors)].join('、') || '无'}），与导入提交重叠的最长等待 ${Math.round(longestWait)} ms；导入提交各 ${durations} ms`,
  );
  if (!worst) throw new Error('no edit overlapped an import commit: the measurement did not measure anything');
  return [
    {
      what: `PostgreSQL：两个导入（各 ${rows.toLocaleString()} 行）与一个编辑者同时写：最差的编辑等待（基线：排在它前面的导入提交做完为止＋${ALLOWANCE_MS} ms）${errors.length ? `；编辑失败 ${errors.length} 次 ✗` : ''}`,
      appMs: worst.wait,
      baselineMs: worst.commit + ALLOWANCE_MS,
      limitMs: errors.length ? 0 : null,
      maxRatio: 1.0,
    },
  ];
}
