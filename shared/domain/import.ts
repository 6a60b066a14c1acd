/**
 * What an import parse produces, as the contract carries it to the preview: the column
 * mapping, the rows with their values and problems, the rows skipped, the totals.
 * (The parsing pipeline itself lives in electron/core/imports/.)
 */
import type { PreviewChecks } from './preview-checks';
import type { RecordField, RecordValues } from './record';

export type FileType = 'xlsx' | 'xls' | 'ods' | 'csv' | 'html' | 'xml2003';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type AmountUnit = '元' | '万元';

export interface CellRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
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


/** An incoming row that seems to repeat a record already in the ledger (for the user to decide). */
export interface LikelyDuplicate {
  sourceRow: number;
  recordId: number;
  reason: 'invoice' | 'same-purchase';
  message: string;
}

export interface ImportedBatchRef {
  id: number;
  fileName: string;
  createdAt: string;
  records: number;
}

/** What the import preview shows before anything is written. */
export interface ImportPreview extends ImportParse {
  stageId: string;
  duplicates: LikelyDuplicate[];
  /** this exact file (by SHA-256) was imported before and not rolled back */
  alreadyImported: ImportedBatchRef | null;
  /** the mapping came from the one remembered for this layout */
  mappingRemembered: boolean;
  /** 检查 on the rows as read (imports/check runs it again after corrections) */
  checks: PreviewChecks;
}

export interface ImportCommitResult {
  batchId: number;
  records: number;
  totalFen: number;
  rejectedRows: number[];
}

/** One file of a batch import (cli `import`, the window's multi-file import). */
export interface ImportFileResult {
  file: string;
  status: 'imported' | 'skipped' | 'failed';
  records: number;
  totalFen: number;
  rejectedRows: number;
  batchId?: number;
  error?: { code: string; message: string };
  /** the rejected rows with an 错误说明 column, to send back to the unit */
  errorWorkbook?: Uint8Array;
}

export interface ImportBatchInfo {
  id: number;
  fileName: string;
  sha256: string;
  sheet: string | null;
  records: number;
  totalFen: number;
  rejectedRows: number;
  createdAt: string;
  rolledBackAt: string | null;
}
