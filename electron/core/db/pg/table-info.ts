/**
 * PRAGMA table_info for a PostgreSQL ledger: the same rows, in the same shape and with SQLite's
 * type names, so code that reads a table's columns (the write path's type checks, its column
 * order for the audit digests) takes them from either backend without a branch of its own.
 * Two differences by nature, both harmless to that code: a primary key column reports
 * notnull 1 (SQLite says 0 for a rowid key, which cannot hold NULL either), and a column
 * declared `DEFAULT NULL` reports no default (PostgreSQL does not store one; the value a row
 * gets is NULL either way).
 */
import type { LedgerDb } from '../ledger-db';

export interface TableInfoRow {
  cid: number;
  name: string;
  type: string;
  notnull: 0 | 1;
  dflt_value: string | null;
  /** 1-based position in the primary key, 0 when not part of it */
  pk: number;
}

/** The baseline's PostgreSQL types under the names SQLite's schema gives them (baseline-ddl.ts). */
const SQLITE_TYPE: Record<string, string> = { bigint: 'INTEGER', 'double precision': 'REAL', text: 'TEXT', bytea: 'BLOB', integer: 'INTEGER' };

/** Columns of `table` in the connection's current schema; [] when there is no such table (as SQLite). */
export function postgresTableInfo(db: LedgerDb, table: string): TableInfoRow[] {
  const rows = db
    .prepare(
      `SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type, a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS dflt_value,
              coalesce(array_position(k.conkey, a.attnum), 0) AS pk
         FROM pg_attribute a
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         LEFT JOIN pg_constraint k ON k.conrelid = a.attrelid AND k.contype = 'p'
        WHERE a.attrelid = (SELECT c.oid FROM pg_class c WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace)
          AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum`,
    )
    .all(table) as { name: string; type: string; notnull: boolean; dflt_value: string | null; pk: number }[];
  return rows.map((r, cid) => ({ cid, name: r.name, type: SQLITE_TYPE[r.type] ?? r.type, notnull: r.notnull ? 1 : 0, dflt_value: r.dflt_value, pk: r.pk }));
}
