/**
 * The limits every import runs under. One place, so the refusals and their tests agree.
 * They are generous for real unit workbooks (a month is hundreds to a few thousand rows; the
 * benchmark is 100,000) and small enough that a hostile file fails in well under 5 seconds.
 */
export const IMPORT_LIMITS = {
  /** Bytes of the file as received. A 200 MB file is refused before anything reads it. */
  maxInputBytes: 100 * 1024 * 1024,
  /** Entries in an xlsx zip. Real workbooks have tens; thousands means something else. */
  maxZipEntries: 10_000,
  /** Sum of the declared uncompressed sizes of the entries we inflate (SheetJS has no limit). */
  maxTotalUncompressedBytes: 300 * 1024 * 1024,
  /** One entry: compressed-to-uncompressed ratio above this (for entries above minRatioCheckBytes) is a zip bomb. */
  maxEntryRatio: 300,
  minRatioCheckBytes: 4 * 1024 * 1024,
  /** Spreadsheet rows read from one sheet (header and title rows included). */
  maxRows: 200_000,
  /** Columns considered; ledger layouts have ~20. Cells beyond are ignored (and reported). */
  maxColumns: 256,
  /** Rows scanned from the top of a sheet when looking for the header. */
  headerScanRows: 40,
  /** Merged ranges honoured (fill-down of merged purchaser cells etc.). */
  maxMerges: 20_000,
  /** Cells a merge fill may write in total, so a sheet-wide merge cannot cost much. */
  maxMergeFillCells: 2_000_000,
} as const;

/** The same limits as numbers, so a test or a caller can pass smaller ones. */
export type ImportLimits = { readonly [K in keyof typeof IMPORT_LIMITS]: number };
