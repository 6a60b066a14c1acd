/**
 * Shapes of the import pipeline: what a workbook reads into, what a mapping says, what a parse
 * returns. No untrusted text is ever used as an object key: cells are arrays, lookups by header
 * text go through Maps, record values are keyed only by RecordField names.
 */
import type { CellRange, FileType, ImportParse, TextEncoding } from '../../../shared/domain/import';
import type { ImportRefusal } from './refusal';

export type * from '../../../shared/domain/import';


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

export type ImportResult = { ok: true; value: ImportParse } | { ok: false; error: ImportRefusal };
