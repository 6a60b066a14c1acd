/**
 * Mapped data rows → records with per-field errors. Each value goes through the one field
 * parser (parseFieldValue); this file only chooses the input (cell-input.ts), classifies rows
 * (row-kinds.ts) and fills merged cells down. Origins are resolved in a second step
 * (resolveOrigins) with the caller's county resolver, so the same code serves the in-process
 * parse and the worker (whose resolver stays on the calling thread).
 */
import type { RecordField, RecordValues } from '../../../shared/domain/record';
import { parseAmountToFen } from '../../../shared/money';
import { FIELD_BY_KEY, parseFieldValue, type CountyResolver } from '../../../shared/record-fields';
import { cellToInput } from './cell-input';
import { IMPORT_LIMITS } from './limits';
import { classifyRow, headerKey, isGrandTotal, rowShape } from './row-kinds';
import type { HeaderDetection } from './detect-header';
import type { Cell, ColumnMapping, ImportTotals, ParsedRow, RawCell, SheetData, SkippedRow } from './types';
import type { UnreadValues } from '../../../shared/domain/record-source';
import { excelSerialToIso } from '../../../shared/dates';
import type { SheetPeriod } from './sheet-period';

export interface ParsedRows {
  rows: ParsedRow[];
  skippedRows: SkippedRow[];
  /** Per row, the origin text still to resolve (null when the row has none). */
  originTexts: (string | null)[];
  declaredTotalFen: number | null;
  /** some dates had no year and the sheet states none: the preview asks for one */
  yearMissing?: boolean;
  /** dates that took their year from the sheet's stated period */
  yearFilled: number;
}

/** For fields that are no county: parseFieldValue asks for a resolver it will not call. */
export const NO_COUNTY: CountyResolver = () => ({ error: 'unused' });

