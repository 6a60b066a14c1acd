/**
 * The rows a unit should look at again, as a workbook to send back: the source's header row(s),
 * each row as the unit wrote it (dates as date cells, numbers as number cells, text as text),
 * an 错误说明 column in Chinese (not imported: why; imported: what could not be read) and the
 * original row number. The importer ignores the two added columns (they are in the ignored-header
 * list), so the unit can correct it and send it back.
 * Text that a spreadsheet could take for a formula (starting with = + - @, tab or CR) gets a
 * leading apostrophe (formula injection). A cell longer than a spreadsheet cell holds (32,767
 * characters; SheetJS refuses to write one) is cut here with a note; the ledger keeps it whole.
 */
import * as XLSX from 'xlsx';
import { neutralizeFormulaText } from './formula-text';
import type { ImportParse, ParsedRow, RawCell } from './types';

export const ERROR_COLUMN = '错误说明';
export const SOURCE_ROW_COLUMN = '原行号';
/** What one spreadsheet cell holds (Excel's limit; SheetJS refuses more). */
export const MAX_CELL_TEXT = 32_767;

export function errorMessagesOf(row: ParsedRow): string {
  if (row.rejected) return `未导入：${row.rejected}`;
  const read = row.errors.map((e) => e.message).join('；');
  return row.unread ? `已导入台账，以下内容无法识别，请更正后告知：${read}` : read;
}

/** Text that fits in a cell: cut with a note saying how long the original is. */
export function fitCellText(text: string): string {
  if (text.length <= MAX_CELL_TEXT) return text;
  const note = `……（原文共 ${text.length} 字，超过表格单元格的上限，此处截断；台账中保存了全文）`;
  return text.slice(0, MAX_CELL_TEXT - note.length) + note;
}

function textCell(text: string): XLSX.CellObject {
  return { t: 's', v: fitCellText(neutralizeFormulaText(text)) };
}

/** 1900-system serial of an ISO date (what a date cell stores). */
function isoToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  const days = (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
  return days;
}

function typedCell(cell: RawCell | undefined, text: string): XLSX.CellObject | null {
  if (cell === undefined) return text ? textCell(text) : null;
  if (cell === null) return null;
  if (typeof cell === 'number') return { t: 'n', v: cell, ...(text && text !== String(cell) ? { w: text } : {}) };
  if (typeof cell === 'boolean') return { t: 'b', v: cell };
  if (typeof cell === 'object') return { t: 'n', v: isoToSerial(cell.date), z: 'yyyy-mm-dd' };
  return textCell(cell);
}

export interface ErrorSheetPart {
  parse: ImportParse;
  rows: ParsedRow[];
}

/**
 * `rows` defaults to the parse's rows that were rejected or have values that could not be read.
 * Returns .xlsx bytes; null when there is nothing to send back.
 */
export function buildErrorWorkbook(parse: ImportParse, rows: ParsedRow[] = rowsToSendBack(parse)): Uint8Array | null {
  return buildErrorWorkbookOf([{ parse, rows }]);
}

export function rowsToSendBack(parse: ImportParse): ParsedRow[] {
  return parse.rows.filter((r) => r.rejected || r.errors.length > 0);
}

/** One sheet per source sheet with rows to send back (a workbook of one sheet per month gets one per month). */
export function buildErrorWorkbookOf(parts: ErrorSheetPart[]): Uint8Array | null {
  const withRows = parts.filter((p) => p.rows.length > 0);
  if (withRows.length === 0) return null;
  const wb = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const { parse, rows } of withRows) {
    let name = withRows.length === 1 ? '未导入的行' : `${parse.sheet}`.replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || '工作表';
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)}(${i})`;
    used.add(name);
    XLSX.utils.book_append_sheet(wb, errorSheet(parse, rows), name);
  }
  const out = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function errorSheet(parse: ImportParse, rows: ParsedRow[]): XLSX.WorkSheet {
  const width = Math.max(...parse.headerCells.map((h) => h.length), ...rows.map((r) => r.raw.length));
  const ws: XLSX.WorkSheet = {};
  const put = (r: number, c: number, cell: XLSX.CellObject | null) => {
    if (cell) ws[XLSX.utils.encode_cell({ r, c })] = cell;
  };
  const widths: number[] = Array.from({ length: width }, () => 8);
  parse.headerCells.forEach((cells, i) => {
    for (let c = 0; c < width; c++) {
      put(i, c, cells[c] ? textCell(cells[c]) : null);
      widths[c] = Math.max(widths[c], visualWidth(cells[c] ?? ''));
    }
    put(i, width, i === 0 ? textCell(ERROR_COLUMN) : null);
    put(i, width + 1, i === 0 ? textCell(SOURCE_ROW_COLUMN) : null);
  });
  let r = parse.headerCells.length;
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      put(r, c, typedCell(row.cells?.[c], row.raw[c] ?? ''));
      if (r < 50) widths[c] = Math.max(widths[c], visualWidth(row.raw[c] ?? ''));
    }
    put(r, width, textCell(errorMessagesOf(row)));
    put(r, width + 1, { t: 'n', v: row.sourceRow });
    r++;
  }
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, r - 1), c: width + 1 } });
  const merges = parse.headerMerges.map((m) => ({ s: { ...m.s }, e: { ...m.e } }));
  if (parse.headerCells.length > 1) {
    merges.push({ s: { r: 0, c: width }, e: { r: parse.headerCells.length - 1, c: width } });
    merges.push({ s: { r: 0, c: width + 1 }, e: { r: parse.headerCells.length - 1, c: width + 1 } });
  }
  if (merges.length) ws['!merges'] = merges;
  ws['!cols'] = [...widths.map((w) => ({ wch: Math.min(40, w) })), { wch: 60 }, { wch: 8 }];
  return ws;
}

function visualWidth(text: string): number {
  let w = 0;
  for (const ch of text.slice(0, 60)) w += ch.charCodeAt(0) > 0xff ? 2 : 1;
  return w + 2;
}
