/**
 * The record's fields: Chinese label, kind, and the one parser used by the grid, the core's
 * write path, the CLI and import. A value a field cannot take is refused with a Chinese
 * message; nothing is silently dropped or rounded.
 */
import type { RecordField, RecordValues } from './domain/record';
import { CATEGORIES, CHANNELS, PURCHASER_TYPES, RECORD_KINDS } from './domain/reference';
import { amountBoundProblem, misplacedCommaMessage, parseAmountToFen, parseScaledDecimal, withoutThousands, type ParseResult } from './money';
import { parseDate } from './dates';
import { normalizeInvoiceCell } from './invoice';
import { cleanText, toHalfWidth } from './text';

export type FieldKind = 'date' | 'text' | 'enum' | 'county' | 'money' | 'decimal' | 'integer' | 'code';

export interface FieldDef {
  key: RecordField;
  label: string;
  kind: FieldKind;
  /** allowed values for 'enum' */
  options?: readonly string[];
  /** longest text accepted */
  maxLength?: number;
  width: number;
}

export const RECORD_FIELDS: readonly FieldDef[] = [
  { key: 'date', label: '日期', kind: 'date', width: 110 },
  { key: 'purchaserName', label: '购买主体', kind: 'text', maxLength: 100, width: 200 },
  { key: 'creditCode', label: '统一社会信用代码', kind: 'code', maxLength: 18, width: 200 },
  { key: 'purchaserType', label: '主体类型', kind: 'enum', options: PURCHASER_TYPES, width: 110 },
  { key: 'productName', label: '产品名称', kind: 'text', maxLength: 100, width: 160 },
  { key: 'category', label: '产品类别', kind: 'enum', options: CATEGORIES, width: 100 },
  { key: 'originCode', label: '产地（县）', kind: 'county', width: 170 },
  { key: 'supplierName', label: '供应商', kind: 'text', maxLength: 100, width: 180 },
  { key: 'quantity', label: '数量', kind: 'decimal', width: 90 },
  { key: 'unit', label: '单位', kind: 'text', maxLength: 10, width: 70 },
  { key: 'unitPrice', label: '单价（元）', kind: 'decimal', width: 100 },
  { key: 'amountFen', label: '金额（元）', kind: 'money', width: 130 },
  { key: 'channel', label: '销售渠道', kind: 'enum', options: CHANNELS, width: 130 },
  { key: 'invoiceNo', label: '发票号码', kind: 'code', maxLength: 200, width: 190 },
  { key: 'households', label: '带动户数', kind: 'integer', width: 90 },
  { key: 'kind', label: '类型', kind: 'enum', options: RECORD_KINDS, width: 70 },
  { key: 'personTimes', label: '服务人次', kind: 'integer', width: 90 },
  { key: 'orderNo', label: '订单号', kind: 'code', maxLength: 64, width: 150 },
  { key: 'remark', label: '备注', kind: 'text', maxLength: 500, width: 200 },
];

export const FIELD_BY_KEY: Readonly<Record<RecordField, FieldDef>> = Object.fromEntries(
  RECORD_FIELDS.map((f) => [f.key, f]),
) as Record<RecordField, FieldDef>;

export function emptyRecordValues(): RecordValues {
  return Object.fromEntries(RECORD_FIELDS.map((f) => [f.key, null])) as unknown as RecordValues;
}

/** Resolves a county name at any depth or a 6-digit code; supplied by whoever holds the region table. */
export type CountyResolver = (text: string) => { code: string } | { error: string };

export interface FieldParseContext {
  resolveCounty: CountyResolver;
}

type Value = string | number | null;

/**
 * Parse what a person typed (or an import cell held) into the stored value.
 * Empty input clears the field (checks report required fields that are empty).
 */