export function parseRows(sheet: SheetData, header: HeaderDetection, mapping: ColumnMapping, opts: { date1904: boolean; period?: SheetPeriod }): ParsedRows {
  const rows = fillMergedCells(sheet, header.dataStart);
  const headerKeys = new Map<number, string>();
  const lastHeaderRow = sheet.rows[header.headerRows[header.headerRows.length - 1]] ?? [];
  for (const col of header.columns) {
    const key = headerKey(lastHeaderRow[col.column]?.w ?? '');
    if (key) headerKeys.set(col.column, key);
  }
  const shape = rowShape(mapping, headerKeys);
  const mapped = mapping.filter((m) => m.field !== null);
  const amountCol = mapped.find((m) => m.field === 'amountFen');
  const unitMapped = mapped.some((m) => m.field === 'unit');
  const width = Math.max(0, ...mapping.map((m) => m.column + 1));

  const out: ParsedRows = { rows: [], skippedRows: [], originTexts: [], declaredTotalFen: null, yearFilled: 0 };
  for (let r = header.dataStart; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const kind = classifyRow(row, shape);
    if (kind === 'empty') continue;
    const raw = rawTexts(row, width);
    if (kind !== 'record') {
      const skipped: SkippedRow = { sourceRow: r + 1, reason: kind, text: raw.filter(Boolean).join(' ').slice(0, 200) };
      if (kind === 'total' && amountCol) {
        const cell = row[amountCol.column];
        const fen = cell ? parseAmountToFen(typeof cell.v === 'number' ? cell.v : cell.w, amountCol.unit ?? '元') : null;
        if (fen?.ok) {
          skipped.amountFen = fen.value;
          if (isGrandTotal(raw.find(Boolean) ?? '') || raw.some((t) => isGrandTotal(t))) out.declaredTotalFen = fen.value;
        }
      }
      out.skippedRows.push(skipped);
      continue;
    }

    const values: Partial<Record<RecordField, string | number | null>> = {};
    const parsed: ParsedRow = { sourceRow: r + 1, values: values as Partial<RecordValues>, errors: [], warnings: [], raw };
    const unread: UnreadValues = {};
    let originText: string | null = null;
    let unitFromQuantity: string | undefined;
    for (const m of mapped) {
      const field = FIELD_BY_KEY[m.field as RecordField];
      const cell = row[m.column];
      if (!cell) continue;
      if (cell.error) {
        parsed.errors.push({ field: field.key, message: `${field.label}：${cell.error}` });
        unread[field.key] = cell.w.trim() || cell.error;
        continue;
      }
      if (cell.w.trim() === '' && cell.v === null) continue;
      if (field.kind === 'county') {
        originText = typeof cell.v === 'string' ? cell.v : cell.w;
        continue;
      }
      const input = cellToInput(field, cell, { date1904: opts.date1904, unit: m.unit ?? '元', period: opts.period });
      if (!input.ok) {
        parsed.errors.push({ field: field.key, message: input.message });
        if (input.needsYear) out.yearMissing = true;
        unread[field.key] = unitText(cell);
        continue;
      }
      const result = parseFieldValue(field, input.input, { resolveCounty: NO_COUNTY });
      if (result.ok) {
        values[field.key] = result.value;
        if (input.warning) parsed.warnings.push({ field: field.key, message: input.warning });
        if (input.unitText) unitFromQuantity = input.unitText;
        if (input.yearFilled) out.yearFilled++;
        continue;
      }
      // Never refused for how a value is written: keep what can be kept, the unit's text beside it.
      const text = unitText(cell);
      unread[field.key] = text;
      if (field.kind === 'enum') {
        // VALUE_NOT_IN_LIST is a warning: 其他 where the list has it (the kind 货物/服务 has not: left empty).
        const other = field.options?.includes('其他');
        if (other) values[field.key] = '其他';
        parsed.warnings.push({ field: field.key, message: `${field.label}“${text}”不在列表中，${other ? '已记为其他' : '已留空'}` });
      } else if (field.kind === 'text' && field.maxLength && typeof input.input === 'string' && input.input.trim().length > field.maxLength) {
        values[field.key] = input.input.trim().slice(0, field.maxLength);
        parsed.warnings.push({ field: field.key, message: `${field.label}有 ${input.input.trim().length} 个字，超过 ${field.maxLength} 字的上限：台账中只保留前 ${field.maxLength} 字，全文保存在单位原始填写中` });
      } else {
        parsed.errors.push({ field: field.key, message: prefixLabel(field.label, result.message) });
      }
    }
    // “10箱” in the quantity column and no unit column: the unit is 箱.
    if (unitFromQuantity && (!unitMapped || values.unit == null)) {
      const u = parseFieldValue(FIELD_BY_KEY.unit, unitFromQuantity, { resolveCounty: NO_COUNTY });
      if (u.ok) values.unit = u.value;
    }
    if (Object.keys(unread).length > 0) parsed.unread = unread;
    if (values.amountFen == null && values.productName == null && values.purchaserName == null
      && unread.amountFen === undefined && unread.productName === undefined && unread.purchaserName === undefined) {
      parsed.rejected = '这一行没有购买主体、产品名称和金额，不能作为一条采购记录导入';
    }
    if (parsed.rejected || parsed.errors.length > 0) parsed.cells = typedCells(row, width, opts.date1904);
    out.rows.push(parsed);
    out.originTexts.push(originText);
  }
  return out;
}

/** The field parser's messages mostly name the field already; add the label when they do not. */
function prefixLabel(label: string, message: string): string {
  const bare = label.replace(/（.*）$/, '');
  return message.includes(bare) || message.startsWith('金额') || message.startsWith('日期') ? message : `${label}：${message}`;
}

/** The unit's text of a cell, as it reads in the sheet (a date cell as shown, a typed text as typed). */
function unitText(cell: Cell): string {
  return typeof cell.v === 'string' ? cell.v : cell.w.trim() || String(cell.v ?? '');
}

