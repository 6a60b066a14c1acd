/**
 * Prepared statements, cached per connection by their SQL text. Preparing costs more than
 * running a one-page query, so the grid's reads and the write path reuse them.
 */
import type { CompiledQuery } from 'kysely';
import type { Db } from './connection';
import type { LedgerStatement } from './ledger-db';

export type Statement = LedgerStatement;

const cache = new WeakMap<Db, Map<string, Statement>>();
/** Distinct query shapes the grid makes are few; this bounds a pathological caller. */
const MAX_PER_DB = 500;

export function prepared(db: Db, sql: string): Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  let stmt = statements.get(sql);
  if (!stmt) {
    if (statements.size >= MAX_PER_DB) statements.clear();
    statements.set(sql, (stmt = db.prepare(sql)));
  }
  return stmt;
}

/** Runs a compiled kysely SELECT on a cached statement. */
export function selectAll<T>(db: Db, query: CompiledQuery<T>): T[] {
  // the values as one list, never spread: a query whose one value is a PostgreSQL array
  // (`= ANY(…)`) would otherwise have that array taken for the list of values
  return prepared(db, query.sql).all(query.parameters as unknown[]) as T[];
}
