/**
 * The part of a database connection the core's SQL runs on, the same on both backends:
 * better-sqlite3's Database satisfies it as it is (a ledger file), db/pg/pg-db.ts implements it
 * on a PostgreSQL server. Code written against LedgerDb (not the wider `Db`) runs on either;
 * SQL that differs between them asks `dialectOf(db)`.
 */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface LedgerStatement {
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): RunResult;
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** rows as their first column's value */
  pluck(toggle?: boolean): this;
  /** rows as arrays in column order */
  raw(toggle?: boolean): this;
}

export interface LedgerDb {
  prepare(sql: string): LedgerStatement;
  /** statements without parameters, several at once (DDL) */
  exec(sql: string): unknown;
  /** `fn` wrapped in a transaction (a savepoint when nested): committed on return, rolled back on throw */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-sqlite3's own bound
  transaction<F extends (...args: any[]) => unknown>(fn: F): (...args: ArgumentTypes<F>) => ReturnType<F>;
  close(): unknown;
  /** a transaction is open on this connection */
  readonly inTransaction: boolean;
}

/** better-sqlite3's own spelling of Parameters<F>, so its Database satisfies LedgerDb */
export type ArgumentTypes<F> = F extends (...args: infer A) => unknown ? A : never;

export type Dialect = 'sqlite' | 'postgres';

/** Marks a PostgreSQL connection; a better-sqlite3 Database has no such property. */
export const POSTGRES = Symbol('postgres');

export function dialectOf(db: LedgerDb): Dialect {
  return POSTGRES in db ? 'postgres' : 'sqlite';
}
