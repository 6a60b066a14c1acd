/**
 * The grid's filters and sort, turned into SQL. Only whitelisted columns reach the SQL text;
 * every value is a bound parameter.
 */
import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { ColumnFilter, RecordQuery, SortSpec } from '../../../shared/api';
import type { RecordField } from '../../../shared/domain/record';
import { monthRange } from '../../../shared/dates';
import type { LedgerSchema } from '../db/schema';
import type { Db } from '../db/connection';
import { likeOperator, orderTerm } from '../db/dialect-sql';
import { FIELD_BY_KEY } from '../../../shared/record-fields';
import { PICK_LIST_INDEXES } from '../db/migrations/004-pick-list-indexes';
import { SORT_BY_CHECK_INDEX } from '../db/migrations/008-sort-by-check-indexes';
import { FIELD_COLUMNS, SORT_COLUMNS } from './columns';
import { SORT_KEY_TABLE, SORT_KEYS } from './sort-keys';
import type { OrderTerm } from './anchors';

type Eb = ExpressionBuilder<LedgerSchema, 'records'>;
type Col = (typeof FIELD_COLUMNS)[RecordField];

export interface QueryHelpers {
  /** county codes whose name contains the text (so '勐海' filters the origin column) */
  countyCodesMatching(text: string): string[];
}

function likePattern(text: string, mode: 'contains' | 'startsWith' | 'endsWith'): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  if (mode === 'startsWith') return `${escaped}%`;
  if (mode === 'endsWith') return `%${escaped}`;
  return `%${escaped}%`;
}

function likeSql(db: Db | undefined, column: Col, pattern: string) {
  return sql<SqlBool>`${sql.ref(column)} ${sql.raw(db ? likeOperator(db) : 'LIKE')} ${pattern} ESCAPE '\\'`;
}

/** A condition no row meets, on both backends (PostgreSQL will not read a bare 0 as false). */
const NOTHING = sql<SqlBool>`1 = 0`;

function textFilter(eb: Eb, field: RecordField, f: Extract<ColumnFilter, { type: 'text' }>, helpers: QueryHelpers, db: Db | undefined): Expression<SqlBool> {
  const column = FIELD_COLUMNS[field];
  const like = (c: Col, pattern: string) => likeSql(db, c, pattern);
  const value = f.value ?? '';
  if (f.op === 'blank') return eb.or([eb(column, 'is', null), eb(column, '=', '' as never)]);
  if (f.op === 'notBlank') return eb.and([eb(column, 'is not', null), eb(column, '!=', '' as never)]);
  if (field === 'originCode' && !/^\d+$/.test(value)) {
    // People filter the origin by name; the column holds codes.
    const codes = helpers.countyCodesMatching(value);
    const hit = codes.length > 0 ? eb(column, 'in', codes as never[]) : NOTHING;
    return f.op === 'notContains' || f.op === 'notEqual' ? eb.or([eb.not(hit), eb(column, 'is', null)]) : hit;
  }
  const closed = FIELD_BY_KEY[field].options;
  if (closed && (f.op === 'contains' || f.op === 'notContains' || f.op === 'startsWith' || f.op === 'endsWith')) {
    // A pick-list column holds only values of its list (the write path refuses others), so
    // “contains 832” is “one of the options containing 832”: an IN the column's index serves,
    // where LIKE '%…%' would read every row.
    const test = f.op === 'startsWith' ? (o: string) => o.startsWith(value) : f.op === 'endsWith' ? (o: string) => o.endsWith(value) : (o: string) => o.includes(value);
    const hits = closed.filter(test);
    const hit = hits.length > 0 ? eb(column, 'in', hits as never[]) : NOTHING;
    return f.op === 'notContains' ? eb.or([eb.not(hit), eb(column, 'is', null)]) : hit;
  }
  switch (f.op) {
    case 'contains':
      return like(column, likePattern(value, 'contains'));
    case 'notContains':
      return eb.or([eb.not(like(column, likePattern(value, 'contains'))), eb(column, 'is', null)]);
    case 'startsWith':
      return like(column, likePattern(value, 'startsWith'));
    case 'endsWith':
      return like(column, likePattern(value, 'endsWith'));
    case 'equals':
      return eb(column, '=', value as never);
    case 'notEqual':
      return eb.or([eb(column, '!=', value as never), eb(column, 'is', null)]);
  }
}

function rangeFilter(
  eb: Eb,
  column: Col,
  f: Extract<ColumnFilter, { type: 'number' | 'date' }>,
): Expression<SqlBool> {
  const v = f.value as never;
  switch (f.op) {
    case 'blank':
      return eb(column, 'is', null);
    case 'notBlank':
      return eb(column, 'is not', null);
    case 'equals':
      return eb(column, '=', v);
    case 'notEqual':
      return eb.or([eb(column, '!=', v), eb(column, 'is', null)]);
    case 'greaterThan':
      return eb(column, '>', v);
    case 'greaterThanOrEqual':
      return eb(column, '>=', v);
    case 'lessThan':
      return eb(column, '<', v);
    case 'lessThanOrEqual':
      return eb(column, '<=', v);
    case 'inRange':
      return eb.and([eb(column, '>=', v), eb(column, '<=', f.valueTo as never)]);
  }
}

