/**
 * Issue 2's figures on a ledger of N records made by `demo` (default 1,000,000):
 * the grid's first page, a sorted and filtered page and the totals row, each through the
 * app's handler and as the bare SQL on better-sqlite3 in the same run; demo's time; the
 * core's resident memory with the ledger open (in a child process of its own).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore } from '../electron/core/core';
import { compare, type Row } from './measure';

/** The grid's ledger of N demo records in bench/.work, made on first use (and then timed). */
export function gridLedger(workDir: string, rows: number): { file: string; demoMs: number | null } {
  const file = path.join(workDir, `grid-${rows}.db`);
  if (fs.existsSync(file)) {
    console.error(`沿用已有的 ${file}（删除它可重新计量 demo 用时）`);
    return { file, demoMs: null };
  }
  console.error(`生成 ${rows} 条演示记录…`);
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'demo', file, '--rows', String(rows), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('demo failed');
  return { file, demoMs: performance.now() - t };
}

export async function benchGrid(workDir: string, rows: number): Promise<Row[]> {
  const { file, demoMs } = gridLedger(workDir, rows);
  const out: Row[] = [];
  if (demoMs !== null) out.push({ what: `demo --rows ${rows}（整个进程）`, appMs: demoMs, baselineMs: null, limitMs: rows >= 1_000_000 ? 60_000 : null, maxRatio: null });

  const core = createCore({ dataDir: workDir });
  await core.call('ledger/open', { path: file });
  const raw = new Database(file, { readonly: true });

  // The bare SQL of each page is the handler's own query: every column and the 📎 count per row
  // (records/app.ts), with the filter value, limit and offset bound as parameters as the handler
  // must bind them, so the ratio is what the handler adds (arguments, query building, rows to
  // records), not a difference in what is asked of SQLite.
  const ATTACHMENTS = "(SELECT count(*) FROM attachment_links l WHERE l.entity = 'record' AND l.entity_id = records.id) AS attachment_count";
  const page = { startRow: 0, endRow: 100, filters: {}, sort: [] };
  out.push({
    what: '首屏一页（100 行）',
    ...(await compare(
      () => core.call('records/list', page),
      () => raw.prepare(`SELECT *, ${ATTACHMENTS} FROM records ORDER BY id LIMIT ? OFFSET ?`).all(100, 0),
      { runs: 21, batch: 50 },
    )),
    limitMs: 100,
    maxRatio: 1.3,
  });

  const sortedFiltered = {
    startRow: 0,
    endRow: 100,
    filters: { channel: { type: 'text' as const, op: 'contains' as const, value: '832' } },
    sort: [{ field: 'amountFen' as const, dir: 'desc' as const }],
  };
  out.push({
    what: '排序＋筛选后的一页（金额降序，渠道含“832”）',
    ...(await compare(
      () => core.call('records/list', sortedFiltered),
      // The channel is a pick list: 'contains 832' is the options containing it (records/query.ts).
      () => raw.prepare(`SELECT *, ${ATTACHMENTS} FROM records WHERE channel IN (?) ORDER BY amount_fen DESC, id DESC LIMIT ? OFFSET ?`).all('832平台', 100, 0),
      // timed 50 at a time as the first page is: one call of 0.3 ms alone is mostly timer and cache noise
      { runs: 21, batch: 50 },
    )),
    limitMs: 150,
    maxRatio: 1.3,
  });

  out.push({
    what: '合计行（全部记录）',
    ...(await compare(
      () => core.call('records/totals', { filters: {} }),
      () => raw.prepare('SELECT count(*), coalesce(sum(amount_fen), 0) FROM records').get(),
      { runs: 7, warmup: 1 },
    )),
    limitMs: 300,
    maxRatio: 1.3,
  });
  out.push({
    what: '合计行（渠道含“832”）',
    ...(await compare(
      () => core.call('records/totals', { filters: sortedFiltered.filters }),
      () => raw.prepare("SELECT count(*), coalesce(sum(amount_fen), 0) FROM records WHERE channel IN ('832平台')").get(),
      { runs: 7, warmup: 1 },
    )),
    limitMs: 300,
    maxRatio: 1.3,
  });
  raw.close();
  core.close();

  // Resident memory of a core process with the ledger open, after serving the same queries.
  const probe = spawnSync(process.execPath, ['--import', 'tsx', 'bench/rss-probe.ts', file], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`rss probe failed: ${probe.stderr}`);
  const rssMb = Number(probe.stdout.trim());
  out.push({ what: '打开该台账后核心进程常驻内存（MB，非毫秒）', appMs: rssMb, baselineMs: null, limitMs: 300, maxRatio: null, unit: 'MB' });
  return out;
}
