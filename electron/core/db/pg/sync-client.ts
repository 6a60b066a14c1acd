/**
 * A synchronous PostgreSQL client for the core.
 *
 * Why synchronous: the core runs in its own worker thread and serves one call at a time; its
 * transactions are plain function calls on better-sqlite3 (db/write-path.ts). Keeping that shape
 * on PostgreSQL keeps one core instead of two (no async rewrite of every handler, no
 * interleaving between awaits inside a transaction). The connection lives on a second thread
 * (db/pg/client-thread.ts); a query is posted to it and the core thread sleeps on a shared flag
 * (Atomics.wait) until the reply is there, then takes it with receiveMessageOnPort. The cost is
 * a thread hop per statement (tens of microseconds, next to a network round trip); bulk paths
 * send many rows per statement.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { withoutPassword } from '../../../../shared/ledger-address';
import { AppError } from '../../../../shared/result';
import { workerScript } from '../../worker-script';
import { GONE, REPLIES, SIGNAL_BYTES, type PgErrorInfo, type PgReply, type PgRequest } from './protocol';

export interface PgResult<Row = Record<string, unknown>> {
  rows: Row[];
  rowCount: number;
  fields: string[];
}

/** A server error, with its SQLSTATE (e.g. '23505' unique_violation, '40P01' deadlock). */
export class PgError extends Error {
  constructor(
    readonly info: PgErrorInfo,
    readonly sql: string,
  ) {
    super(info.message);
    this.name = 'PgError';
  }
  get code(): string {
    return this.info.code;
  }
}

export interface PgSyncClientOptions {
  /** the built client thread (Electron build); the .ts source beside this file under tsx/vitest */
  threadUrl?: string;
  /** shown in pg_stat_activity: who is connected, from which app */
  applicationName?: string;
  /** how long one statement may take before the core gives up on the connection */
  timeoutMs?: number;
  /** how long starting the thread and logging in may take (CONNECT_TIMEOUT_MS) */
  connectTimeoutMs?: number;
}

/** deferred COPYs outstanding at once: each holds its rows (~1.5 MB per 1,000 records) until the server has them */
const MAX_DEFERRED = 4;

/** Starting the connection thread and logging in; node-postgres's own connect timeout is shorter (client-thread.ts). */
const CONNECT_TIMEOUT_MS = 30_000;

