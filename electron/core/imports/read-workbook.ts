/**
 * Bytes → WorkbookData through SheetJS, after the guards. What we keep from SheetJS:
 * - numbers stay numbers with their date flag (cellDates: false, cellNF: true), so a date is a
 *   serial we convert ourselves with the workbook's date system (1900 or 1904);
 * - the formatted text `w`, which is what the unit saw and what the error workbook copies;
 * - CSV cells as text (raw: true), so 20-digit invoice numbers and credit codes never pass
 *   through a float;
 * - no formulas (only their cached values), no styles, no VBA.
 * An integer of 16+ digits in a numeric cell has already lost digits inside Excel: the cell is
 * flagged, never silently "corrected".
 */
import * as XLSX from 'xlsx';
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { refuse } from './refusal';
import { inspectCfb, sniff } from './sniff';
import { inflateEntries } from './unzip';
import { readCentralDirectory, zipWorkbookKind } from './zip-guard';
import type { Cell, CellRange, FileType, SheetData, WorkbookData } from './types';

type SheetJsCell = { t?: string; v?: unknown; w?: string; z?: string | number };
type SheetJsSheet = { '!data'?: (SheetJsCell[] | undefined)[]; '!merges'?: CellRange[] };
type SheetJsBook = {
  SheetNames: string[];
  Sheets: Record<string, SheetJsSheet>;
  Workbook?: { WBProps?: { date1904?: unknown }; Sheets?: { Hidden?: number }[] };
};

// parse_zip is exported by SheetJS but missing from its type declarations.
const parseZip = (XLSX as unknown as { parse_zip(zip: unknown, opts: object): SheetJsBook }).parse_zip;

