/**
 * AG Grid's filter and sort models → the contract's RecordQuery. Amounts are typed in 元 in
 * the filter box and compared in fen in SQL.
 */
import type { ColumnFilter, RecordQuery, SortSpec } from '../../../shared/api';
import type { RecordField } from '../../../shared/domain/record';
import { FIELD_BY_KEY } from '../../../shared/record-fields';

interface AgSimple {
  filterType?: string;
  type?: string;
  filter?: string | number | null;
  filterTo?: number | null;
  dateFrom?: string | null;
  dateTo?: string | null;
}
interface AgCombined {
  filterType?: string;
  operator?: 'AND' | 'OR';
  conditions?: AgSimple[];
}
export type AgFilterModel = Record<string, AgSimple | AgCombined>;

const NUMBER_OPS = new Set(['equals', 'notEqual', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'inRange', 'blank', 'notBlank']);
const TEXT_OPS = new Set(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']);
const DATE_OPS = new Set(['equals', 'notEqual', 'greaterThan', 'lessThan', 'inRange', 'blank', 'notBlank']);

function yuanToFen(v: number): number {
  return Math.round(v * 100);
}

function convert(field: RecordField, f: AgSimple): ColumnFilter | null {
  const op = f.type ?? '';
  if (f.filterType === 'number') {
    if (!NUMBER_OPS.has(op)) return null;
    const scale = FIELD_BY_KEY[field].kind === 'money' ? yuanToFen : (v: number) => v;
    const value = typeof f.filter === 'number' ? scale(f.filter) : undefined;
    const valueTo = typeof f.filterTo === 'number' ? scale(f.filterTo) : undefined;
    if (op !== 'blank' && op !== 'notBlank' && value === undefined) return null;
    return { type: 'number', op: op as never, value, valueTo };
  }
  if (f.filterType === 'date') {
    if (!DATE_OPS.has(op)) return null;
    const value = f.dateFrom ? f.dateFrom.slice(0, 10) : undefined;
    const valueTo = f.dateTo ? f.dateTo.slice(0, 10) : undefined;
    if (op !== 'blank' && op !== 'notBlank' && !value) return null;
    return { type: 'date', op: op as never, value, valueTo };
  }
  if (!TEXT_OPS.has(op)) return null;
  const value = f.filter === null || f.filter === undefined ? undefined : String(f.filter);
  if (op !== 'blank' && op !== 'notBlank' && !value) return null;
  return { type: 'text', op: op as never, value };
}

/** Combined (two-condition) filters keep their first condition: the SQL side takes one per column. */
export function toRecordQuery(model: AgFilterModel | null | undefined, period?: string): RecordQuery {
  const filters: RecordQuery['filters'] = {};
  for (const [key, raw] of Object.entries(model ?? {})) {
    if (!(key in FIELD_BY_KEY)) continue;
    const field = key as RecordField;
    const simple = 'conditions' in raw && raw.conditions?.length ? { ...raw.conditions[0], filterType: raw.filterType ?? raw.conditions[0].filterType } : (raw as AgSimple);
    const f = convert(field, simple);
    if (f) filters[field] = f;
  }
  return period ? { filters, period } : { filters };
}

export function toSortSpec(sortModel: { colId: string; sort: 'asc' | 'desc' | null | undefined }[]): SortSpec {
  return sortModel
    .filter((s) => s.sort && (s.colId in FIELD_BY_KEY || s.colId === 'id'))
    .map((s) => ({ field: s.colId as SortSpec[number]['field'], dir: s.sort as 'asc' | 'desc' }));
}

/** Whether a view shows only part of the ledger (the status bar then says 筛选结果, else 共). */
export function isFiltered(query: RecordQuery): boolean {
  return Object.keys(query.filters).length > 0 || query.period !== undefined;
}
