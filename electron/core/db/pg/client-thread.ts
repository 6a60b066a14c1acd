/**
 * The PostgreSQL thread: holds one connection (node-postgres, pure JavaScript) and answers the
 * core thread's requests one at a time. The core thread blocks on a shared flag while a query
 * runs (db/pg/sync-client.ts), so the core's code stays synchronous on both backends.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import type pg from 'pg';
import { connectClient } from './connect';
import { GONE, REPLIES, type PgErrorInfo, type PgReply, type PgRequest } from './protocol';

interface ThreadData {
  url: string;
  port: MessagePort;
  flag: SharedArrayBuffer;
  applicationName: string;
}

const { url, port, flag, applicationName } = workerData as ThreadData;
const signal = new Int32Array(flag);

let broken: PgErrorInfo | null = null;
let client: pg.Client;

process.on('exit', () => {
  Atomics.store(signal, GONE, 1);
  Atomics.add(signal, REPLIES, 1);
  Atomics.notify(signal, REPLIES);
});

function reply(r: PgReply): void {
  port.postMessage(r);
  Atomics.add(signal, REPLIES, 1);
  Atomics.notify(signal, REPLIES);
}

function errorInfo(err: unknown): PgErrorInfo {
  const e = err as { message?: string; code?: string; detail?: string };
  return { message: e.message ?? String(err), code: typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : 'CONNECTION', detail: e.detail };
}

const connected = connectClient(url, applicationName, (message) => {
  broken = { code: 'CONNECTION', message };
}).then(
  (c) => {
    client = c;
    return null;
  },
  (err: unknown) => errorInfo(err),
);

/**
 * `COPY … FROM STDIN` with its rows in hand: node-postgres runs any object with `submit` as a
 * query and hands it the server's messages, so the rows go as one CopyData message and the
 * server answers as for any statement (its error, if any, ends the COPY). No package needed
 * for this one shape of COPY.
 */
function copyFrom(sql: string, data: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    const copy = {
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        connection.sendCopyFromChunk(Buffer.from(data, 'utf8'));
        connection.endCopyFrom();
      },
      handleCommandComplete(msg: { text?: string }) {
        rows = Number(/^COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
      },
      // (node-postgres lets go of a query that failed: its ReadyForQuery is not passed on)
      handleError(err: Error) {
        reject(err);
      },
      handleReadyForQuery() {
        resolve(rows);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handleCopyData() {},
    };
    (client as unknown as { query(q: unknown): void }).query(copy);
  });
}

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * Cancels the statement this connection is running, from a second connection of the same user
 * (pg_cancel_backend; the server then ends the statement with SQLSTATE 57014). Best effort:
 * a statement that finished meanwhile answers as it would have.
 */
async function cancelRunning(): Promise<void> {
  let other: pg.Client | null = null;
  try {
    other = await connectClient(url, applicationName, () => undefined);
    await other.query('SELECT pg_cancel_backend($1)', [(client as unknown as { processID: number }).processID]);
  } catch {
    // the statement's own reply still comes; the core thread waits for it either way
  } finally {
    await other?.end().catch(() => undefined);
  }
}

// Requests are answered in the order they came: node-postgres runs its queries one after
// another, and each reply is posted when its query ends. Several may be outstanding (deferred
// COPYs); a cancel comes while a statement runs.
port.on('message', (req: PgRequest) => {
  if (req.kind === 'cancel') {
    void cancelRunning();
    return;
  }
  void (async () => {
    const failed = await connected;
    if (failed || broken) return reply({ ok: false, error: failed ?? broken! });
    if (req.kind === 'close') {
      await client.end().catch(() => undefined);
      reply({ ok: true, rows: [], rowCount: 0, fields: [] });
      port.close();
      return;
    }
    try {
      if (req.kind === 'copy') {
        reply({ ok: true, rows: [], rowCount: await copyFrom(req.sql, req.data), fields: [] });
        return;
      }
      const result: pg.QueryResult | pg.QueryResult[] =
        req.rowMode === 'object' ? await client.query({ text: req.sql, values: req.params }) : await client.query({ text: req.sql, values: req.params, rowMode: 'array' });
      // Several statements in one simple query (DDL) give one result each: the last one answers.
      const r = Array.isArray(result) ? result[result.length - 1] : result;
      const rows = req.rowMode === 'column' ? (r.rows as unknown[][]).map((row) => row[0]) : r.rows;
      reply({ ok: true, rows, rowCount: r.rowCount, fields: r.fields.map((f: pg.FieldDef) => ({ name: f.name })) });
    } catch (err) {
      reply({ ok: false, error: errorInfo(err) });
    }
  })();
});