export function readWorkbook(bytes: Uint8Array, limits: ImportLimits = IMPORT_LIMITS): WorkbookData {
  const common = {
    dense: true,
    cellDates: false,
    cellNF: true,
    cellFormula: false,
    cellHTML: false,
    cellStyles: false,
    cellText: true,
    sheetStubs: false,
    bookVBA: false,
    bookFiles: false,
    bookDeps: false,
    WTF: false,
    // One row more than we accept, to tell "exactly at the limit" from "beyond it".
    sheetRows: limits.maxRows + 1,
  };
  const sniffed = sniff(bytes);
  let book: SheetJsBook;
  let fileType: FileType;
  let encoding: WorkbookData['encoding'];
  if (sniffed.kind === 'zip') {
    const entries = readCentralDirectory(bytes, limits);
    const kind = zipWorkbookKind(entries);
    if (!kind) refuse('NOT_A_WORKBOOK', '这是一个压缩包（或 Word 等文档），不是工作簿；请导入 .xlsx、.xls 或 .csv 文件');
    const parts = inflateEntries(bytes, entries);
    const container = XLSX.CFB.utils.cfb_new();
    for (const [name, content] of parts) XLSX.CFB.utils.cfb_add(container, name, content, { unsafe: true });
    book = parseZip(container, { ...common, type: 'buffer' });
    fileType = kind;
  } else if (sniffed.kind === 'cfb') {
    inspectCfb(bytes);
    book = XLSX.read(bytes, { ...common, type: 'buffer' }) as unknown as SheetJsBook;
    fileType = 'xls';
  } else {
    // Plain text: raw keeps every CSV cell as the text the unit typed.
    book = XLSX.read(sniffed.decoded.text, { ...common, type: 'string', raw: true }) as unknown as SheetJsBook;
    fileType = sniffed.flavour;
    encoding = sniffed.decoded.encoding;
  }

  const date1904 = Boolean(book.Workbook?.WBProps?.date1904) && String(book.Workbook?.WBProps?.date1904) !== '0';
  const sheets: SheetData[] = [];
  book.SheetNames.forEach((name, i) => {
    const ws = book.Sheets[name];
    const hidden = (book.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0;
    sheets.push(convertSheet(String(name), ws, hidden, limits));
    // Let SheetJS's copy go as soon as ours exists (peak memory on big sheets).
    delete book.Sheets[name];
  });
  if (sheets.length === 0) refuse('NO_DATA', '文件中没有工作表');
  return encoding ? { fileType, encoding, date1904, sheets } : { fileType, date1904, sheets };
}

const dateFormatCache = new Map<string, boolean>();
function isDateFormat(z: string | number | undefined): boolean {
  if (z === undefined || z === 'General') return false;
  const key = String(z);
  const cached = dateFormatCache.get(key);
  if (cached !== undefined) return cached;
  let hit = false;
  try {
    hit = Boolean(XLSX.SSF.is_date(z as string));
  } catch {
    hit = false;
  }
  if (dateFormatCache.size < 1000) dateFormatCache.set(key, hit);
  return hit;
}

/**
 * NUL is dropped from text cells: nobody types it (it comes from broken exports), and a
 * PostgreSQL ledger refuses it in text, so a file and a server keep the same text.
 */
function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

function convertCell(c: SheetJsCell): Cell | null {
  switch (c.t) {
    case 's': {
      const v = withoutNul(typeof c.v === 'string' ? c.v : String(c.v ?? ''));
      return v === '' ? null : { v, w: v, date: false };
    }
    case 'n': {
      const v = c.v as number;
      if (typeof v !== 'number' || !Number.isFinite(v)) return { v: null, w: String(c.w ?? ''), date: false, error: '单元格不是有效数值' };
      const w = c.w ?? String(v);
      const cell: Cell = { v, w, date: isDateFormat(c.z) };
      if (Number.isInteger(v) && Math.abs(v) >= 1e15) {
        cell.error = `单元格“${w}”是超过 15 位的数字，Excel 只保留 15 位有效数字，后面的位数已经丢失；请把该列设为文本格式、重新填写原始号码`;
      }
      return cell;
    }
    case 'b':
      return { v: Boolean(c.v), w: c.v ? 'TRUE' : 'FALSE', date: false };
    case 'e': {
      const w = c.w ?? '#ERROR';
      return { v: null, w, date: false, error: `单元格是 Excel 错误值 ${w}（公式出错），请修正后重新导入` };
    }
    case 'd': {
      // Only text formats (HTML, SpreadsheetML) produce Date cells; keep the calendar date as text.
      const d = c.v instanceof Date ? c.v : new Date(String(c.v));
      if (Number.isNaN(d.getTime())) return { v: null, w: String(c.w ?? ''), date: false, error: '单元格不是有效日期' };
      const iso = d.toISOString().slice(0, 10);
      return { v: iso, w: c.w ?? iso, date: false };
    }
    default:
      return null;
  }
}

function convertSheet(name: string, ws: SheetJsSheet | undefined, hidden: boolean, limits: ImportLimits): SheetData {
  const data = ws?.['!data'] ?? [];
  const rows: (Cell | null | undefined)[][] = [];
  let columnsTruncated = false;
  let lastNonEmpty = -1;
  const n = Math.min(data.length, limits.maxRows + 1);
  for (let r = 0; r < n; r++) {
    const src = data[r];
    if (!src || src.length === 0) {
      rows.push([]);
      continue;
    }
    const len = Math.min(src.length, limits.maxColumns);
    const row: (Cell | null)[] = new Array(len).fill(null);
    let any = false;
    for (let c = 0; c < len; c++) {
      const sc = src[c];
      if (!sc) continue;
      const cell = convertCell(sc);
      if (cell && (cell.w.trim() !== '' || cell.error)) {
        row[c] = cell;
        any = true;
      }
    }
    if (src.length > limits.maxColumns) {
      for (let c = limits.maxColumns; c < src.length; c++) {
        const sc = src[c];
        if (sc && sc.v !== undefined && sc.v !== null && String(sc.v).trim() !== '') {
          columnsTruncated = true;
          break;
        }
      }
    }
    rows.push(any ? row : []);
    if (any) lastNonEmpty = r;
    data[r] = undefined;
  }
  if (lastNonEmpty >= limits.maxRows) {
    refuse('TOO_MANY_ROWS', `工作表“${name}”超过 ${limits.maxRows.toLocaleString('en-US')} 行，请拆分成几个文件后分别导入`, { sheet: name });
  }
  rows.length = lastNonEmpty + 1;
  const merges = (ws?.['!merges'] ?? []).slice(0, limits.maxMerges).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } }));
  return { name, hidden, rows, merges, columnsTruncated };
}
