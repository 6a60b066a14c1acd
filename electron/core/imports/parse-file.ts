/**
 * The import parse, start to end: limits → type from bytes → guarded read → sheet → header →
 * mapping → rows → origins → totals. Pure: reads bytes, writes nothing. Every refusal is a
 * typed `{ code, message }`; every row problem is data on the row.
 */
import { createHash } from 'node:crypto';
import type { RecordField } from '../../../shared/domain/record';
import { formatFen } from '../../../shared/money';
import { FIELD_BY_KEY, type CountyResolver } from '../../../shared/record-fields';
import { columnLetter } from './detect-header';
import { IMPORT_LIMITS } from './limits';
import { headerSignature, isRecordField, mapColumns, type HeaderColumn } from './map-columns';
import { computeTotals, parseRows, resolveOrigins } from './parse-rows';
import { pickSheet, pickSheets, type PickedSheet } from './pick-sheet';
import { purchaserByContent, purchaserFromTitle } from './purchaser-evidence';
import { describePeriod, sheetPeriod } from './sheet-period';
import { readWorkbook } from './read-workbook';
import { mb, refuse, toRefusal } from './refusal';
import type { ColumnMapping, ColumnMappingEntry, ImportParse, ImportResult, SheetInfo, WorkbookData } from './types';

export interface ParseFileOptions {
  /** The sheet to show first (and the one `mapping` and `headerRow` are for); default: the data sheet that looks most like one. */
  sheetName?: string;
  /** Import only these sheets (the CLI's --sheet); default: every data sheet. */
  sheetNames?: string[];
  /** A remembered or user-corrected mapping (only column, field and unit are read); also used for other sheets of the same layout. */
  mapping?: Pick<ColumnMappingEntry, 'column' | 'field' | 'unit'>[];
  /** 1-based row of the header (the lower row of a two-row header); default: found automatically. */
  headerRow?: number;
  /** The year for dates written without one, where the sheet, its name and the file name state none. */
  year?: number;
}

export interface ParseImportOptions extends ParseFileOptions {
  resolveCounty: CountyResolver;
}

/** A parse whose origins still need the county resolver (what the worker sends back). */
export interface UnresolvedParse {
  parse: ImportParse;
  originTexts: (string | null)[];
  /** the workbook's other data sheets */
  others?: UnresolvedParse[];
}

const REQUIRED: RecordField[] = ['date', 'purchaserName', 'productName', 'amountFen', 'originCode'];

export function parseImportFile(bytes: Uint8Array, fileName: string, opts: ParseImportOptions): ImportResult {
  try {
    return { ok: true, value: finishParse(parseUnresolved(bytes, fileName, opts), opts.resolveCounty) };
  } catch (err) {
    return { ok: false, error: toRefusal(err) };
  }
}

