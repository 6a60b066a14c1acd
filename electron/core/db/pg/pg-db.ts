/**
 * A PostgreSQL ledger connection with better-sqlite3's shape (db/ledger-db.ts), so the core's
 * synchronous code runs on it unchanged: statements are prepared by their text, placeholders
 * renumbered (db/pg/placeholders.ts), transactions are function wrappers with savepoints when
 * nested — as better-sqlite3's `db.transaction` behaves.
 */
import { type ArgumentTypes, type LedgerDb, type LedgerStatement, POSTGRES, type RunResult } from '../ledger-db';
import { copyText } from './copy-text';
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
  /**
   * While a call runs that will queue for the ledger's lock and run again if it finds the lock
   * held (db/wait-for-writer.ts): `totalChanges` when it began. A write that meets the lock
   * while nothing has changed since gives up at once (LEDGER_BUSY) instead of waiting its short
   * wait outside the queue (db/pg/ledger-lock.ts).
   */
  failFastAt: number | null = null;

  constructor(readonly client: PgSyncClient) {}

  prepare(sql: string): LedgerStatement {
    return new PgStatement(this, sql);
  }

  exec(sql: string): this {
    // No parameters: node-postgres sends it as a simple query, which may hold several statements.
    this.client.query(sql);
    return this;
  }

  /**
   * Inserts rows (values in the order of `columns`) with one COPY statement, deferred: the
   * server loads them while this thread goes on, and an error of theirs is thrown by the next
   * statement that is not deferred (PgSyncClient.copyFromDeferred) — inside the same
   * transaction, which then fails. False, having written nothing, when a value is not text, a
   * number or NULL (the caller then INSERTs them).
   */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): boolean {
    const list = Array.isArray(rows) ? (rows as readonly unknown[][]) : [...rows];
    const data = copyText(list);
    if (data === null) return false;
    if (data === '') return true;
    this.client.copyFromDeferred(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, data);
    // (counted as sent: a COPY loads all its rows or fails its transaction)
    this.totalChanges += list.length;
    return true;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-sqlite3's own bound
  transaction<F extends (...args: any[]) => unknown>(fn: F): (...args: ArgumentTypes<F>) => ReturnType<F> {
    const run = (...args: ArgumentTypes<F>): ReturnType<F> => {
      // inside the caller's own BEGIN (openedByStatement) this is a savepoint too, as in better-sqlite3
      const outermost = !this.inTransaction;
      const savepoint = `sp_${this.depth}`;
      this.client.query(outermost ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
      this.depth++;
      try {
        const result = fn(...args) as ReturnType<F>;
        if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
        this.client.query(outermost ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (err) {
        this.client.query(outermost ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
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
    return this.mode === 'pluck' ? this.client.queryColumn(p.sql, values).rows : this.client.queryArrays(p.sql, values).rows;
  }

  /**
   * Rows handed out one by one, read from the server a page at a time through a cursor WITH
   * HOLD: the server keeps the result (spilling to disk as it needs), not this process, so a walk
   * over a million-row table (verify, the checks) holds one page. WITH HOLD lets the cursor live
   * outside a transaction and across other statements on the connection; it is closed when the
   * walk ends or is left (the generator's finally).
   */
  iterate(...params: unknown[]): IterableIterator<unknown> {
    const p = numberedPlaceholders(this.source);
    const values = orderedValues(p, bindArgs(params));
    return walkCursor(this.client, p.sql, values, this.mode);
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

/** Rows per FETCH of an iterate's cursor. */
const CURSOR_PAGE = 2_000;
let cursorCount = 0;

function* walkCursor(client: PgSyncClient, sql: string, values: unknown[], mode: 'object' | 'pluck' | 'raw'): Generator<unknown> {
  const name = `ledger_walk_${++cursorCount}`;
  client.query(`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${sql}`, values);
  try {
    for (;;) {
      const fetch = `FETCH FORWARD ${CURSOR_PAGE} FROM ${name}`;
      const rows = mode === 'object' ? client.query(fetch).rows : mode === 'pluck' ? client.queryColumn(fetch).rows : client.queryArrays(fetch).rows;
      yield* rows;
      if (rows.length < CURSOR_PAGE) return;
    }
  } finally {
    try {
      client.query(`CLOSE ${name}`);
    } catch {
      // the transaction it lived in failed and took it along: the error that did it is the one to report
    }
  }
}
