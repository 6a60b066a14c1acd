/**
 * What an import parse produces, as the contract carries it to the preview: the column
 * mapping, the rows with their values and problems, the rows skipped, the totals.
 * (The parsing pipeline itself lives in electron/core/imports/.)
 */
import type { PreviewChecks } from './preview-checks';
import type { RecordField, RecordValues } from './record';
import type { UnreadValues } from './record-source';

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
  /**
   * Values the app could not read (a date that does not exist, an amount that is not a number):
   * the field is left empty and the unit's text kept in `unread`. The row still lands.
   */
  errors: RowIssue[];
  /** Accepted with a change worth showing (an alias, a value outside a list recorded as 其他, a cut text). */
  warnings: RowIssue[];
  /** The original cells as text, one per sheet column, for the preview and the error workbook. */
  raw: string[];
  /** The original cells as the workbook typed them (number, date serial, text), for the error workbook. */
  cells?: RawCell[];
  /** { field: the unit's text } for each field left empty or recorded as 其他 (stored as records.unread_json). */
  unread?: UnreadValues;
  /**
   * Set on a line that looks like data but is not a purchase (no purchaser, product or amount
   * at all): it does not land and goes to the error workbook with this reason.
   */
  rejected?: string;
}

/** A cell as the unit typed it: a number, a date (ISO, from a date-formatted serial), text, or a boolean. */
export type RawCell = number | { date: string } | string | boolean | null;

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
  /** Purchase rows found: every one lands (total, note, empty and rejected lines excluded). */
  rows: number;
  /** rows of those with every value read */
  validRows: number;
  /** rows of those with a value the app could not read (it lands with the field empty and the text kept) */
  errorRows: number;
  /** lines that look like data but are not purchases: they do not land */
  rejectedRows: number;
  /** Sum of amountFen over the rows that land. */
  totalFen: number;
}

/**
 * What a sheet of the workbook is: data (its purchases are imported), or not (a summary, the
 * instructions or an option list, hidden, empty, without a header, not chosen by the caller).
 */
export type SheetStatus = 'data' | 'summary' | 'instructions' | 'hidden' | 'empty' | 'no-header' | 'skipped' | 'failed';

export interface SheetInfo {
  sheet: string;
  status: SheetStatus;
  /** purchase rows found (data sheets) */
  rows: number;
  totalFen: number;
  /** 'YYYY-MM' of the rows' dates, in order */
  months: string[];
  /** why a sheet is not imported, in Chinese; the refusal of a failed sheet */
  note?: string;
  /** the live batch that imported this sheet of this exact file (preview only) */
  importedBatchId?: number;
  /** rows that repeat records already in the ledger (preview only): left out unless the clerk ticks them */
  duplicateRows?: number[];
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
  /** Every sheet of the workbook, with what it is and, for data sheets, what it holds. */
  sheetInfos: SheetInfo[];
  /** The other data sheets of the workbook, each parsed like this one (only on the parse of the first). */
  otherSheets?: ImportParse[];
  /** Dates without a year and nothing in the sheet, its name or the file name states one: ask the clerk. */
  yearMissing?: boolean;
  /** The period the sheet states (for year-less dates), e.g. “2021年11月（标题“…”）”. */
  period?: string;
  /**
   * 'YYYY-MM' when the sheet states one month with its year: the unit's report for that month.
   * Its records are placed in it (records.period), so a purchase of another month in the sheet
   * is DATE_OUTSIDE_PERIOD.
   */
  month?: string;
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
  /** records committed with a value the app could not read (left empty, the unit's text kept, a finding in 检查) */
  unreadRows: number;
}

/** What an import of a file, or of one sheet of it, committed (or why not). */
export interface ImportOutcome {
  status: 'imported' | 'skipped' | 'failed';
  records: number;
  totalFen: number;
  rejectedRows: number;
  /** rows that landed with a value the app could not read (left empty, the unit's text kept) */
  unreadRows: number;
  /** rows left out because they repeat records already in the ledger (listed in the file's `duplicates`) */
  duplicateRows: number;
  batchId?: number;
  error?: { code: string; message: string };
}

/** One sheet of a file of a batch import: each sheet is its own transaction (its own batch). */
export interface ImportSheetResult extends ImportOutcome {
  sheet: string;
  /** what was read beside the columns, as the preview says it (a purchaser from the title line, 万元, a year filled in) */
  notices?: string[];
}

/**
 * One file of a batch import (cli `import`, the window's multi-file import). status imported: at
 * least one sheet committed; skipped: nothing new (already imported, or only repeats); failed:
 * nothing committed.
 */
export interface ImportFileResult extends ImportOutcome {
  file: string;
  /** every data sheet: what was committed, or why not */
  sheets: ImportSheetResult[];
  /** rows left out as repeats of ledger records, for the clerk to decide */
  duplicates: (LikelyDuplicate & { sheet: string })[];
  /** rows to send back to the unit (not imported, or imported with values that could not be read), with 错误说明 */
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