/**
 * The WHERE of a record query (filters and period) as one expression. `db` names the dialect
 * (LIKE is ILIKE on PostgreSQL); without it the SQL is SQLite's.
 */
export function recordWhere(eb: Eb, query: RecordQuery, helpers: QueryHelpers, db?: Db): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (query.period) {
    const [from, to] = monthRange(query.period);
    parts.push(eb('date', '>=', from), eb('date', '<', to));
  }
  for (const [field, f] of Object.entries(query.filters ?? {}) as [RecordField, ColumnFilter][]) {
    if (!f) continue;
    const column = FIELD_COLUMNS[field];
    if (f.type === 'text') parts.push(textFilter(eb, field, f, helpers, db));
    else if (f.type === 'set') parts.push(f.values.length ? eb(column, 'in', f.values as never[]) : NOTHING);
    else parts.push(rangeFilter(eb, column, f));
  }
  return eb.and(parts);
}

export function applyRecordQuery<O>(
  q: SelectQueryBuilder<LedgerSchema, 'records', O>,
  query: RecordQuery,
  helpers: QueryHelpers,
  db?: Db,
): SelectQueryBuilder<LedgerSchema, 'records', O> {
  const hasFilter = query.period || Object.values(query.filters ?? {}).some(Boolean);
  return hasFilter ? q.where((eb) => recordWhere(eb, query, helpers, db)) : q;
}

/**
 * Ties under the last sorted column, broken in the order of the index that serves the sort, so
 * SQLite reads a page straight from it: pick-list columns are indexed with the amount (migration
 * 004), three more columns are served by a check's covering index (migration 008). `id` last.
 */
const TIEBREAKS = new Map<string, readonly string[]>([
  ...PICK_LIST_INDEXES.map((i): [string, readonly string[]] => [i.column, ['amount_fen']]),
  ...SORT_BY_CHECK_INDEX.map((i): [string, readonly string[]] => [i.column, i.then]),
]);

/** Name columns sort by their pinyin key (migration 11, records/sort-keys.ts), as Excel and WPS sort Chinese. */
const PINYIN_KEYS = new Map<string, string>(SORT_KEYS.map((k) => [k.field, `${SORT_KEY_TABLE}.${k.key}`]));

function sortsByPinyin(sort: SortSpec): boolean {
  return sort.some((s) => PINYIN_KEYS.has(s.field));
}

/**
 * The query joined with the sort keys when the sort needs them (and only then: a deep page
 * of an unsorted view would otherwise look up a key for every row it skips). The table
 * scope is unchanged for the caller: filters name records' columns, which the key table
 * does not share.
 */
export function withSortKeys<O>(q: SelectQueryBuilder<LedgerSchema, 'records', O>, sort: SortSpec): SelectQueryBuilder<LedgerSchema, 'records', O> {
  if (!sortsByPinyin(sort)) return q;
  return q.innerJoin(SORT_KEY_TABLE, `${SORT_KEY_TABLE}.record_id`, 'records.id') as unknown as SelectQueryBuilder<LedgerSchema, 'records', O>;
}

/**
 * The ORDER BY terms for the given sort (join withSortKeys first); `id` breaks ties so paging is
 * stable. Sorted by a name's key, ties go by the key table's record_id, so one index (key,
 * record_id) serves the page.
 */
export function orderTerms(sort: SortSpec): OrderTerm[] {
  const columns: string[] = sort.map((s) => PINYIN_KEYS.get(s.field) ?? SORT_COLUMNS[s.field]);
  const terms: OrderTerm[] = columns.map((expr, i) => ({ expr, dir: sort[i].dir === 'desc' ? 'DESC' : 'ASC' }));
  const dir = sort.length && sort[sort.length - 1].dir === 'desc' ? 'DESC' : 'ASC';
  const last = sort.length ? columns[columns.length - 1] : null;
  for (const column of (last && TIEBREAKS.get(last)) || []) if (!columns.includes(column)) terms.push({ expr: column, dir });
  const id = sortsByPinyin(sort) ? `${SORT_KEY_TABLE}.record_id` : 'id';
  if (!columns.includes('id')) terms.push({ expr: id, dir });
  return terms;
}

/** The ORDER BY expressions that never hold NULL: PostgreSQL's index on them has no NULLS order. */
const NOT_NULL = new Set(['id', 'created_at', 'updated_at', `${SORT_KEY_TABLE}.record_id`]);

/**
 * ORDER BY text for the given sort (orderTerms). On PostgreSQL (`db`) NULLs go where SQLite puts
 * them (first ascending), so pages, keyset seeks and a file's order agree; without `db` the SQL
 * is SQLite's.
 */
export function orderBySql(sort: SortSpec, db?: Db) {
  return sql.raw(
    orderTerms(sort)
      .map((t) => (db ? orderTerm(db, t.expr, t.dir === 'DESC' ? 'desc' : 'asc', !NOT_NULL.has(t.expr)) : `${t.expr} ${t.dir}`))
      .join(', '),
  );
}
