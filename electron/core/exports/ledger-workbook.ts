/**
 * The ledger as a workbook in the import layout: Chinese headers, frozen header row, column
 * widths, amounts as numeric cells in 元 with two decimals, dates as date cells, codes as text,
 * counties by their full name. Every text cell is neutralised against formula injection.
 * Reading it back with this app's import gives the same records (test/core/export.test.ts).
 */
import * as XLSX from 'xlsx';
import type { RecordField } from '../../../shared/domain/record';
import type { FieldDef } from '../../../shared/record-fields';
import { neutralizeFormulaText } from '../imports/formula-text';
import type { Job } from '../jobs/registry';
import { columnChars, LAYOUT, LEDGER_SHEET } from './layout';
import { writePatchedXlsx } from './xlsx-patch';

/** A record row as its columns come out of SQL, in LAYOUT order. */
export type ExportRow = readonly unknown[];

const DAY_MS = 86_400_000;
/** Days from 1899-12-30 (Excel's 1900 system, with its 1900-02-29) to 1970-01-01. */
const EPOCH_SERIAL = 25_569;

function dateSerial(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS + EPOCH_SERIAL : null;
}

export interface ExportOptions {
  countyName(code: string): string | null;
  job: Job;
  /** rows between progress reports and cancel checks */
  chunk?: number;
}

/** One cell for one value of one field, or undefined for an empty cell. */
function cellOf(field: FieldDef, value: unknown, countyName: (code: string) => string | null): XLSX.CellObject | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  switch (field.kind) {
    case 'date': {
      const serial = dateSerial(String(value));
      return serial === null ? { t: 's', v: neutralizeFormulaText(String(value)) } : { t: 'n', v: serial, z: 'yyyy-mm-dd' };
    }
    case 'money':
      return { t: 'n', v: Number(value) / 100, z: '#,##0.00' };
    case 'decimal':
    case 'integer':
      return { t: 'n', v: Number(value) };
    case 'county':
      return { t: 's', v: countyName(String(value)) ?? String(value) };
    default:
      return { t: 's', v: neutralizeFormulaText(String(value)) };
  }
}

/** The detail sheet from rows (any iterable, e.g. a SQL cursor), reporting progress. */
export async function buildLedgerSheet(rows: Iterable<ExportRow>, total: number, opts: ExportOptions): Promise<{ sheet: XLSX.WorkSheet; rows: number }> {
  const chunk = opts.chunk ?? 5_000;
  // A dense sheet (rows of cells in `!data`) rather than one object keyed 'A1', 'B1', …: for
  // 100,000 records that object held 1.7 million keys, and collecting its garbage was a third
  // of the export's time.
  const data: XLSX.CellObject[][] = [LAYOUT.map((field) => ({ t: 's', v: field.label }))];
  const ws: XLSX.WorkSheet = { '!data': data };
  let r = 0;
  for (const row of rows) {
    r++;
    const cells: XLSX.CellObject[] = new Array(LAYOUT.length);
    for (let c = 0; c < LAYOUT.length; c++) {
      const cell = cellOf(LAYOUT[c], row[c], opts.countyName);
      if (cell) cells[c] = cell;
    }
    data[r] = cells;
    if (r % chunk === 0) {
      opts.job.report('正在整理记录', r, total);
      await opts.job.checkpoint();
    }
  }
  if (r === 0) data[1] = []; // an empty selection: the header and one empty row, as before
  const range = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(r, 1), c: LAYOUT.length - 1 } });
  ws['!ref'] = range;
  ws['!cols'] = LAYOUT.map((f) => ({ wch: columnChars(f) }));
  ws['!autofilter'] = { ref: range };
  return { sheet: ws, rows: r };
}

/** The ledger (or a selection) as a workbook of one detail sheet with a frozen header. */
export async function buildLedgerWorkbook(rows: Iterable<ExportRow>, total: number, opts: ExportOptions): Promise<Uint8Array> {
  const { sheet, rows: written } = await buildLedgerSheet(rows, total, opts);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, sheet, LEDGER_SHEET);
  opts.job.report('正在生成 Excel 文件', written, total);
  await opts.job.checkpoint();
  return writePatchedXlsx(wb, [{ sheet: 1, freezeHeader: true }]);
}

export const LAYOUT_FIELDS: readonly RecordField[] = LAYOUT.map((f) => f.key);
