/**
 * Why a file is refused as a whole (a row's problems are data on the row, not refusals).
 * Codes are stable English for code and tests; messages are Chinese for the user.
 */
import { AppError } from '../../../shared/result';

export type ImportRefusalCode =
  | 'EMPTY_FILE'
  | 'FILE_TOO_LARGE'
  | 'NOT_A_WORKBOOK'
  | 'CORRUPT_FILE'
  | 'ENCRYPTED'
  | 'ZIP_BOMB'
  | 'UNSAFE_ZIP'
  | 'UNSUPPORTED_ENCODING'
  | 'TOO_MANY_ROWS'
  | 'CELL_TOO_LONG'
  | 'NO_DATA'
  | 'SHEET_NOT_FOUND'
  | 'HEADER_NOT_FOUND'
  | 'MAPPING_INVALID'
  | 'PARSE_FAILED'
  | 'PARSE_TIMEOUT'
  | 'OUT_OF_MEMORY'
  | 'CANCELLED';

export interface ImportRefusal {
  code: ImportRefusalCode;
  message: string;
  details?: unknown;
}

/** Thrown inside the import pipeline; parseImportFile turns it into `{ ok: false, error }`. */
export class ImportRefusalError extends AppError {
  declare readonly code: ImportRefusalCode;
  constructor(code: ImportRefusalCode, message: string, details?: unknown) {
    super(code, message, details);
    this.name = 'ImportRefusalError';
  }
}

export function refuse(code: ImportRefusalCode, message: string, details?: unknown): never {
  throw new ImportRefusalError(code, message, details);
}

export function toRefusal(err: unknown): ImportRefusal {
  if (err instanceof ImportRefusalError) {
    return err.details === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, details: err.details };
  }
  const text = err instanceof Error ? err.message : String(err);
  // SheetJS says so in English when a legacy .xls carries a FILEPASS record.
  if (/password|encrypt/i.test(text)) return { code: 'ENCRYPTED', message: '文件已加密（设置了打开密码），请取消密码后重新导入' };
  if (err instanceof RangeError && /memory|allocation|buffer/i.test(text)) {
    return { code: 'OUT_OF_MEMORY', message: '文件过大，解析时内存不足' };
  }
  return { code: 'PARSE_FAILED', message: `无法读取文件：${text.slice(0, 200)}` };
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
