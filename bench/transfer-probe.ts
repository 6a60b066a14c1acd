/**
 * One measurement of issue 3's and 16's import/export figures, in a process of its own so that
 * each starts with a fresh heap and its peak memory is its own. Prints one JSON line:
 * { ms, peakRssMb, records, parts? }. Modes:
 *   app-import <ledger> <xlsx>       the app's import as the window makes it: the preview (parse in
 *                                    a worker, possible duplicates, every check of 检查 on every
 *                                    row), then the audited commit of what it showed
 *   raw-import <db> <xlsx>           SheetJS reads the file, better-sqlite3 inserts the rows in one transaction
 *   app-export <ledger>              the app's export of every record
 *   raw-export <ledger>              SheetJS writes the same rows (read with one SELECT)
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as XLSX from 'xlsx';
import { createCore } from '../electron/core/core';
import { RECORD_FIELDS } from '../shared/record-fields';
import { FIELD_COLUMNS } from '../electron/core/records/columns';

const [mode, file, source] = process.argv.slice(2);
const columns = RECORD_FIELDS.map((f) => FIELD_COLUMNS[f.key]);

async function appImport(): Promise<number> {
  const core = createCore({ dataDir: path.dirname(file), rememberRecent: false });
  await core.call('ledger/create', { path: file, officeName: '基准测试', districtName: '', districtCode: '' });
  const content = new Uint8Array(fs.readFileSync(source));
  const t = performance.now();
  const preview = await core.call('imports/preview', { fileName: path.basename(source), content });
  const previewMs = performance.now() - t;
  const r = await core.call('imports/commit', { stageId: preview.stageId });
  const ms = performance.now() - t;
  if (preview.checks.summary.rows !== r.records) throw new Error(`the preview checked ${preview.checks.summary.rows} rows, the commit wrote ${r.records}`);
  core.close();
  return emit(ms, r.records, { previewMs, commitMs: ms - previewMs });
}

function readRows(content: Uint8Array): unknown[][] {
  const wb = XLSX.read(content, { type: 'buffer' });
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, raw: true }).slice(1);
}

function rawImport(): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE records (id INTEGER PRIMARY KEY, ${columns.join(', ')})`);
  const t = performance.now();
  const rows = readRows(fs.readFileSync(source));
  const insert = db.prepare(`INSERT INTO records (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (const row of rows) insert.run(columns.map((_, i) => row[i] ?? null));
  })();
  const ms = performance.now() - t;
  db.close();
  return emit(ms, rows.length);
}

async function appExport(): Promise<number> {
  const core = createCore({ dataDir: path.dirname(file), rememberRecent: false });
  await core.call('ledger/open', { path: file });
  const t = performance.now();
  const r = await core.call('exports/ledger', { sort: [{ field: 'id', dir: 'asc' }] });
  const ms = performance.now() - t;
  fs.writeFileSync(`${file}.app-export.xlsx`, r.content);
  core.close();
  return emit(ms, r.records);
}

function rawExport(): number {
  const db = new Database(file, { readonly: true });
  const t = performance.now();
  const rows = db.prepare(`SELECT ${columns.join(', ')} FROM records ORDER BY id`).raw(true).all() as unknown[][];
  const ws = XLSX.utils.aoa_to_sheet([RECORD_FIELDS.map((f) => f.label), ...rows]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '台账明细');
  const out = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  const ms = performance.now() - t;
  fs.writeFileSync(`${file}.raw-export.xlsx`, out);
  db.close();
  return emit(ms, rows.length);
}

function emit(ms: number, records: number, parts?: Record<string, number>): number {
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ ms, peakRssMb, records, parts })}\n`);
  return ms;
}

const modes: Record<string, () => unknown> = { 'app-import': appImport, 'raw-import': rawImport, 'app-export': appExport, 'raw-export': rawExport };
if (!modes[mode]) throw new Error(`unknown mode ${mode}`);
await modes[mode]();
