/**
 * Issue 5's figures: every check over a ledger of N records (default 1,000,000) — the whole run,
 * a re-run (the audit chain then walks only what is new, see checks/audit-chain.ts), and each
 * stage — against one full scan of the records table (every column read into JavaScript, what a
 * naive "one pass" costs) measured in the same run. The ledger is made once by `demo` and kept
 * in bench/.work/ (delete it to make it again).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CheckRun } from '../electron/core/checks/run';
import { createCore } from '../electron/core/core';
import { pairedCountyCodes } from '../electron/core/reference/paired-counties';
import { parseImportFileInWorker } from '../electron/core/imports';
import { createCountyResolver } from '../shared/regions/resolve';
import { compare, type Row } from './measure';
import { unitWorkbook } from './transfer';

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

export async function benchChecks(workDir: string, rows: number): Promise<Row[]> {
  // The grid benchmark's ledger (same demo data): one million-record ledger per run is enough.
  const file = path.join(workDir, `grid-${rows}.db`);
  if (!fs.existsSync(file)) {
    console.error(`生成 ${rows} 条演示记录（检查用）…`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'demo', file, '--rows', String(rows), '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error('demo failed');
  }
  const core = createCore({ dataDir: workDir, rememberRecent: false });
  await core.call('ledger/open', { path: file });
  const ledger = core.ctx.ledger!;

  // Baseline: one full scan of the records table, every column into JavaScript (best of 2: the first warms the cache).
  const raw = new Database(file, { readonly: true });
  const scan = () => timed(() => {
    let n = 0;
    for (const _ of raw.prepare('SELECT * FROM records').raw().iterate()) n++;
    return n;
  })[1];
  const scanMs = Math.min(scan(), scan());
  raw.close();

  const first = new CheckRun(ledger, core.ctx.reference, null);
  const [report, firstMs] = timed(() => first.runToEnd());
  const again = new CheckRun(ledger, core.ctx.reference, null);
  const [, againMs] = timed(() => again.runToEnd());

  // Issue 16: the import preview of a 10,000-row unit file against this ledger (parse in the
  // worker, every row rule, duplicates within the file and against the million records)
  // against parsing the same file alone, in the same worker, with the same county resolver.
  const previewRows = 10_000;
  const unitFile = path.join(workDir, `unit-${previewRows}.xlsx`);
  if (!fs.existsSync(unitFile)) unitWorkbook(unitFile, previewRows);
  const content = new Uint8Array(fs.readFileSync(unitFile));
  const resolveCounty = createCountyResolver(core.ctx.reference.regions, { preferCodes: pairedCountyCodes(ledger, core.ctx.reference) });
  const preview = await compare(
    async () => {
      const p = await core.call('imports/preview', { fileName: 'unit.xlsx', content });
      if (p.totals.rows !== previewRows) throw new Error(`preview read ${p.totals.rows} rows`);
    },
    async () => {
      const r = await parseImportFileInWorker(content, 'unit.xlsx', { resolveCounty });
      if (!r.ok) throw new Error(r.error.message);
    },
    { runs: 5, warmup: 1 },
  );
  core.close();

  const total = rows.toLocaleString('zh-CN');
  const out: Row[] = [
    { what: `全部检查（${total} 条，首次运行，含完整的操作记录链验证）`, appMs: firstMs, baselineMs: scanMs, limitMs: rows >= 1_000_000 ? 10_000 : null, maxRatio: null },
    { what: `全部检查（修改后再次运行）`, appMs: againMs, baselineMs: scanMs, limitMs: rows >= 1_000_000 ? 10_000 : null, maxRatio: null },
  ];
  out.push({ what: `导入预览 ${previewRows.toLocaleString('zh-CN')} 行（解析＋全部逐条规则＋文件内与台账重复检查，对比只解析同一文件）`, ...preview, limitMs: null, maxRatio: 1.5 });
  for (const [stage, ms] of first.timings) {
    out.push({ what: `  其中：${stage}（每项检查对比一次全表扫描）`, appMs: ms, baselineMs: scanMs, limitMs: null, maxRatio: 3 });
  }
  console.error(`检查发现：${report.groups.map((g) => `${g.code} ${g.count}`).join('，') || '无问题'}；基线（一次全表扫描）${scanMs.toFixed(0)} ms`);
  return out;
}
