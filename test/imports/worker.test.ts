/**
 * The same parse off the calling thread, with a hard timeout, a heap limit and cancellation.
 * Under vitest the worker runs electron/core/imports/worker.ts through tsx (`--import tsx`).
 */
import { readFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { parseImportFile, parseImportFileInWorker } from '../../electron/core/imports';
import { TEAM_FIXTURES } from '../support/fixtures';
import { realResolver } from './helpers/resolver';
import { buildZip, xlsxSkeleton, zeroBomb } from './helpers/zip';

const resolveCounty = realResolver();
const DIR = TEAM_FIXTURES + '/';

describe('parseImportFileInWorker', () => {
  it('gives exactly the in-process result for both fixtures', async () => {
    for (const file of ['sample-hospital-2021-11.xlsx', 'sample-union-2021-12-gbk.csv']) {
      const bytes = new Uint8Array(readFileSync(DIR + file));
      const phases: string[] = [];
      const t0 = performance.now();
      const inWorker = await parseImportFileInWorker(bytes, file, { resolveCounty, onProgress: (p) => phases.push(p) });
      const ms = performance.now() - t0;
      const inProcess = parseImportFile(bytes, file, { resolveCounty });
      expect(inWorker).toEqual(inProcess);
      expect(phases).toContain('parsing');
      expect(bytes.byteLength).toBeGreaterThan(0); // the caller's buffer was not transferred away
      console.info(`worker parse of ${file}: ${ms.toFixed(0)} ms (worker start + tsx + parse)`);
    }
  });

  it('gives exactly the in-process result for a workbook of two big sheets (rows cross in blocks)', async () => {
    const sheet = (month: number, rows: number) => [
      ['日期', '采购单位', '产品名称', '产地', '金额（元）', '发票号码'],
      ...Array.from({ length: rows }, (_, i) => [`2021-${month}-${(i % 28) + 1}`, `单位${i % 37}`, `茶${i % 11}`, '勐海县', (i % 500) + 1, `${21532000000000000000 + i}`]),
    ];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(sheet(10, 12_345)), '10月');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(sheet(11, 5_001)), '11月');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const inWorker = await parseImportFileInWorker(bytes, 'big.xlsx', { resolveCounty });
    const inProcess = parseImportFile(bytes, 'big.xlsx', { resolveCounty });
    expect(inWorker.ok && [inWorker.value.rows.length, inWorker.value.otherSheets?.map((o) => o.rows.length)]).toEqual([12_345, [5_001]]);
    expect(inWorker).toEqual(inProcess);
  });

  it('returns refusals from the worker as data', async () => {
    const bomb = zeroBomb(400);
    const bytes = buildZip([...xlsxSkeleton(), { name: 'xl/worksheets/sheet1.xml', compressed: bomb.compressed, uncompressedSize: bomb.size, crc: bomb.crc }]);
    const r = await parseImportFileInWorker(bytes, 'bomb.xlsx', { resolveCounty });
    expect(!r.ok && r.error.code).toBe('ZIP_BOMB');
  });

  it('stops a parse that exceeds its time limit (PARSE_TIMEOUT) and terminates the worker', async () => {
    const lines = ['采购单位,日期,产品名称,产地,金额'];
    for (let i = 0; i < 150_000; i++) lines.push(`单位${i},2021-11-05,茶,勐海县,${i + 1}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const t0 = performance.now();
    const r = await parseImportFileInWorker(bytes, 'big.csv', { resolveCounty, timeoutMs: 300 });
    const ms = performance.now() - t0;
    expect(!r.ok && r.error.code).toBe('PARSE_TIMEOUT');
    expect(ms).toBeLessThan(1500);
    console.info(`timeout case: answered after ${ms.toFixed(0)} ms (limit 300 ms)`);
  });

  it('stops a parse that exceeds its heap limit (OUT_OF_MEMORY)', async () => {
    const lines = ['采购单位,日期,产品名称,产地,金额,备注'];
    for (let i = 0; i < 120_000; i++) lines.push(`单位${i},2021-11-05,茶${i},勐海县,${i + 1},备注${i}`);
    const bytes = new TextEncoder().encode(lines.join('\n'));
    const r = await parseImportFileInWorker(bytes, 'big.csv', { resolveCounty, maxMemoryMb: 32, timeoutMs: 20_000 });
    expect(!r.ok && r.error.code).toBe('OUT_OF_MEMORY');
  });

  it('can be cancelled', async () => {
    const controller = new AbortController();
    const bytes = new Uint8Array(readFileSync(`${DIR}sample-hospital-2021-11.xlsx`));
    const pending = parseImportFileInWorker(bytes, 'h.xlsx', { resolveCounty, signal: controller.signal });
    controller.abort();
    const r = await pending;
    expect(!r.ok && r.error.code).toBe('CANCELLED');
  });
});

describe('the worker as the built app runs it', () => {
  it('a bundled .mjs worker passed as workerUrl runs without tsx', async () => {
    // What electron-vite must do: emit worker.ts as its own bundle. Simulated with esbuild (tsx's own dependency).
    let esbuild: typeof import('esbuild');
    try {
      esbuild = await import('esbuild');
    } catch {
      console.info('esbuild not available; bundled-worker check skipped');
      return;
    }
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { pathToFileURL, fileURLToPath } = await import('node:url');
    const dir = mkdtempSync(join(tmpdir(), 'import-worker-'));
    try {
      const outfile = join(dir, 'import-worker.mjs');
      await esbuild.build({
        entryPoints: [fileURLToPath(new URL('../../electron/core/imports/worker.ts', import.meta.url))],
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile,
        logLevel: 'silent',
      });
      const bytes = new Uint8Array(readFileSync(`${DIR}sample-union-2021-12-gbk.csv`));
      const r = await parseImportFileInWorker(bytes, 'u.csv', { resolveCounty, workerUrl: pathToFileURL(outfile) });
      expect(r.ok && r.value.totals).toEqual({ rows: 12, validRows: 12, errorRows: 0, rejectedRows: 0, totalFen: 5_234_100 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
