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
import { pickSheet } from './pick-sheet';
import { readWorkbook } from './read-workbook';
import { mb, refuse, toRefusal } from './refusal';
import type { ColumnMapping, ColumnMappingEntry, ImportParse, ImportResult } from './types';

export interface ParseFileOptions {
  /** Sheet to read; default: the one that looks like data. */
  sheetName?: string;
  /** A remembered or user-corrected mapping (only column, field and unit are read). */
  mapping?: Pick<ColumnMappingEntry, 'column' | 'field' | 'unit'>[];
  /** 1-based row of the header (the lower row of a two-row header); default: found automatically. */
  headerRow?: number;
}

export interface ParseImportOptions extends ParseFileOptions {
  resolveCounty: CountyResolver;
}

/** A parse whose origins still need the county resolver (what the worker sends back). */
export interface UnresolvedParse {
  parse: ImportParse;
  originTexts: (string | null)[];
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
  const { sheet, header } = pickSheet(wb, opts.sheetName, headerRow);

  const auto = mapColumns(header.columns, header.unitHint);
  const mapping = opts.mapping ? applyMapping(auto, header.columns, opts.mapping) : auto;
  const parsed = parseRows(sheet, header, mapping, { date1904: wb.date1904 });
  if (parsed.rows.length === 0) {
    refuse('NO_DATA', `工作表“${sheet.name}”的表头（第 ${header.headerRows.map((r) => r + 1).join('、')} 行）下面没有数据行`);
  }

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

  const parse: ImportParse = {
    fileName,
    sha256,
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
    notices: notices(mapping, header.unitHint, sheet.columnsTruncated),
  };
  return { parse, originTexts: parsed.originTexts };
}

/** Resolve origins with the caller's resolver, then count. */
export function finishParse(u: UnresolvedParse, resolveCounty: CountyResolver): ImportParse {
  const { parse } = u;
  resolveOrigins(parse.rows, u.originTexts, resolveCounty);
  parse.totals = computeTotals(parse.rows);
  if (parse.declaredTotalFen !== null && parse.declaredTotalFen !== parse.totals.totalFen && parse.totals.errorRows === 0) {
    parse.notices.push(
      `表中合计行写的是 ${formatFen(parse.declaredTotalFen)} 元，逐行相加是 ${formatFen(parse.totals.totalFen)} 元，请与填报单位核对`,
    );
  }
  return parse;
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

function notices(mapping: ColumnMapping, unitHint: string | null, columnsTruncated: boolean): string[] {
  const out: string[] = [];
  const amount = mapping.find((m) => m.field === 'amountFen');
  if (amount?.unit === '万元') {
    out.push(unitHint === '万元' && !/万/.test(amount.header) ? '标题行注明“单位：万元”，金额按万元读取' : `金额列“${amount.header}”按万元读取`);
  }
  const missing = REQUIRED.filter((f) => !mapping.some((m) => m.field === f));
  if (missing.length) out.push(`没有找到这些列：${missing.map((f) => FIELD_BY_KEY[f].label).join('、')}（可手动指定对应的列）`);
  const unknown = mapping.filter((m) => !m.field && !m.ignored);
  if (unknown.length) out.push(`未识别、不导入的列：${unknown.map((m) => `${columnLetter(m.column)} 列“${m.header}”`).join('、')}`);
  if (columnsTruncated) out.push(`第 ${IMPORT_LIMITS.maxColumns} 列以后的内容已忽略`);
  return out;
}
