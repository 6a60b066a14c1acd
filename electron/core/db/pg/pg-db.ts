/**
 * A PostgreSQL ledger connection with better-sqlite3's shape (db/ledger-db.ts), so the core's
 * synchronous code runs on it unchanged: statements are prepared by their text, placeholders
 * renumbered (db/pg/placeholders.ts), transactions are function wrappers with savepoints when
 * nested — as better-sqlite3's `db.transaction` behaves.
 */
import { type ArgumentTypes, type LedgerDb, type LedgerStatement, POSTGRES, type RunResult } from '../ledger-db';
import { numberedPlaceholders, orderedValues } from './placeholders';
import type { PgSyncClient } from './sync-client';

export class PgDb implements LedgerDb {
  readonly [POSTGRES] = true;
  /** open transactions and savepoints, outermost first */
  private depth = 0;
  /** a transaction begun by a BEGIN statement of the caller's (db/write-path.ts writeWhen) */
  openedByStatement = false;
  /** rows changed by statements run on this connection (SQLite's total_changes()) */
  totalChanges = 0;

  constructor(readonly client: PgSyncClient) {}

  prepare(sql: string): LedgerStatement {
    return new PgStatement(this, sql);
  }

  exec(sql: string): this {
    // No parameters: node-postgres sends it as a simple query, which may hold several statements.
    this.client.query(sql);
    return this;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-sqlite3's own bound
  transaction<F extends (...args: any[]) => unknown>(fn: F): (...args: ArgumentTypes<F>) => ReturnType<F> {
    const run = (...args: ArgumentTypes<F>): ReturnType<F> => {
      const level = this.depth;
      const savepoint = `sp_${level}`;
      this.client.query(level === 0 ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
      this.depth++;
      try {
        const result = fn(...args) as ReturnType<F>;
        if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
        this.client.query(level === 0 ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (err) {
        this.client.query(level === 0 ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
        throw err;
      } finally {
        this.depth--;
      }
    };
    return run;
  }

  get inTransaction(): boolean {
    return this.depth > 0 || this.openedByStatement;
  }

  close(): void {
    this.client.close();
  }
}

/**
 * better-sqlite3's calling convention: values, or one array of them, or one object of named
 * values. (So a PostgreSQL array parameter is passed inside an array: `.all([ids])`.)
 */
function bindArgs(args: unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
}

class PgStatement implements LedgerStatement {
  private mode: 'object' | 'pluck' | 'raw' = 'object';

  private readonly client: PgSyncClient;
  /** BEGIN, COMMIT or ROLLBACK run as a statement: PgDb.inTransaction follows it */
  private readonly txControl: 'begin' | 'end' | null;
  /** changes rows (counted in PgDb.totalChanges, as SQLite's total_changes() counts them) */
  private readonly writes: boolean;

  constructor(
    private readonly db: PgDb,
    private readonly source: string,
  ) {
    this.client = db.client;
    const keyword = /^\s*(BEGIN|START|COMMIT|END|ROLLBACK)\b(?!\s+TO)/i.exec(source)?.[1].toUpperCase();
    this.txControl = keyword === 'BEGIN' || keyword === 'START' ? 'begin' : keyword ? 'end' : null;
    this.writes = /^\s*(INSERT|UPDATE|DELETE)\b/i.test(source);
  }

  pluck(toggle = true): this {
    this.mode = toggle ? 'pluck' : 'object';
    return this;
  }

  raw(toggle = true): this {
    this.mode = toggle ? 'raw' : 'object';
    return this;
  }

  get(...params: unknown[]): unknown {
    return this.all(...params)[0];
  }

  all(...params: unknown[]): unknown[] {
    const p = numberedPlaceholders(this.source);
    const values = orderedValues(p, bindArgs(params));
    if (this.mode === 'object') return this.client.query(p.sql, values).rows;
    const rows = this.client.queryArrays(p.sql, values).rows;
    return this.mode === 'pluck' ? rows.map((r) => r[0]) : rows;
  }

  /**
   * Rows of the whole result, handed out one by one. (A server-side cursor would bound memory
   * for the whole-ledger walks; until they move here, results are read whole.)
   */
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.all(...params)[Symbol.iterator]();
  }

  /** `lastInsertRowid` is the first column of the first row an INSERT … RETURNING gives back. */
  run(...params: unknown[]): RunResult {
    const p = numberedPlaceholders(this.source);
    const r = this.client.queryArrays(p.sql, orderedValues(p, bindArgs(params)));
    if (this.txControl) this.db.openedByStatement = this.txControl === 'begin';
    // (a SELECT's rows are not changes: only what INSERT, UPDATE and DELETE touched counts)
    if (this.writes) this.db.totalChanges += r.rowCount;
    const first = r.rows[0]?.[0];
    return { changes: r.rowCount, lastInsertRowid: typeof first === 'number' ? first : 0 };
  }
}