/** Everything but county resolution; throws ImportRefusalError. */
export function parseUnresolved(bytes: Uint8Array, fileName: string, opts: ParseFileOptions = {}): UnresolvedParse {
  if (bytes.length === 0) refuse('EMPTY_FILE', '文件是空的（0 字节）');
  if (bytes.length > IMPORT_LIMITS.maxInputBytes) {
    refuse('FILE_TOO_LARGE', `文件有 ${mb(bytes.length)}，超过 ${mb(IMPORT_LIMITS.maxInputBytes)} 的上限；请按月或按单位拆分后导入`, {
      bytes: bytes.length,
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const wb = readWorkbook(bytes);
  const headerRow = opts.headerRow === undefined ? undefined : opts.headerRow - 1;
  const picked = pickSheets(wb, { named: opts.sheetNames, headerRow, headerRowSheet: opts.sheetName });
  let data = picked.data;
  const infos = picked.infos;
  if (opts.sheetName !== undefined && !data.some((d) => d.sheet.name.trim() === opts.sheetName!.trim())) {
    // The clerk chose a sheet the app did not take for data (a 汇总 sheet that is the detail after all).
    const chosen = pickSheet(wb, opts.sheetName, headerRow);
    data = wb.sheets.flatMap((s) => (s === chosen.sheet ? [chosen] : data.filter((d) => d.sheet === s)));
    const i = infos.findIndex((x) => x.sheet === chosen.sheet.name);
    if (i >= 0) infos[i] = { sheet: chosen.sheet.name, status: 'data', rows: 0, totalFen: 0, months: [] };
  }
  const main =
    opts.sheetName !== undefined
      ? data.find((d) => d.sheet.name.trim() === opts.sheetName!.trim())!
      : data.reduce((a, b) => (b.score > a.score ? b : a));
  const mainSignature = headerSignature(main.header.columns, main.header.unitHint);

  const parses = new Map<PickedSheet, UnresolvedParse>();
  for (const d of data) {
    const signature = headerSignature(d.header.columns, d.header.unitHint);
    const mapping = opts.mapping && (d === main || signature === mainSignature) ? opts.mapping : undefined;
    parses.set(d, parseSheet(wb, d, { fileName, sha256, mapping, year: opts.year }));
  }
  const first = parses.get(main)!;
  if (first.parse.rows.length === 0 && opts.sheetName !== undefined) {
    const { header, sheet } = main;
    refuse('NO_DATA', `工作表“${sheet.name}”的表头（第 ${header.headerRows.map((r) => r + 1).join('、')} 行）下面没有数据行`);
  }
  if (first.parse.rows.length === 0 && opts.sheetName === undefined) {
    // The best-looking sheet is an empty form: show a sheet that has rows, if any.
    const withRows = data.find((d) => parses.get(d)!.parse.rows.length > 0);
    if (withRows) return assemble(parses.get(withRows)!, data.filter((d) => d !== withRows).map((d) => parses.get(d)!), infos);
  }
  const others = data.filter((d) => d !== main).map((d) => parses.get(d)!);
  if (first.parse.rows.length === 0 && others.every((o) => o.parse.rows.length === 0)) {
    const { header, sheet } = main;
    refuse('NO_DATA', `工作表“${sheet.name}”的表头（第 ${header.headerRows.map((r) => r + 1).join('、')} 行）下面没有数据行`);
  }
  return assemble(first, others, infos);
}

function assemble(first: UnresolvedParse, others: UnresolvedParse[], infos: SheetInfo[]): UnresolvedParse {
  for (const u of [first, ...others]) u.parse.sheetInfos = infos;
  // Sheets with nothing under the header are listed as empty, not imported.
  const kept = others.filter((o) => o.parse.rows.length > 0);
  for (const o of others) {
    if (kept.includes(o)) continue;
    const i = infos.findIndex((x) => x.sheet === o.parse.sheet);
    if (i >= 0) infos[i] = { ...infos[i], status: 'empty', note: '表头下面没有数据行' };
  }
  return kept.length ? { ...first, others: kept } : first;
}

/** One data sheet → its parse: mapping, rows, the period its year-less dates take. */
function parseSheet(
  wb: WorkbookData,
  { sheet, header }: PickedSheet,
  o: { fileName: string; sha256: string; mapping?: ParseFileOptions['mapping']; year?: number },
): UnresolvedParse {
  const auto = purchaserByContent(mapColumns(header.columns, header.unitHint), sheet, header.dataStart);
  const mapping = o.mapping ? applyMapping(auto, header.columns, o.mapping) : auto;
  const period = sheetPeriod(header.titleLines, sheet.name, o.fileName, o.year);
  const parsed = parseRows(sheet, header, mapping, { date1904: wb.date1904, period });
  // no purchaser column: the sheet is the unit's own, named once above the header
  const titlePurchaser = mapping.some((m) => m.field === 'purchaserName') ? null : purchaserFromTitle(header.titleLines);
  if (titlePurchaser) for (const row of parsed.rows) if (!row.rejected) row.values.purchaserName ??= titlePurchaser;

  const headerCells = header.headerRows.map((r) => {
    const row = sheet.rows[r] ?? [];
    const width = Math.max(row.length, ...mapping.map((m) => m.column + 1));
    return Array.from({ length: width }, (_, c) => row[c]?.w ?? '');
  });
  const first = header.headerRows[0];
  const last = header.headerRows[header.headerRows.length - 1];
  const headerMerges = sheet.merges
    .filter((m) => m.s.r >= first && m.e.r <= last)
    .map((m) => ({ s: { r: m.s.r - first, c: m.s.c }, e: { r: m.e.r - first, c: m.e.c } }));

  const notes = notices(mapping, header.unitHint, sheet.columnsTruncated, titlePurchaser !== null);
  if (titlePurchaser) notes.push(`表中没有购买主体列：按表头写的“${titlePurchaser}”记为每一行的购买主体`);
  if (parsed.yearFilled > 0) notes.push(`${parsed.yearFilled} 个日期没有写年份，按${period.yearFrom}补为 ${period.year} 年`);
  const parse: ImportParse = {
    fileName: o.fileName,
    sha256: o.sha256,
    fileType: wb.fileType,
    ...(wb.encoding ? { encoding: wb.encoding } : {}),
    sheets: wb.sheets.map((s) => s.name),
    sheet: sheet.name,
    headerRow: last + 1,
    headerRows: header.headerRows.map((r) => r + 1),
    headerCells,
    headerMerges,
    mapping,
    headerSignature: headerSignature(header.columns, header.unitHint),
    rows: parsed.rows,
    skippedRows: parsed.skippedRows,
    totals: computeTotals(parsed.rows),
    declaredTotalFen: parsed.declaredTotalFen,
    notices: notes,
    sheetInfos: [],
    ...(parsed.yearMissing ? { yearMissing: true } : {}),
    ...(period.year !== null || period.months ? { period: `${describePeriod(period)}${period.yearFrom ? `（${period.yearFrom}）` : ''}` } : {}),
    ...(period.year !== null && period.months?.length === 1 ? { month: `${period.year}-${String(period.months[0]).padStart(2, '0')}` } : {}),
  };
  return { parse, originTexts: parsed.originTexts };
}

/** Resolve origins with the caller's resolver, then count; the same for each other data sheet. */
export function finishParse(u: UnresolvedParse, resolveCounty: CountyResolver): ImportParse {
  const parse = finishSheet(u, resolveCounty);
  if (u.others?.length) parse.otherSheets = u.others.map((o) => finishSheet(o, resolveCounty));
  return parse;
}

function finishSheet(u: UnresolvedParse, resolveCounty: CountyResolver): ImportParse {
  const { parse } = u;
  resolveOrigins(parse.rows, u.originTexts, resolveCounty);
  parse.totals = computeTotals(parse.rows);
  const amountsRead = parse.rows.every((r) => r.rejected || r.unread?.amountFen === undefined);
  if (parse.declaredTotalFen !== null && parse.declaredTotalFen !== parse.totals.totalFen && amountsRead) {
    parse.notices.push(
      `表中合计行写的是 ${formatFen(parse.declaredTotalFen)} 元，逐行相加是 ${formatFen(parse.totals.totalFen)} 元，请与填报单位核对`,
    );
  }
  const info = parse.sheetInfos.find((x) => x.sheet === parse.sheet);
  if (info) {
    info.rows = parse.totals.rows;
    info.totalFen = parse.totals.totalFen;
    info.months = monthsOf(parse.rows);
  }
  return parse;
}

function monthsOf(rows: ImportParse['rows']): string[] {
  const months = new Set<string>();
  for (const r of rows) if (!r.rejected && r.values.date) months.add(r.values.date.slice(0, 7));
  return [...months].sort();
}

function applyMapping(auto: ColumnMapping, columns: HeaderColumn[], chosen: NonNullable<ParseFileOptions['mapping']>): ColumnMapping {
  const byColumn = new Map<number, (typeof chosen)[number]>();
  const used = new Set<RecordField>();
  const known = new Set(columns.map((c) => c.column));
  for (const m of chosen) {
    if (!Number.isInteger(m.column) || m.column < 0 || m.column >= IMPORT_LIMITS.maxColumns) {
      refuse('MAPPING_INVALID', `列对应关系有误：列号 ${String(m.column)} 无效`);
    }
    if (m.field !== null && !isRecordField(m.field)) refuse('MAPPING_INVALID', `列对应关系有误：没有名为“${String(m.field)}”的字段`);
    if (m.unit !== undefined && m.unit !== '元' && m.unit !== '万元') refuse('MAPPING_INVALID', '列对应关系有误：金额单位只能是“元”或“万元”');
    if (m.field && used.has(m.field)) refuse('MAPPING_INVALID', `列对应关系有误：“${FIELD_BY_KEY[m.field].label}”对应了不止一列`);
    if (m.field && !known.has(m.column)) refuse('MAPPING_INVALID', `列对应关系有误：第 ${columnLetter(m.column)} 列在表中不存在`);
    if (m.field) used.add(m.field);
    byColumn.set(m.column, m);
  }
  return auto.map((e) => {
    const m = byColumn.get(e.column);
    const entry: ColumnMappingEntry = { column: e.column, header: e.header, field: m?.field ?? null, confidence: m?.field ? 1 : 0 };
    if (entry.field === 'amountFen') entry.unit = m?.unit ?? e.unit ?? '元';
    if (!m && e.ignored) entry.ignored = true;
    return entry;
  });
}

function notices(mapping: ColumnMapping, unitHint: string | null, columnsTruncated: boolean, purchaserInTitle: boolean): string[] {
  const out: string[] = [];
  const amount = mapping.find((m) => m.field === 'amountFen');
  if (amount?.unit === '万元') {
    out.push(unitHint === '万元' && !/万/.test(amount.header) ? '标题行注明“单位：万元”，金额按万元读取' : `金额列“${amount.header}”按万元读取`);
  }
  const missing = REQUIRED.filter((f) => !mapping.some((m) => m.field === f) && !(f === 'purchaserName' && purchaserInTitle));
  if (missing.length) out.push(`没有找到这些列：${missing.map((f) => FIELD_BY_KEY[f].label).join('、')}（可手动指定对应的列）`);
  const unknown = mapping.filter((m) => !m.field && !m.ignored);
  if (unknown.length) out.push(`未识别、不导入的列：${unknown.map((m) => `${columnLetter(m.column)} 列“${m.header}”`).join('、')}`);
  if (columnsTruncated) out.push(`第 ${IMPORT_LIMITS.maxColumns} 列以后的内容已忽略`);
  return out;
}
