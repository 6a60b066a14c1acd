/**
 * Issue 17's figures on PostgreSQL, on a throwaway cluster of Debian's server started here
 * (fsync on: a real server's durability), each against a baseline measured in the same run:
 * - import of a 100,000-row workbook as the window does it (preview with every check, then the
 *   audited commit) against the issue's "COPY of the same rows into the same table": SheetJS
 *   reads the file + psql \copy into the records table of a fresh ledger the app made, with its
 *   types, constraints and indexes (transfer-probe.ts ledgerCopy says what COPY is given besides
 *   the cells); and, for information only, against \copy into a bare table of text columns (the
 *   cheapest load there is); three rounds, the order turned each round, a CHECKPOINT before
 *   each load, medians;
 * - the grid's first page and the totals row on that ledger, through the handler, against the
 *   same SQL on a bare connection;
 * - all checks over that ledger (the issue's 15 s is for 1,000,000 records; this is 100,000);
 * - three concurrent writers, two importing and one editing (bench/pg-writers.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../electron/core/core';
import { CheckRun } from '../electron/core/checks/run';
import { PgSyncClient } from '../electron/core/db/pg/sync-client';
import { databaseUrl, startThrowawayCluster } from '../test/support/pg-cluster';
import { compare, type Row } from './measure';
import { benchPgWriters } from './pg-writers';
import { medianOf, probe, unitWorkbook, type Probe } from './transfer';

export async function benchPostgres(workDir: string, rows = 100_000): Promise<Row[]> {
  const source = path.join(workDir, `unit-${rows}.xlsx`);
  if (!fs.existsSync(source)) unitWorkbook(source, rows);
  const cluster = await startThrowawayCluster({ fsync: true });
  const out: Row[] = [];
  try {
    const admin = new PgSyncClient(cluster.adminUrl);
    admin.query('CREATE DATABASE bench_writers');
    // Rounds of the three loads, the order turned each round, each into a database of its own,
    // each after a CHECKPOINT (untimed): the WAL one load leaves must not be flushed during the
    // next one's time. Medians of the rounds.
    const ROUNDS = 3;
    const sides = { app: [] as Probe[], ledgerCopy: [] as Probe[], copy: [] as Probe[] };
    let ledger = '';
    for (let round = 0; round < ROUNDS; round++) {
      console.error(`PostgreSQL：导入 ${rows} 行（程序）与 COPY（基线），第 ${round + 1}/${ROUNDS} 轮…`);
      const runs: [keyof typeof sides, () => Probe][] = [
        ['app', () => probe(['app-import', (ledger = fresh(`bench_app_${round}`)), source])],
        ['ledgerCopy', () => probe(['ledger-copy', fresh(`bench_ledger_copy_${round}`), source])],
        ['copy', () => probe(['raw-copy', fresh(`bench_copy_${round}`), source])],
      ];
      for (let i = 0; i < runs.length; i++) {
        const [side, run] = runs[(i + round) % runs.length];
        admin.query('CHECKPOINT');
        sides[side].push(run());
      }
    }
    function fresh(name: string): string {
      admin.query(`CREATE DATABASE ${name}`);
      return databaseUrl(cluster.adminUrl, name);
    }
    admin.close();
    const each = (ps: Probe[]) => ps.map((p) => Math.round(p.ms)).join(' / ');
    const mid = (ps: Probe[]) => medianOf(ps.map((p) => p.ms));
    console.error(
      `PostgreSQL 导入各轮：程序 ${each(sides.app)} ms（预览 ${sides.app.map((p) => Math.round(p.parts?.previewMs ?? 0)).join(' / ')}，提交 ${sides.app.map((p) => Math.round(p.parts?.commitMs ?? 0)).join(' / ')}）；COPY 进台账 ${each(sides.ledgerCopy)} ms；COPY 进文本表 ${each(sides.copy)} ms`,
    );
    out.push({ what: `PostgreSQL：导入 ${rows} 行工作簿（预览含全部检查＋提交；基线为 SheetJS 读取＋COPY 进台账的 records 表；${ROUNDS} 轮中位数）`, appMs: mid(sides.app), baselineMs: mid(sides.ledgerCopy), limitMs: null, maxRatio: 1.5 });
    out.push({ what: `PostgreSQL：同一导入对 COPY 进全文本列空表（仅供参考）`, appMs: mid(sides.app), baselineMs: mid(sides.copy), limitMs: null, maxRatio: null });

    const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pg-')), rememberRecent: false });
    await core.call('ledger/open', { path: ledger });
    const bare = new PgSyncClient(ledger);
    const ATTACHMENTS = "(SELECT count(*) FROM attachment_links l WHERE l.entity = 'record' AND l.entity_id = records.id) AS attachment_count";
    out.push({
      what: 'PostgreSQL：首屏一页（100 行）',
      ...(await compare(
        () => core.call('records/list', { startRow: 0, endRow: 100, filters: {}, sort: [] }),
        () => bare.query(`SELECT *, ${ATTACHMENTS} FROM records ORDER BY id LIMIT $1 OFFSET $2`, [100, 0]),
        { runs: 15, batch: 10 },
      )),
      limitMs: 100,
      maxRatio: 1.3,
    });
    out.push({
      what: 'PostgreSQL：合计行（全部记录）',
      ...(await compare(
        () => core.call('records/totals', { filters: {} }),
        () => bare.query('SELECT count(*), coalesce(sum(amount_fen), 0) FROM records'),
        { runs: 7, warmup: 1 },
      )),
      limitMs: 300,
      maxRatio: 1.3,
    });
    bare.close();
    const t = performance.now();
    new CheckRun(core.ctx.ledger!, core.ctx.reference, null).runToEnd();
    out.push({ what: `PostgreSQL：全部检查（${rows} 条记录；要求按 100 万条 15 秒折算）`, appMs: performance.now() - t, baselineMs: null, limitMs: 15_000 * (rows / 1_000_000), maxRatio: null });
    core.close();
    out.push(...(await benchPgWriters(databaseUrl(cluster.adminUrl, 'bench_writers'), workDir)));
  } catch (err) {
    console.error(`PostgreSQL 测量未完成：${(err as Error).message}`);
    out.push({ what: `PostgreSQL：测量未完成（${(err as Error).message.slice(0, 80)}）`, appMs: Number.NaN, baselineMs: null, limitMs: 0, maxRatio: null });
  } finally {
    cluster.stop();
  }
  return out;
}
