/**
 * Worker thread entry: walks the audit chain of one ledger on its own read-only connection,
 * counting entries done into shared memory so the check run can show progress without a
 * message, then posts the issues found and where it ended.
 * - a file: opened again read-only (WAL lets it read while the core goes on);
 * - a server ledger: a second connection, read-only, read asynchronously with node-postgres
 *   right here — this thread may wait on the network, unlike the core — asking for the next
 *   slice before checking the one in hand, so the server reads while this thread hashes. (Through
 *   the core's synchronous client every row would also be copied between two threads: the walk
 *   took twice as long.)
 */
import { isMainThread, type MessagePort, workerData } from 'node:worker_threads';
import type { CheckIssue } from '../../../shared/domain/checks';
import { openDatabase } from '../db/connection';
import { AuditChainWalk, SLICE, SLICE_SQL, type ChainPoint, type ChainRow } from '../db/audit-chain-walk';
import { connectClient } from '../db/pg/connect';
import { DONE, PROGRESS, type ChainWorkerInput, type ChainWorkerResult } from './audit-chain-parallel';
import { chainIssue } from './chain-check';

type Input = ChainWorkerInput & { port: MessagePort };

async function walkServer(url: string, walk: AuditChainWalk, state: Int32Array): Promise<void> {
  let broken: string | null = null;
  const client = await connectClient(url, 'bangfu-ledger checks', (message) => {
    broken = message;
  });
  try {
    // It only reads: the server refuses any write on this connection.
    await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    const slice = (after: number) => client.query<ChainRow>({ text: SLICE_SQL, values: [after, SLICE], rowMode: 'array' }).then((r) => r.rows);
    let next = slice(walk.end.seq);
    while (!walk.done) {
      const rows = await next;
      if (broken) throw new Error(broken);
      // the following slice is asked for now: the server reads it while this one is hashed
      if (rows.length === SLICE) next = slice(rows[rows.length - 1][0]);
      Atomics.add(state, PROGRESS, walk.check(rows, SLICE));
    }
    // (a walk stopped at MAX_BROKEN may leave one slice asked for: it is read and dropped)
    await next.catch(() => undefined);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function run(input: Input): Promise<void> {
  const state = new Int32Array(input.state);
  let result: ChainWorkerResult;
  try {
    const issues: CheckIssue[] = [];
    const t = performance.now();
    const ledger = input.ledger;
    if ('file' in ledger) {
      const db = openDatabase(ledger.file, { mode: 'open', readonly: true });
      try {
        const walk = new AuditChainWalk(db, (seq, message) => issues.push(chainIssue(seq, message)), input.from);
        while (!walk.done) Atomics.add(state, PROGRESS, walk.step(20_000));
        result = { ok: true, issues, end: walk.end, walkMs: performance.now() - t };
      } finally {
        db.close();
      }
    } else {
      const walk = new AuditChainWalk(null, (seq, message) => issues.push(chainIssue(seq, message)), input.from);
      await walkServer(ledger.postgres.url, walk, state);
      const end: ChainPoint = walk.end;
      result = { ok: true, issues, end, walkMs: performance.now() - t };
    }
  } catch (err) {
    result = { ok: false, message: (err as Error).message };
  }
  input.port.postMessage(result);
  Atomics.store(state, DONE, 1);
  Atomics.notify(state, DONE);
}

// Only as a worker: importing this file elsewhere (a test of main/index.ts) must do nothing.
if (!isMainThread && workerData) void run(workerData as Input);
