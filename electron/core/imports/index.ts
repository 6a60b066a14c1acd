/**
 * The import parsing core (issue 3): bytes of a unit's xlsx/xls/csv → rows of record values with
 * per-field errors, ready for the preview and for one-transaction commit (not done here).
 *
 *   parseImportFile(bytes, fileName, { resolveCounty, sheetName?, mapping?, headerRow? })
 *     → { ok: true, value: ImportParse } | { ok: false, error: { code, message } }
 *   parseImportFileInWorker(bytes, fileName, { …same, timeoutMs?, maxMemoryMb?, workerUrl?, signal?, onProgress? })
 *     (timeout default: max(20 s, 4 s per MB), at most 180 s)
 *     → Promise of the same; PARSE_TIMEOUT / OUT_OF_MEMORY / CANCELLED when stopped
 *   buildErrorWorkbook(parse, rows?) → .xlsx bytes of the rejected rows with 错误说明
 */
export { parseImportFile, parseUnresolved, finishParse } from './parse-file';
export type { ParseImportOptions, ParseFileOptions, UnresolvedParse } from './parse-file';
export { defaultTimeoutMs, parseImportFileInWorker } from './run-in-worker';
export type { WorkerParseOptions } from './run-in-worker';
export { buildErrorWorkbook, buildErrorWorkbookOf, ERROR_COLUMN, fitCellText, MAX_CELL_TEXT, rowsToSendBack, SOURCE_ROW_COLUMN } from './error-workbook';
export { neutralizeFormulaText, restoreNeutralizedText } from './formula-text';
export { headerSignature, mapColumns, matchHeader, MIN_CONFIDENCE } from './map-columns';
export { IMPORT_LIMITS } from './limits';
export { ImportRefusalError } from './refusal';
export type { ImportRefusal, ImportRefusalCode } from './refusal';
export type * from './types';
