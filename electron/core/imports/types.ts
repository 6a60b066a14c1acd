/**
 * Shapes of the import pipeline: what a workbook reads into, what a mapping says, what a parse
 * returns. No untrusted text is ever used as an object key: cells are arrays, lookups by header
 * text go through Maps, record values are keyed only by RecordField names.
 */
import type { RecordField, RecordValues } from '../../../shared/domain/record';
import type { ImportRefusal } from './refusal';

export type FileType = 'xlsx' | 'xls' | 'ods' | 'csv' | 'html' | 'xml2003';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type AmountUnit = '元' | '万元';

/** One cell as the workbook holds it. */
export interface Cell {
  /** The stored value; numbers stay numbers (serials for dates), CSV cells are always text. */
  v: string | number | boolean | null;
  /** The text a person sees in Excel (SheetJS's formatted `w`), or the string itself. */
  w: string;
  /** The cell is a number with a date number format (so `v` is a serial in the workbook's date system). */
  date: boolean;
  /** A problem with the cell itself: an Excel error value, or a number that lost digits. */
  error?: string;
}

export interface CellRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface SheetData {
  name: string;
  hidden: boolean;
  /** rows[r][c], 0-based; missing rows/cells are undefined or null. Trailing empty rows are cut. */
  rows: (Cell | null | undefined)[][];
  merges: CellRange[];
  /** Non-empty cells beyond IMPORT_LIMITS.maxColumns were ignored. */
  columnsTruncated: boolean;
}

export interface WorkbookData {
  fileType: FileType;
  encoding?: TextEncoding;
  date1904: boolean;
  sheets: SheetData[];
}

/** One source column and the field it fills (null: not imported). */
export interface ColumnMappingEntry {
  /** 0-based column index in the sheet (A = 0). */
  column: number;
  /** The header as the unit wrote it (two-row headers joined with '/'). */
  header: string;
  field: RecordField | null;
  /** 0..1: 1 exact synonym, lower for fuzzy matches; 0 when nothing matched. */
  confidence: number;
  /** For the amount column: what a bare number means (from the header, or a title row 单位：万元). */
  unit?: AmountUnit;
  /** A column we know and deliberately skip (序号, 联系电话, 税额 …), as opposed to one we did not recognise. */
  ignored?: boolean;
}
export type ColumnMapping = ColumnMappingEntry[];

export interface RowIssue {
  /** The field the problem belongs to; null for a cell in no field (or the row as a whole). */
  field: RecordField | null;
  message: string;
}

export interface ParsedRow {
  /** 1-based Excel row number (what the unit sees in the row header). */
  sourceRow: number;
  values: Partial<RecordValues>;
  errors: RowIssue[];
  /** Accepted with a change worth showing (an alias such as 直营店/专柜 → 专柜/专馆/专区). */
  warnings: RowIssue[];
  /** The original cells as text, one per sheet column, for the preview and the error workbook. */
  raw: string[];
}

export type SkipReason = 'total' | 'note' | 'header';

export interface SkippedRow {
  sourceRow: number;
  reason: SkipReason;
  /** The row's text, for the preview ("第 30 行 合计，已跳过"). */
  text: string;
  /** For a 合计/总计 row: the amount it states, in fen, when it could be read. */
  amountFen?: number;
}

export interface ImportTotals {
  /** Records found (total, note and empty rows excluded). */
  rows: number;
  validRows: number;
  errorRows: number;
  /** Sum of amountFen over the valid rows. */
  totalFen: number;
}

export interface ImportParse {
  fileName: string;
  sha256: string;
  fileType: FileType;
  encoding?: TextEncoding;
  sheets: string[];
  sheet: string;
  /** 1-based row number of the (last) header row; data starts below it. */
  headerRow: number;
  /** 1-based row numbers of all header rows (two for a grouped header). */
  headerRows: number[];
  /** The header rows' cells as text, copied into the error workbook. */
  headerCells: string[][];
  /** Merged ranges inside the header rows, relative to the first header row. */
  headerMerges: CellRange[];
  mapping: ColumnMapping;
  headerSignature: string;
  rows: ParsedRow[];
  skippedRows: SkippedRow[];
  totals: ImportTotals;
  /** The amount a 合计/总计 row states (the last one), to compare with totals.totalFen. */
  declaredTotalFen: number | null;
  /** File-level notes in Chinese (unit taken from a title row, ignored columns, …). */
  notices: string[];
}

export type ImportResult = { ok: true; value: ImportParse } | { ok: false; error: ImportRefusal };
