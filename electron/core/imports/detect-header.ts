/**
 * Find the header under the title rows. Units put a title (“XX区2021年11月消费帮扶采购明细表”),
 * a line “填报单位：…  单位：元” and sometimes blank rows above it, and group columns under a
 * merged cell (“采购单位” over “单位名称” and “统一社会信用代码”). The header is the row (or pair
 * of rows) whose cells name the most distinct record fields; a second row is taken only when
 * it names more fields than the row alone and holds no values (numbers, dates).
 */
import { IMPORT_LIMITS } from './limits';
import { MIN_CONFIDENCE, matchColumn, type HeaderColumn } from './map-columns';
import { normalizeHeader } from './normalize-header';
import type { AmountUnit, Cell, CellRange, SheetData } from './types';

export interface HeaderDetection {
  /** 0-based rows forming the header (one, or group row then sub row). */
  headerRows: number[];
  /** 0-based first row below the header. */
  dataStart: number;
  columns: HeaderColumn[];
  /** 万元 / 元 from a title row such as “单位：万元”. */
  unitHint: AmountUnit | null;
  /** Distinct fields the header names: how sure we are this is the header. */
  score: number;
  /** Text of the rows above the header (title, 填报单位 …), for the preview. */
  titleLines: string[];
}

const STRONG = 0.7;
const NUMBERISH = /^[\s\d.,，。+\-/:：年月日号]+$/;

function text(cell: Cell | null | undefined): string {
  return cell ? cell.w.trim() : '';
}

/** A cell that could be a header: text, not a value, not “label：value”. */
function headerLike(cell: Cell | null | undefined): boolean {
  if (!cell || cell.error) return false;
  if (typeof cell.v === 'number' || typeof cell.v === 'boolean' || cell.date) return false;
  const t = cell.w.trim();
  if (t === '' || t.length > 40 || NUMBERISH.test(t)) return false;
  return !/[:：]\s*\S/.test(normalizeHeader(t).key);
}

function fieldsOf(columns: string[][]): number {
  const fields = new Set<string>();
  for (const parts of columns) {
    const m = matchColumn(parts);
    if (m.field && m.confidence >= Math.max(STRONG, MIN_CONFIDENCE)) fields.add(m.field);
  }
  return fields.size;
}

export function detectHeader(sheet: SheetData, opts: { headerRow?: number } = {}): HeaderDetection | null {
  const rows = sheet.rows;
  const scanEnd = Math.min(rows.length, IMPORT_LIMITS.headerScanRows);
  const merges = sheet.merges.filter((m) => m.s.r < scanEnd + 1);

  const singleScore = (r: number): number => {
    const row = rows[r] ?? [];
    const cols: string[][] = [];
    for (let c = 0; c < row.length; c++) if (headerLike(row[c])) cols.push([text(row[c])]);
    return fieldsOf(cols);
  };

  let best = -1;
  let bestScore = 0;
  if (opts.headerRow !== undefined) {
    if (opts.headerRow < 0 || opts.headerRow >= rows.length) return null;
    best = opts.headerRow;
    bestScore = singleScore(best);
  } else {
    for (let r = 0; r < scanEnd; r++) {
      const s = singleScore(r);
      if (s > bestScore) {
        best = r;
        bestScore = s;
      }
    }
    if (bestScore < 2) return null;
  }

  // Two-row header: the pair that names more fields than the best row alone.
  let top = best;
  let bottom = best;
  let pairScore = bestScore;
  for (const [t, b] of [
    [best - 1, best],
    [best, best + 1],
  ]) {
    if (t < 0 || b >= rows.length || !pairCandidate(rows, t, b)) continue;
    const score = fieldsOf(pairColumns(rows, merges, t, b).map((c) => c.parts));
    if (score > pairScore) {
      top = t;
      bottom = b;
      pairScore = score;
    }
  }

  const headerRows = top === bottom ? [top] : [top, bottom];
  const columns = top === bottom ? singleColumns(rows, merges, top) : pairColumns(rows, merges, top, bottom);
  // a group row above a header taken alone still names the columns it stands over alone (序号)
  const named = top === bottom && top > 0 && pairCandidate(rows, top - 1, top) ? namedFromRowAbove(rows, merges, top - 1, columns) : columns;
  const withData = addHeaderlessDataColumns(rows, named, bottom + 1);
  const titleLines: string[] = [];
  for (let r = 0; r < top; r++) {
    const line = (rows[r] ?? []).map(text).filter(Boolean).join(' ');
    if (line) titleLines.push(line);
  }
  return {
    headerRows,
    dataStart: bottom + 1,
    columns: withData,
    unitHint: unitFromTitle(titleLines),
    score: pairScore,
    titleLines,
  };
}