export function parseFieldValue(field: FieldDef, raw: unknown, ctx: FieldParseContext): ParseResult<Value> {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'number' && !Number.isFinite(raw)) return { ok: false, message: `${field.label}不是有效数值` };
  const text = typeof raw === 'number' ? String(raw) : cleanText(String(raw));
  if (text === '') return { ok: true, value: null };
  switch (field.kind) {
    case 'date':
      return parseDate(typeof raw === 'number' ? raw : text);
    case 'money':
      return parseAmountToFen(typeof raw === 'number' ? raw : text);
    case 'decimal':
      return parseDecimal(field, typeof raw === 'number' ? raw : text);
    case 'integer': {
      const t = withoutThousands(toHalfWidth(text).replace(/\s/g, '').replace(/户$|人次$|人$/, ''));
      if (t === null) return { ok: false, message: misplacedCommaMessage(`${field.label}“${text}”`) };
      if (!/^\d+$/.test(t)) return { ok: false, message: `${field.label}应为不小于 0 的整数，“${text}”不是` };
      const n = Number(t);
      if (!Number.isSafeInteger(n)) return { ok: false, message: `${field.label}“${text}”过大` };
      return { ok: true, value: n };
    }
    case 'enum': {
      const options = field.options ?? [];
      const hit = options.find((o) => o === text) ?? options.find((o) => o.replace(/\//g, '') === text.replace(/[/、]/g, ''));
      if (hit) return { ok: true, value: hit };
      return { ok: false, message: `${field.label}只能是：${options.join('、')}；“${text}”不在其中` };
    }
    case 'county': {
      const r = ctx.resolveCounty(text);
      return 'code' in r ? { ok: true, value: r.code } : { ok: false, message: r.error };
    }
    case 'code': {
      // a credit code or order number in groups is one code; an invoice cell may hold several (invoice.ts)
      const t = field.key === 'invoiceNo' ? normalizeInvoiceCell(text) : toHalfWidth(text).replace(/\s+/g, '').toUpperCase();
      if (field.maxLength && t.length > field.maxLength) {
        return { ok: false, message: `${field.label}最长 ${field.maxLength} 个字符，“${text}”有 ${t.length} 个` };
      }
      return { ok: true, value: t };
    }
    case 'text': {
      if (field.maxLength && text.length > field.maxLength) {
        return { ok: false, message: `${field.label}最长 ${field.maxLength} 个字，现有 ${text.length} 个` };
      }
      return { ok: true, value: text };
    }
  }
}

function parseDecimal(field: FieldDef, raw: string | number): ParseResult<number> {
  const written = typeof raw === 'number' ? String(raw) : toHalfWidth(raw).replace(/[\s¥￥]/g, '').replace(/元$/, '');
  const text = withoutThousands(written);
  if (text === null) return { ok: false, message: misplacedCommaMessage(`${field.label}“${raw}”`) };
  if (typeof raw === 'number') {
    if (raw < 0) return { ok: false, message: `${field.label}不能为负数` };
    return { ok: true, value: raw };
  }
  // Up to 4 decimals, kept exactly (0.0001 is representable well within double precision here).
  const scaled = parseScaledDecimal(text, 4);
  if (scaled === null) {
    if (/^[+-]?\d+\.\d+$/.test(text)) return { ok: false, message: `${field.label}最多保留 4 位小数，“${raw}”不能不经舍入保存` };
    return { ok: false, message: `${field.label}应为数字，“${raw}”不是` };
  }
  if (scaled < 0n) return { ok: false, message: `${field.label}不能为负数` };
  return { ok: true, value: Number(text) };
}

/** Parse a partial set of raw inputs; returns the values and the per-field messages. */
export function parseRecordInput(
  input: Partial<Record<RecordField, unknown>>,
  ctx: FieldParseContext,
): { values: Partial<RecordValues>; errors: Partial<Record<RecordField, string>> } {
  const values: Partial<Record<RecordField, Value>> = {};
  const errors: Partial<Record<RecordField, string>> = {};
  for (const [key, raw] of Object.entries(input)) {
    const field = FIELD_BY_KEY[key as RecordField];
    if (!field) continue;
    const r = parseFieldValue(field, raw, ctx);
    if (r.ok) values[field.key] = r.value;
    else errors[field.key] = r.message;
  }
  return { values: values as Partial<RecordValues>, errors };
}

/**
 * Check an already-typed value (what the API carries and the database stores). The core runs
 * this on every write, whatever door the value came through. Returns a Chinese message or null.
 */
export function storedValueProblem(field: FieldDef, value: unknown, ctx: { isCounty(code: string): boolean }): string | null {
  if (value === null || value === undefined) return null;
  const label = field.label;
  switch (field.kind) {
    case 'date':
      return typeof value === 'string' && parseDate(value).ok && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? null
        : `${label}应为 YYYY-MM-DD 格式的真实日期`;
    case 'money':
      if (!Number.isSafeInteger(value)) return `${label}应以分为单位的整数保存`;
      return amountBoundProblem(value as number) && `${label}${amountBoundProblem(value as number)}`;
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : `${label}应为不小于 0 的数字`;
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? null : `${label}应为不小于 0 的整数`;
    case 'enum':
      return typeof value === 'string' && (field.options ?? []).includes(value)
        ? null
        : `${label}只能是：${(field.options ?? []).join('、')}`;
    case 'county':
      return typeof value === 'string' && ctx.isCounty(value) ? null : `${label}“${String(value)}”不是有效的县级行政区划代码`;
    case 'code':
    case 'text':
      if (typeof value !== 'string') return `${label}应为文字`;
      if (field.maxLength && value.length > field.maxLength) return `${label}最长 ${field.maxLength} 个字符`;
      return null;
  }
}
