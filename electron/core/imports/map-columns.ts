/**
 * Header text → record field, with a confidence the preview shows and the user can correct.
 * Order of evidence: an exact synonym; a synonym after a generic tail (“供货企业名称” → 供货企业);
 * the longest synonym the header ends with (Chinese puts the head noun last: “产品产地” is an
 * origin, “供应商联系电话” a phone number); the longest synonym it contains; a near miss by
 * edit distance (typos such as “统一社会信用代玛”). Each field goes to one column; the mapping
 * is remembered per source by a signature of the normalised headers.
 */
import { createHash } from 'node:crypto';
import type { RecordField } from '../../../shared/domain/record';
import { RECORD_FIELDS } from '../../../shared/record-fields';
import { FIELD_SYNONYMS, SYNONYM_INDEX, SYNONYM_KEYS_BY_LENGTH } from './header-synonyms';
import { normalizeHeader } from './normalize-header';
import type { AmountUnit, ColumnMapping, ColumnMappingEntry } from './types';

export interface HeaderMatch {
  field: RecordField | null;
  confidence: number;
  /** Recognised as a column we do not import. */
  ignored: boolean;
}

/** A column as the header detector sees it. */
export interface HeaderColumn {
  column: number;
  /** What the unit wrote ('采购单位/统一社会信用代码' for a two-row header). */
  header: string;
  /** Group text and sub text of a two-row header; one element for a single row. */
  parts: string[];
}

/** Confidence below this leaves the column unmapped (the user can still map it). */
export const MIN_CONFIDENCE = 0.6;

const NONE: HeaderMatch = { field: null, confidence: 0, ignored: false };
const GENERIC_TAILS = ['名称', '全称', '名字', '名'];
const SUPPLIER_WORDS = new Set(
  [...FIELD_SYNONYMS.supplierName].map((s) => normalizeHeader(typeof s === 'string' ? s : s[0]).key),
);
/** “X单位” is an organisation (填报单位, 使用单位) unless X is a measure word. */
const MEASURE_PREFIX = /^(计量|数量|计价|规格|重量|包装|价格|金额|产品|商品|货物)$/;

const matchCache = new Map<string, HeaderMatch>();

/** Match one normalised header key. */
export function matchKey(key: string): HeaderMatch {
  if (!key) return NONE;
  const cached = matchCache.get(key);
  if (cached) return cached;
  const result = computeMatch(key);
  if (matchCache.size < 20_000) matchCache.set(key, result);
  return result;
}

export function matchHeader(text: string): HeaderMatch {
  return matchKey(normalizeHeader(text).key);
}

function hit(field: RecordField | null, confidence: number): HeaderMatch {
  return { field, confidence: Math.round(confidence * 100) / 100, ignored: field === null };
}

function computeMatch(key: string): HeaderMatch {
  const exact = SYNONYM_INDEX.get(key);
  if (exact) return hit(exact.field, exact.weight);

  for (const tail of GENERIC_TAILS) {
    if (key.length > tail.length + 1 && key.endsWith(tail)) {
      const head = SYNONYM_INDEX.get(key.slice(0, -tail.length));
      if (head && (head.field === 'purchaserName' || head.field === 'supplierName' || head.field === 'productName')) {
        return hit(head.field, 0.95 * head.weight);
      }
    }
  }

  // Head noun last: the longest synonym the header ends with.
  for (const syn of SYNONYM_KEYS_BY_LENGTH) {
    if (syn.length < 2 || syn.length >= key.length || !key.endsWith(syn)) continue;
    const s = SYNONYM_INDEX.get(syn)!;
    const prefix = key.slice(0, -syn.length);
    // A supplier's code, type or phone is not the purchaser's.
    if (isSupplierPrefix(prefix) && s.field !== 'supplierName' && s.field !== 'originCode') return hit(null, 0.8);
    if (syn === '单位' && !MEASURE_PREFIX.test(prefix)) return hit('purchaserName', 0.7);
    return hit(s.field, 0.85 * s.weight);
  }

  // Anywhere inside, longest first; shorter evidence, lower confidence.
  for (const syn of SYNONYM_KEYS_BY_LENGTH) {
    if (syn.length < 2 || syn.length >= key.length || !key.includes(syn)) continue;
    const s = SYNONYM_INDEX.get(syn)!;
    const share = syn.length / key.length;
    return hit(s.field, (0.6 + 0.2 * share) * s.weight);
  }

  // Typos: one edit on 4+ characters, two on 7+.
  let best: HeaderMatch = NONE;
  if (key.length >= 4 && key.length <= 24) {
    for (const syn of SYNONYM_KEYS_BY_LENGTH) {
      if (syn.length < 4 || Math.abs(syn.length - key.length) > 2) continue;
      const maxEdits = Math.min(key.length, syn.length) >= 7 ? 2 : 1;
      const d = editDistance(key, syn, maxEdits);
      if (d > maxEdits) continue;
      const s = SYNONYM_INDEX.get(syn)!;
      const conf = (d === 1 ? 0.75 : 0.65) * s.weight;
      if (conf > best.confidence) best = hit(s.field, conf);
    }
  }
  return best;
}

