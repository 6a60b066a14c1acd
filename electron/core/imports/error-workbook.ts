/**
 * The rows that could not be imported, as a workbook to send back to the unit: the source's
 * header row(s), each rejected row's original cells, and an 错误说明 column in Chinese (plus the
 * original row number). The unit corrects it and sends it back; the importer ignores the two
 * added columns (they are in the ignored-header list).
 * Every text cell is written as a string, and text that a spreadsheet could take for a formula
 * (starting with = + - @, tab or CR) gets a leading apostrophe: formula injection.
 */
import * as XLSX from 'xlsx';
import { neutralizeFormulaText } from './formula-text';
import type { ImportParse, ParsedRow } from './types';

export const ERROR_COLUMN = '错误说明';
export const SOURCE_ROW_COLUMN = '原行号';


export function errorMessagesOf(row: ParsedRow): string {
  return row.errors.map((e) => e.message).join('；');
}

/**
 * `rows` defaults to the parse's rows that have errors. Returns .xlsx bytes; null when there is
 * nothing to send back.
 */
export function buildErrorWorkbook(parse: ImportParse, rows: ParsedRow[] = parse.rows.filter((r) => r.errors.length > 0)): Uint8Array | null {
  if (rows.length === 0) return null;
  const width = Math.max(...parse.headerCells.map((h) => h.length), ...rows.map((r) => r.raw.length));
  const aoa: string[][] = [];
  parse.headerCells.forEach((cells, i) => {
    const line = Array.from({ length: width }, (_, c) => neutralizeFormulaText(cells[c] ?? ''));
    line.push(i === 0 ? ERROR_COLUMN : '', i === 0 ? SOURCE_ROW_COLUMN : '');
    aoa.push(line);
  });
  for (const row of rows) {
    const line = Array.from({ length: width }, (_, c) => neutralizeFormulaText(row.raw[c] ?? ''));
    line.push(neutralizeFormulaText(errorMessagesOf(row)), String(row.sourceRow));
    aoa.push(line);
  }
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  // Keep text as text: aoa_to_sheet already makes every string a string cell (t: 's'), never a formula.
  const merges = parse.headerMerges.map((m) => ({ s: { ...m.s }, e: { ...m.e } }));
  if (parse.headerCells.length > 1) {
    merges.push({ s: { r: 0, c: width }, e: { r: parse.headerCells.length - 1, c: width } });
    merges.push({ s: { r: 0, c: width + 1 }, e: { r: parse.headerCells.length - 1, c: width + 1 } });
  }
  if (merges.length) ws['!merges'] = merges;
  ws['!cols'] = [
    ...Array.from({ length: width }, (_, c) => ({ wch: Math.min(40, Math.max(8, ...aoa.slice(0, 50).map((l) => visualWidth(l[c] ?? '')))) })),
    { wch: 60 },
    { wch: 8 },
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '未导入的行');
  const out = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function visualWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0xff ? 2 : 1;
  return w + 2;
}
