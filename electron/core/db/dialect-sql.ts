/**
 * The few SQL spellings that differ between a ledger file and a PostgreSQL ledger, as small
 * functions of the connection, so a query reads the same on both and names each difference
 * where it is. Add a spelling here (not a private copy in a domain) when a query needs one.
 */
import { isPostgres, type Db } from './connection';

/**
 * SQLite's LIKE folds ASCII case; on PostgreSQL (text columns COLLATE "C") ILIKE does exactly
 * that and no more (db/pg/baseline-ddl.ts). `ESCAPE '\'` works with both.
 */
export function likeOperator(db: Db): 'LIKE' | 'ILIKE' {
  return isPostgres(db) ? 'ILIKE' : 'LIKE';
}

/** The position of `needle` in `haystack` (1-based, 0 when absent): instr / strpos. */
export function positionOf(db: Db, haystack: string, needle: string): string {
  return isPostgres(db) ? `strpos(${haystack}, ${needle})` : `instr(${haystack}, ${needle})`;
}

/**
 * An ORDER BY term that puts NULLs where SQLite puts them (first ascending, last descending).
 * Only for columns that can hold NULL: on a NOT NULL column (id) the clause stops PostgreSQL
 * from using its index (db/pg/baseline-ddl.ts builds nullable indexes NULLS FIRST to match).
 */
export function orderTerm(db: Db, expr: string, dir: 'asc' | 'desc', nullable = true): string {
  const d = dir === 'desc' ? 'DESC' : 'ASC';
  if (!isPostgres(db) || !nullable) return `${expr} ${d}`;
  return `${expr} ${d} ${dir === 'desc' ? 'NULLS LAST' : 'NULLS FIRST'}`;
}

/** A boolean condition as the 0/1 number SQLite gives (PostgreSQL returns true/false). */
export function asFlag(db: Db, condition: string): string {
  return isPostgres(db) ? `(${condition})::int` : `(${condition})`;
}

/** SQLite's group_concat(x, sep) / PostgreSQL's string_agg(x::text, sep). */
export function joinedText(db: Db, expr: string, separator: string): string {
  return isPostgres(db) ? `string_agg((${expr})::text, ${separator})` : `group_concat(${expr}, ${separator})`;
}

/**
 * A non-negative integer count of hundredths as a decimal text with two places (12345 → 123.45,
 * with `thousands`: 1,234,567 → 12,345.67): SQLite's printf('%,d.%02d'), PostgreSQL's to_char.
 */
export function hundredthsText(db: Db, expr: string, thousands: boolean): string {
  if (!isPostgres(db)) return `printf('${thousands ? '%,d' : '%d'}.%02d', ${expr} / 100, ${expr} % 100)`;
  // to_char's ',' is a literal comma (not the server's locale); 18 digits hold any bigint / 100
  const whole = thousands ? `to_char(${expr} / 100, 'FM999,999,999,999,999,990')` : `(${expr} / 100)::text`;
  return `(${whole} || '.' || lpad((${expr} % 100)::text, 2, '0'))`;
}

/**
 * The elements of a JSON array parameter as rows `alias(key, value)`, key 0-based: SQLite's
 * json_each. `arrays`: each element is an array, read with `alias.value ->> n` on both (text on
 * PostgreSQL: cast numbers). `scalars`: value is the element itself (text on PostgreSQL).
 */
export function jsonArrayRows(db: Db, param: string, alias: string, elements: 'arrays' | 'scalars'): string {
  if (!isPostgres(db)) return `json_each(${param}) ${alias}`;
  const fn = elements === 'arrays' ? 'jsonb_array_elements' : 'jsonb_array_elements_text';
  return `(SELECT e.value, e.ord - 1 AS key FROM ${fn}((${param})::jsonb) WITH ORDINALITY AS e(value, ord)) ${alias}`;
}

/** `a IS NOT b` for values that are not booleans: PostgreSQL spells it IS DISTINCT FROM. */
export function isDistinct(db: Db, a: string, b: string): string {
  return isPostgres(db) ? `${a} IS DISTINCT FROM ${b}` : `${a} IS NOT ${b}`;
}

/** `a IS b` for values that are not booleans (NULL equal to NULL): IS NOT DISTINCT FROM. */
export function isSame(db: Db, a: string, b: string): string {
  return isPostgres(db) ? `${a} IS NOT DISTINCT FROM ${b}` : `${a} IS ${b}`;
}

/** A constant false condition where SQLite writes 0 (PostgreSQL will not read 0 as a boolean). */
export function never(db: Db): string {
  return isPostgres(db) ? 'false' : '0';
}

/**
 * `ORDER BY` the GROUP BY columns, NULLS FIRST, on PostgreSQL only: there a GROUP BY walks the
 * NULLS FIRST index (db/pg/baseline-ddl.ts) instead of sorting or hashing the table only when the
 * query asks for that order, which is also SQLite's group order. SQLite walks the index as it is.
 */
export function groupOrder(db: Db, columns: string[]): string {
  return isPostgres(db) ? ` ORDER BY ${columns.map((c) => `${c} NULLS FIRST`).join(', ')}` : '';
}

/** A JSON text's top-level field as text (NULL when absent or the text is not JSON on PostgreSQL). */
export function jsonText(db: Db, expr: string, key: string): string {
  // the CASE keeps PostgreSQL from casting text that is not JSON (the cast would fail the query)
  return isPostgres(db) ? `(CASE WHEN json_valid(${expr}) THEN (${expr})::jsonb ->> '${key}' END)` : `json_extract(${expr}, '$.${key}')`;
}