function isSupplierPrefix(prefix: string): boolean {
  if (!prefix) return false;
  if (SUPPLIER_WORDS.has(prefix)) return true;
  return /^(供应商|供货|销售方|销方|卖方|生产企业|帮扶企业|扶贫企业|商家|企业)/.test(prefix);
}

/** Levenshtein distance, giving up early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Match a column of a one- or two-row header: the joined text first, then the sub, then the group. */
export function matchColumn(parts: string[]): HeaderMatch & { unit?: AmountUnit } {
  const norms = parts.map((p) => normalizeHeader(p));
  const unit = norms.find((n) => n.unit)?.unit;
  const keys = norms.map((n) => n.key).filter(Boolean);
  const withUnit = (m: HeaderMatch): HeaderMatch & { unit?: AmountUnit } => (unit ? { ...m, unit } : m);
  if (keys.length <= 1) return withUnit(matchKey(keys[0] ?? ''));
  const [group, sub] = [keys[0], keys[keys.length - 1]];
  const joined = matchKey(group === sub ? sub : group + sub);
  if (joined.confidence >= 0.95 || joined.ignored) return withUnit(joined);
  const subOnly = matchKey(sub);
  if (subOnly.confidence >= MIN_CONFIDENCE && subOnly.confidence >= joined.confidence) return withUnit(subOnly);
  if (joined.confidence >= MIN_CONFIDENCE) return withUnit(joined);
  const groupOnly = matchKey(group);
  return withUnit({ ...groupOnly, confidence: Math.round(groupOnly.confidence * 90) / 100 });
}

/**
 * Columns → mapping. `unitHint` is the amount unit a title row states (单位：万元) for an amount
 * column whose header says none.
 */
export function mapColumns(columns: HeaderColumn[], unitHint: AmountUnit | null = null): ColumnMapping {
  const entries: ColumnMappingEntry[] = columns.map((col) => {
    const m = matchColumn(col.parts);
    const mapped = m.field !== null && m.confidence >= MIN_CONFIDENCE;
    const entry: ColumnMappingEntry = {
      column: col.column,
      header: col.header,
      field: mapped ? m.field : null,
      confidence: m.field === null || mapped ? m.confidence : 0,
    };
    if (m.ignored) entry.ignored = true;
    if (mapped && m.field === 'amountFen') entry.unit = m.unit ?? unitHint ?? '元';
    return entry;
  });
  // One column per field: the most confident wins, the leftmost on a tie.
  const winner = new Map<RecordField, ColumnMappingEntry>();
  for (const e of entries) {
    if (!e.field) continue;
    const w = winner.get(e.field);
    if (!w || e.confidence > w.confidence) winner.set(e.field, e);
  }
  for (const e of entries) {
    if (e.field && winner.get(e.field) !== e) {
      e.field = null;
      delete e.unit;
    }
  }
  return entries;
}

/**
 * A stable key for “the same layout as last month”: column positions, normalised headers and
 * the unit a header or title row states (a unit switching from 元 to 万元 must not reuse last
 * month's mapping).
 */
export function headerSignature(columns: { column: number; parts?: string[]; header: string }[], titleUnit: AmountUnit | null = null): string {
  const text = columns
    .map((c) => {
      const parts = (c.parts ?? [c.header]).map((p) => {
        const n = normalizeHeader(p);
        return n.unit ? `${n.key}|${n.unit}` : n.key;
      });
      return `${c.column}:${parts.join('/')}`;
    })
    .concat(titleUnit ? [`title-unit:${titleUnit}`] : [])
    .join('\n');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const FIELD_KEYS = new Set<string>(RECORD_FIELDS.map((f) => f.key));

/** Is this string one of the record's field names (and not, say, 'constructor')? */
export function isRecordField(value: unknown): value is RecordField {
  return typeof value === 'string' && FIELD_KEYS.has(value);
}