export class PgSyncClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly timeoutMs: number;
  private closed = false;
  /**
   * How this connection was opened — the address with its password if one was typed, and the
   * built thread — for a second connection of the same session's own (the audit-chain walk's
   * worker, checks/audit-chain-worker.ts). Never shown, logged or stored.
   */
  get opened(): { url: string; threadUrl?: string } {
    return this.#opened;
  }
  readonly #opened: { url: string; threadUrl?: string };

  constructor(url: string, opts: PgSyncClientOptions = {}) {
    this.#opened = { url, threadUrl: opts.threadUrl };
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(SIGNAL_BYTES);
    const script = workerScript(opts.threadUrl, new URL('./client-thread.ts', import.meta.url));
    this.worker = new Worker(script.url, {
      workerData: { url, port: port2, flag, applicationName: opts.applicationName ?? 'bangfu-ledger' },
      transferList: [port2],
      execArgv: script.execArgv,
    });
    // The core thread never returns to its event loop while a ledger is open: the thread must
    // not keep the process alive on its own once the core is done with it.
    this.worker.unref();
    // A thread that fails (cannot load, crashes) must not take the core's process down with an
    // unhandled 'error': the waiting request notices (timeout, or GONE) and reports it.
    this.worker.on('error', () => undefined);
    this.port = port1;
    this.signal = new Int32Array(flag);
    this.timeoutMs = opts.timeoutMs ?? 10 * 60_000;
    try {
      // The first reply says the thread started and the server answered: a thread that could not
      // even load (or a server that never answers) is given up on within CONNECT_TIMEOUT_MS, not
      // after a statement's ten minutes.
      this.request({ kind: 'query', sql: 'SELECT 1', params: [], rowMode: 'object' }, 'SELECT 1', opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
    } catch (err) {
      this.close();
      throw connectionError(url, err);
    }
  }

  query<Row = Record<string, unknown>>(sql: string, params: unknown[] = []): PgResult<Row> {
    return this.request({ kind: 'query', sql, params: params.map(toWire), rowMode: 'object' }, sql) as PgResult<Row>;
  }

  /** Rows as arrays in column order (better-sqlite3's `.raw()`): no key per value. */
  queryArrays(sql: string, params: unknown[] = []): PgResult<unknown[]> {
    return this.request({ kind: 'query', sql, params: params.map(toWire), rowMode: 'array' }, sql) as PgResult<unknown[]>;
  }

  /** `COPY table (…) FROM STDIN` with these rows in COPY's text format (db/pg/copy-text.ts); returns the rows loaded. */
  copyFrom(sql: string, data: string): number {
    return this.request({ kind: 'copy', sql, data }, sql).rowCount;
  }

  /**
   * `copyFrom` without waiting for the server: the core thread goes on (preparing the next
   * rows) while the server loads these. Its answer is taken before the next statement that is
   * not deferred is sent, and an error it had is thrown there (by then the transaction it was
   * in is failed, and that statement was not sent). At most MAX_DEFERRED are outstanding.
   */
  copyFromDeferred(sql: string, data: string): void {
    if (this.closed) throw new PgError({ code: 'CONNECTION', message: 'the PostgreSQL connection is closed' }, sql);
    if (this.waitingAsync) throw new PgError({ code: 'CONNECTION', message: 'internal: a statement was sent while another was still waiting for its answer' }, sql);
    if (this.deferred.length >= MAX_DEFERRED) this.settle(1);
    this.post({ kind: 'copy', sql, data });
    this.deferred.push(sql);
  }

  /** statements of deferred requests not yet answered, oldest first */
  private readonly deferred: string[] = [];
  /** requests posted, replies taken: the signal's count tells how many replies are there */
  private posted = 0;
  private taken = 0;

  private post(req: PgRequest): void {
    this.port.postMessage(req);
    this.posted++;
  }

  /**
   * Takes the answers of outstanding deferred requests (`count` of them, oldest first; all by
   * default). The first that failed is thrown once all taken are taken — and then all are
   * taken, the later ones having failed with the transaction.
   */
  private settle(count = this.deferred.length): void {
    let failed: unknown = null;
    for (let i = 0; i < count || (failed !== null && this.deferred.length > 0); i++) {
      if (this.deferred.length === 0) break;
      const sql = this.deferred.shift()!;
      try {
        this.waitForReply(this.taken + 1, sql, this.timeoutMs);
        this.takeReply(sql);
      } catch (err) {
        failed ??= err;
        if (this.closed) this.deferred.length = 0;
      }
    }
    if (failed !== null) throw failed;
  }

  /**
   * A statement that may run long (waiting in the server's queue for a lock), answered without
   * blocking the core thread, which keeps serving progress and cancel meanwhile. `stop` is asked
   * every `pollMs`; once it says true the statement is cancelled on the server (its reply is
   * then the error 57014, or its result if it finished first). No other statement may be sent
   * on this connection until this one answers.
   */
  async queryAsync<Row = Record<string, unknown>>(sql: string, params: unknown[], stop: () => boolean, pollMs = 200): Promise<PgResult<Row>> {
    if (this.closed) throw new PgError({ code: 'CONNECTION', message: 'the PostgreSQL connection is closed' }, sql);
    if (this.waitingAsync) throw new PgError({ code: 'CONNECTION', message: 'internal: a statement was sent while another was still waiting for its answer' }, sql);
    this.settle();
    this.post({ kind: 'query', sql, params: params.map(toWire), rowMode: 'object' });
    const mine = this.posted;
    this.waitingAsync = true;
    // Atomics.waitAsync holds no place in the event loop: a process with nothing else to do
    // (the CLI) would exit mid-wait. A timer keeps it alive until the answer is in.
    const alive = setInterval(() => undefined, 60_000);
    try {
      let cancelled = false;
      for (;;) {
        const replies = Atomics.load(this.signal, REPLIES);
        if (replies >= mine || this.closed) break;
        const wait = waitAsync(this.signal, REPLIES, replies, pollMs);
        if ((wait.async ? await wait.value : wait.value) !== 'timed-out') continue;
        if (!cancelled && stop()) {
          cancelled = true;
          this.port.postMessage({ kind: 'cancel' } satisfies PgRequest);
        }
      }
    } finally {
      this.waitingAsync = false;
      clearInterval(alive);
    }
    return this.takeReply(sql) as PgResult<Row>;
  }

  /** a queryAsync is waiting for its answer: nothing else may go on the connection */
  private waitingAsync = false;

  /** The first column's values (better-sqlite3's `.pluck()`), sent as one flat array. */
  queryColumn(sql: string, params: unknown[] = []): PgResult<unknown> {
    return this.request({ kind: 'query', sql, params: params.map(toWire), rowMode: 'column' }, sql);
  }

  close(): void {
    if (this.closed) return;
    try {
      this.settle();
    } catch {
      // a deferred statement's error: its transaction was rolled back or never committed
    }
    try {
      this.request({ kind: 'close' }, 'close');
    } catch {
      // the connection is gone already: nothing left to end
    }
    this.closed = true;
    void this.worker.terminate();
  }

  private request(req: PgRequest, sql: string, timeoutMs = this.timeoutMs): PgResult<unknown> {
    if (this.closed) throw new PgError({ code: 'CONNECTION', message: 'the PostgreSQL connection is closed' }, sql);
    if (this.waitingAsync) throw new PgError({ code: 'CONNECTION', message: 'internal: a statement was sent while another was still waiting for its answer' }, sql);
    this.settle();
    this.post(req);
    this.waitForReply(this.posted, sql, timeoutMs);
    return this.takeReply(sql);
  }

  /** Sleeps until the thread has posted reply number `n` (counted from the first request). */
  private waitForReply(n: number, sql: string, timeoutMs: number): void {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const replies = Atomics.load(this.signal, REPLIES);
      if (replies >= n) return;
      // Slices of a second, so the deadline is checked while a long statement runs.
      if (Atomics.wait(this.signal, REPLIES, replies, 1000) !== 'timed-out') continue;
      if (Date.now() > deadline) {
        // A late reply would be taken as the next statement's: this connection is done.
        this.closed = true;
        void this.worker.terminate();
        throw new PgError({ code: 'TIMEOUT', message: `${timeoutMs / 1000} 秒内没有得到 PostgreSQL 的答复` }, sql);
      }
    }
  }

  private takeReply(sql: string): PgResult<unknown> {
    const message = receiveMessageOnPort(this.port);
    if (message) this.taken++;
    if (!message) {
      const why = Atomics.load(this.signal, GONE) === 1 ? 'the PostgreSQL thread stopped' : 'the PostgreSQL thread replied nothing';
      throw new PgError({ code: 'CONNECTION', message: why }, sql);
    }
    const reply = message.message as PgReply;
    if (!reply.ok) throw new PgError(reply.error, sql);
    return { rows: reply.rows, rowCount: reply.rowCount ?? 0, fields: reply.fields.map((f) => f.name) };
  }
}

/** Atomics.waitAsync (Node 16+, ES2024: newer than this project's compiler library) */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
}).waitAsync;

/** Values as node-postgres sends them: typed arrays of bytes as Buffers (bytea). */
function toWire(v: unknown): unknown {
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return v;
}

/** The user's words for a server that cannot be reached; never the password of the address. */
function connectionError(url: string, err: unknown): AppError {
  const shown = withoutPassword(url);
  const info = err instanceof PgError ? err.info : { code: 'CONNECTION', message: String(err) };
  if (info.code === '28P01' || info.code === '28000') {
    return new AppError('PG_AUTH', `无法登录 PostgreSQL 台账“${shown}”：用户名或密码不正确，或该用户无权连接`);
  }
  if (info.code === '3D000') return new AppError('LEDGER_NOT_FOUND', `PostgreSQL 服务器上没有数据库“${new URL(url).pathname.slice(1)}”（${shown}）`);
  return new AppError('PG_UNREACHABLE', `无法连接 PostgreSQL 台账“${shown}”：${info.message}`);
}