/** The row's cells as the workbook typed them, for the error workbook. */
function typedCells(row: (Cell | null | undefined)[], width: number, date1904: boolean): RawCell[] {
  const n = Math.max(width, row.length);
  const out = new Array<RawCell>(n);
  for (let c = 0; c < n; c++) {
    const cell = row[c];
    if (!cell || cell.v === null) out[c] = cell?.w ? cell.w : null;
    else if (typeof cell.v === 'number' && cell.date) {
      const iso = excelSerialToIso(cell.v, date1904);
      out[c] = iso ? { date: iso } : cell.v;
    } else out[c] = cell.v;
  }
  return out;
}

function rawTexts(row: (Cell | null | undefined)[], width: number): string[] {
  const n = Math.max(width, row.length);
  const raw = new Array<string>(n);
  for (let c = 0; c < n; c++) raw[c] = row[c]?.w ?? '';
  return raw;
}

/**
 * Merged cells in the data area (one purchaser merged over its five purchases) hold the value
 * in the top-left cell only; copy it into the merged cells so every record gets it. Bounded by
 * IMPORT_LIMITS.maxMergeFillCells so a sheet-wide merge costs nothing.
 */
function fillMergedCells(sheet: SheetData, dataStart: number): SheetData['rows'] {
  const merges = sheet.merges.filter((m) => m.e.r >= dataStart && (m.e.r > m.s.r || m.e.c > m.s.c));
  if (merges.length === 0) return sheet.rows;
  const rows = sheet.rows.slice();
  let budget = IMPORT_LIMITS.maxMergeFillCells;
  for (const m of merges) {
    const src = sheet.rows[m.s.r]?.[m.s.c];
    if (!src || m.s.r < dataStart) continue;
    const lastRow = Math.min(m.e.r, rows.length - 1);
    const cells = (lastRow - m.s.r + 1) * (m.e.c - m.s.c + 1);
    if (cells > budget) break;
    budget -= cells;
    for (let r = m.s.r; r <= lastRow; r++) {
      const row = (rows[r] = (rows[r] ?? []).slice());
      for (let c = m.s.c; c <= m.e.c; c++) if (!row[c]) row[c] = src;
    }
  }
  return rows;
}

/** Resolve each row's origin text with the caller's resolver (memoised: a month has few counties). */
export function resolveOrigins(rows: ParsedRow[], originTexts: (string | null)[], resolveCounty: CountyResolver): void {
  const field = FIELD_BY_KEY.originCode;
  const memo = new Map<string, ReturnType<typeof parseFieldValue>>();
  const ctx = { resolveCounty };
  rows.forEach((row, i) => {
    const text = originTexts[i];
    if (text === null || text === undefined) return;
    let result = memo.get(text);
    if (!result) {
      result = parseFieldValue(field, text, ctx);
      if (memo.size < 50_000) memo.set(text, result);
    }
    if (result.ok) (row.values as Record<string, unknown>).originCode = result.value;
    else {
      row.errors.push({ field: 'originCode', message: prefixLabel(field.label, result.message) });
      row.unread = { ...row.unread, originCode: text };
    }
  });
}

export function computeTotals(rows: ParsedRow[]): ImportTotals {
  let validRows = 0;
  let rejectedRows = 0;
  let totalFen = 0;
  for (const row of rows) {
    if (row.rejected) {
      rejectedRows++;
      continue;
    }
    if (row.errors.length === 0) validRows++;
    if (typeof row.values.amountFen === 'number') totalFen += row.values.amountFen;
  }
  // 200,000 rows of at most 9e15 fen each could overflow a double's integers; say so rather than round.
  if (!Number.isSafeInteger(totalFen)) throw new RangeError('合计金额超出可精确表示的范围');
  const landing = rows.length - rejectedRows;
  return { rows: landing, validRows, errorRows: landing - validRows, rejectedRows, totalFen };
}