/** Both rows hold only header-like text, and the upper one is not a one-cell title. */
function pairCandidate(rows: SheetData['rows'], t: number, b: number): boolean {
  const upper = (rows[t] ?? []).filter((c) => text(c) !== '');
  const lower = (rows[b] ?? []).filter((c) => text(c) !== '');
  if (upper.length < 2 || lower.length < 1) return false;
  return upper.every(headerLike) && lower.every(headerLike);
}

function mergeAt(merges: CellRange[], r: number, c: number): CellRange | undefined {
  return merges.find((m) => m.s.r <= r && r <= m.e.r && m.s.c <= c && c <= m.e.c);
}

/** A header cell's text, reading a merged cell's value from its top-left corner. */
function headerText(rows: SheetData['rows'], merges: CellRange[], r: number, c: number): string {
  const own = text(rows[r]?.[c]);
  if (own) return own;
  const m = mergeAt(merges, r, c);
  return m ? text(rows[m.s.r]?.[m.s.c]) : '';
}

function singleColumns(rows: SheetData['rows'], merges: CellRange[], r: number): HeaderColumn[] {
  const row = rows[r] ?? [];
  const out: HeaderColumn[] = [];
  for (let c = 0; c < row.length; c++) {
    const t = text(row[c]);
    if (t) out.push({ column: c, header: t, parts: [t] });
  }
  return out;
}

function pairColumns(rows: SheetData['rows'], merges: CellRange[], t: number, b: number): HeaderColumn[] {
  const width = Math.max(rows[t]?.length ?? 0, rows[b]?.length ?? 0);
  const noMerges = !merges.some((m) => m.s.r <= b && m.e.r >= t);
  const out: HeaderColumn[] = [];
  let group = '';
  for (let c = 0; c < width; c++) {
    let upper = headerText(rows, merges, t, c);
    const m = mergeAt(merges, b, c);
    // A cell merged down from the upper row has no sub header of its own.
    const lower = m && m.s.r <= t ? '' : text(rows[b]?.[c]);
    if (noMerges) {
      // CSV and unmerged sheets: a group label sits over its first sub column only.
      if (upper && lower) group = upper;
      else if (!upper && lower && group) upper = group;
      else group = '';
    }
    const parts = upper && lower && upper !== lower ? [upper, lower] : [upper || lower].filter(Boolean);
    if (parts.length) out.push({ column: c, header: parts.join('/'), parts });
  }
  return out;
}

/** Columns the header row leaves blank, named by the header-like row above them (a 序号 whose cell below is empty). */
function namedFromRowAbove(rows: SheetData['rows'], merges: CellRange[], above: number, columns: HeaderColumn[]): HeaderColumn[] {
  const have = new Set(columns.map((c) => c.column));
  const out = [...columns];
  for (let c = 0; c < (rows[above]?.length ?? 0); c++) {
    const t = have.has(c) ? '' : headerText(rows, merges, above, c);
    if (t) out.push({ column: c, header: t, parts: [t] });
  }
  return out.sort((a, b) => a.column - b.column);
}

/** Columns with values but no header still exist (shown as 第 X 列, not imported); blank ones do not. */
function addHeaderlessDataColumns(rows: SheetData['rows'], columns: HeaderColumn[], dataStart: number): HeaderColumn[] {
  const have = new Set(columns.map((c) => c.column));
  const extra = new Set<number>();
  const end = Math.min(rows.length, dataStart + 500);
  for (let r = dataStart; r < end; r++) {
    const row = rows[r] ?? [];
    for (let c = 0; c < row.length; c++) if (!have.has(c) && text(row[c])) extra.add(c);
  }
  const all = [...columns, ...[...extra].map((c) => ({ column: c, header: `（无表头，第 ${columnLetter(c)} 列）`, parts: [] }))];
  return all.sort((a, b) => a.column - b.column);
}

function unitFromTitle(lines: string[]): AmountUnit | null {
  for (const line of lines) {
    const m = /单位\s*[:：]\s*(?:人民币)?\s*(万元|元)/.exec(line.normalize('NFKC')) ?? /[(（]\s*(万元)\s*[)）]/.exec(line.normalize('NFKC'));
    if (m) return m[1] as AmountUnit;
  }
  return null;
}

export function columnLetter(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
