/**
 * Issue 3's and 16's figures: importing a 100,000-row workbook as the window does (preview with
 * every check, then commit) against "SheetJS reads the file + better-sqlite3 inserts the same
 * rows in one transaction", and exporting 100,000 records against "SheetJS writes the same rows",
 * each side in a fresh process (bench/transfer-probe.ts), alternating, median of three. Also the
 * import's peak resident memory. (The preview of a 10,000-row file alone is timed against the
 * million-record ledger in bench/checks.ts.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { generateDemo } from '../electron/core/demo/generate';
import { loadReference } from '../electron/core/reference/reference';
import { countyLabel } from '../shared/regions/resolve';
import { RECORD_FIELDS } from '../shared/record-fields';
import type { Row } from './measure';

export interface Probe {
  ms: number;
  peakRssMb: number;
  records: number;
  parts?: Record<string, number>;
}

/** One measurement in a fresh process (bench/transfer-probe.ts). */
export function probe(args: string[]): Probe {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/transfer-probe.ts', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`probe ${args[0]} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Probe;
}

/** A unit's workbook as units send them: the import layout with counties by name, amounts in 元 (another seed, other rows). */
export function unitWorkbook(file: string, rows: number, seed = 4242): void {
  const reference = loadReference();
  const paired = reference.defaultPairedRegions.map((r) => r.code).filter((c) => reference.isCounty(c));
  const demo = generateDemo({ rows, seed, pairedCountyCodes: paired, counties: reference.data.counties });
  const aoa: unknown[][] = [RECORD_FIELDS.map((f) => f.label)];
  for (const v of demo.records) {
    aoa.push(
      RECORD_FIELDS.map((f) => {
        const value = (v as Record<string, unknown>)[f.key];
        if (value === null || value === undefined) return null;
        if (f.key === 'amountFen') return Number(value) / 100;
        if (f.key === 'originCode') return countyLabel(reference.regions, String(value)).replace(/ /g, '');
        return value;
      }),
    );
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '采购明细');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}

export function medianOf(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export async function benchTransfer(workDir: string, rows = 100_000, runs = 3): Promise<Row[]> {
  const source = path.join(workDir, `unit-${rows}.xlsx`);
  if (!fs.existsSync(source)) {
    console.error(`生成 ${rows} 行的单位报表…`);
    unitWorkbook(source, rows);
  }

  const app: Probe[] = [];
  const raw: Probe[] = [];
  const appExport: Probe[] = [];
  const rawExport: Probe[] = [];
  for (let i = 0; i < runs; i++) {
    const ledger = path.join(workDir, `import-${i}.db`);
    const table = path.join(workDir, `raw-${i}.db`);
    for (const f of [ledger, table]) for (const s of ['', '-wal', '-shm']) fs.rmSync(f + s, { force: true });
    console.error(`导入第 ${i + 1}/${runs} 轮…`);
    raw.push(probe(['raw-import', table, source]));
    app.push(probe(['app-import', ledger, source]));
    if (app[i].records !== rows) throw new Error(`app imported ${app[i].records} of ${rows} rows`);
    console.error(`导出第 ${i + 1}/${runs} 轮…`);
    rawExport.push(probe(['raw-export', ledger]));
    appExport.push(probe(['app-export', ledger]));
  }
  const part = (k: string) => Math.round(medianOf(app.map((p) => p.parts?.[k] ?? 0)));
  const each = (ps: Probe[]) => ps.map((p) => Math.round(p.ms)).join(' / ');
  console.error(`导入各轮：程序 ${each(app)} ms，基线 ${each(raw)} ms；程序各段（中位数）：预览 ${part('previewMs')} ms，写入 ${part('commitMs')} ms`);
  return [
    { what: `导入 ${rows.toLocaleString()} 行工作簿（预览：解析＋全部检查；写入：审计）`, appMs: medianOf(app.map((p) => p.ms)), baselineMs: medianOf(raw.map((p) => p.ms)), limitMs: null, maxRatio: 1.3 },
    { what: '导入时进程峰值内存（MB，非毫秒）', appMs: Math.max(...app.map((p) => p.peakRssMb)), baselineMs: null, limitMs: 1024, maxRatio: null, unit: 'MB' },
    { what: `导出 ${rows.toLocaleString()} 条记录为格式化 Excel`, appMs: medianOf(appExport.map((p) => p.ms)), baselineMs: medianOf(rawExport.map((p) => p.ms)), limitMs: null, maxRatio: 1.5 },
  ];
}
