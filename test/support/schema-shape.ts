/**
 * A ledger's schema as data, read from the database itself (never from the DDL that made it),
 * on a ledger file and on PostgreSQL in one shape, so the two can be compared with toEqual.
 * Types are compared after SQLite → PostgreSQL mapping; a `DEFAULT NULL` is no default on
 * either side (PostgreSQL does not even store one); constraint indexes (SQLite's
 * sqlite_autoindex_*, PostgreSQL's *_key / *_pkey) are compared as UNIQUE column lists,
 * since only the indexes created by name have names the two share.
 */
import type { Db } from '../../electron/core/db/connection';
import type { LedgerDb } from '../../electron/core/db/ledger-db';

export interface ColumnShape {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  /** 'identity': ids handed out and never reused; 'primary': a key the app gives */
  key: 'identity' | 'primary' | null;
}

export interface TableShape {
  columns: ColumnShape[];
  /** CREATE INDEX'd ones, by name */
  indexes: Record<string, { columns: string[]; unique: boolean; where: string | null }>;
  /** UNIQUE constraints' column lists, sorted */
  uniques: string[];
  /** "from → table(to) on update …/on delete …", sorted */
  foreignKeys: string[];
  /** how many CHECK constraints (their text differs: PostgreSQL rewrites IN as = ANY) */
  checks: number;
}

export const SQLITE_TO_POSTGRES_TYPE: Record<string, string> = { INTEGER: 'bigint', REAL: 'double precision', TEXT: 'text', BLOB: 'bytea' };

const noNull = (d: string | null): string | null => (d === null || /^null$/i.test(d) ? null : d);
/** "(employer_id IS NOT NULL)" and "employer_id IS NOT NULL" alike */
const predicate = (p: string | null): string | null => (p === null ? null : p.replace(/^\((.*)\)$/s, '$1').replace(/\s+/g, ' ').trim());

export function sqliteShape(db: Db): Record<string, TableShape> {
  const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[];
  const out: Record<string, TableShape> = {};
  for (const t of tables) {
    const autoincrement = /AUTOINCREMENT/i.test(t.sql);
    const cols = db.prepare('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid').all(t.name) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    const indexes: TableShape['indexes'] = {};
    const uniques: string[] = [];
    for (const i of db.prepare('SELECT name, "unique", origin FROM pragma_index_list(?)').all(t.name) as { name: string; unique: number; origin: string }[]) {
      const columns = db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(i.name) as string[];
      if (i.origin === 'u') uniques.push(columns.join(', '));
      if (i.origin !== 'c') continue;
      const sql = db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck().get(i.name) as string;
      indexes[i.name] = { columns, unique: i.unique === 1, where: predicate(/\bWHERE\s+(.*)$/is.exec(sql)?.[1] ?? null) };
    }
    const fks = db.prepare('SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(t.name) as { id: number; table: string; from: string; to: string; on_update: string; on_delete: string }[];
    const foreignKeys = [...new Set(fks.map((f) => f.id))].map((id) => {
      const parts = fks.filter((f) => f.id === id);
      return `${parts.map((f) => f.from).join(', ')} → ${parts[0].table}(${parts.map((f) => f.to).join(', ')}) on update ${parts[0].on_update} on delete ${parts[0].on_delete}`;
    });
    out[t.name] = {
      columns: cols.map((c) => ({
        name: c.name,
        type: SQLITE_TO_POSTGRES_TYPE[c.type.toUpperCase()] ?? `unmapped ${c.type}`,
        notNull: c.notnull === 1 || c.pk > 0,
        default: noNull(c.dflt_value),
        key: c.pk > 0 ? (autoincrement ? 'identity' : 'primary') : null,
      })),
      indexes,
      uniques: uniques.sort(),
      foreignKeys: foreignKeys.sort(),
      checks: (t.sql.match(/\bCHECK\s*\(/gi) ?? []).length,
    };
  }
  return out;
}

const ACTION: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** The tables of the connection's current schema, less those named in `except`. */
export function postgresShape(db: LedgerDb, except: readonly string[] = []): Record<string, TableShape> {
  const tables = db.prepare("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").pluck().all() as string[];
  const out: Record<string, TableShape> = {};
  for (const t of tables.filter((n) => !except.includes(n))) {
    const cols = db
      .prepare(
        `SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type, a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS dflt,
                a.attidentity AS identity, EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND a.attnum = ANY (i.indkey)) AS pk
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      )
      .all(t) as { name: string; type: string; notnull: boolean; dflt: string | null; identity: string; pk: boolean }[];
    const idx = db
      .prepare(
        `SELECT c.relname AS name, i.indisunique AS "unique", pg_get_expr(i.indpred, i.indrelid) AS pred,
                EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) AS constraint_index, i.indisprimary AS is_primary,
                (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), ', ' ORDER BY k) FROM generate_series(1, i.indnkeyatts) k) AS columns
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(?)`,
      )
      .all(t) as { name: string; unique: boolean; pred: string | null; constraint_index: boolean; is_primary: boolean; columns: string }[];
    const indexes: TableShape['indexes'] = {};
    // NULLS FIRST is how PostgreSQL spells SQLite's own index order (pg-schema.test.ts holds it)
    const keys = (columns: string) => columns.split(', ').map((c) => c.replace(/ NULLS FIRST$/, ''));
    for (const i of idx.filter((x) => !x.constraint_index)) indexes[i.name] = { columns: keys(i.columns), unique: i.unique, where: predicate(i.pred) };
    const uniques = idx.filter((x) => x.constraint_index && !x.is_primary).map((x) => keys(x.columns).join(', '));
    const fks = db
      .prepare(
        `SELECT (SELECT string_agg(attname, ', ' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n) AS "from",
                p.relname AS "table",
                (SELECT string_agg(attname, ', ' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n) AS "to",
                c.confupdtype AS upd, c.confdeltype AS del
           FROM pg_constraint c JOIN pg_class p ON p.oid = c.confrelid WHERE c.contype = 'f' AND c.conrelid = to_regclass(?)`,
      )
      .all(t) as { from: string; table: string; to: string; upd: string; del: string }[];
    out[t] = {
      columns: cols.map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.notnull,
        default: noNull(c.dflt),
        key: c.identity !== '' ? 'identity' : c.pk ? 'primary' : null,
      })),
      indexes,
      uniques: uniques.sort(),
      foreignKeys: fks.map((f) => `${f.from} → ${f.table}(${f.to}) on update ${ACTION[f.upd]} on delete ${ACTION[f.del]}`).sort(),
      checks: db.prepare("SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = to_regclass(?)").pluck().get(t) as number,
    };
  }
  return out;
}
