/**
 * Worker thread entry: walks the audit chain of one ledger on its own read-only connection
 * (a file: WAL lets it read while the core goes on; a server ledger: a second connection,
 * read-only transactions, the server serving both at once), counting entries done into shared
 * memory so the check run can show progress without a message, then posts the issues found and
 * where it ended.
 */
import { isMainThread, type MessagePort, workerData } from 'node:worker_threads';
import type { CheckIssue } from '../../../shared/domain/checks';
import { openDatabase, type Db } from '../db/connection';
import { PgDb } from '../db/pg/pg-db';
import { PgSyncClient } from '../db/pg/sync-client';
import { AuditChainWalk, type ChainPoint } from '../db/audit-chain-walk';
import { DONE, PROGRESS, type ChainWorkerInput, type ChainWorkerLedger, type ChainWorkerResult } from './audit-chain-parallel';
import { chainIssue } from './chain-check';

function open(ledger: ChainWorkerLedger): Db {
  if ('file' in ledger) return openDatabase(ledger.file, { mode: 'open', readonly: true });
  const db = new PgDb(new PgSyncClient(ledger.postgres.url, { threadUrl: ledger.postgres.threadUrl, applicationName: 'bangfu-ledger checks' }));
  try {
    // It only reads: the server refuses any write on this connection.
    db.exec('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

function run(input: ChainWorkerInput & { port: MessagePort }): void {
  const state = new Int32Array(input.state);
  let result: ChainWorkerResult;
  try {
    const db = open(input.ledger);
    try {
      const issues: CheckIssue[] = [];
      const walk = new AuditChainWalk(db, (seq, message) => issues.push(chainIssue(seq, message)), input.from);
      const t = performance.now();
      while (!walk.done) Atomics.add(state, PROGRESS, walk.step(20_000));
      const end: ChainPoint = walk.end;
      result = { ok: true, issues, end, walkMs: performance.now() - t };
    } finally {
      db.close();
    }
  } catch (err) {
    result = { ok: false, message: (err as Error).message };
  }
  input.port.postMessage(result);
  Atomics.store(state, DONE, 1);
  Atomics.notify(state, DONE);
}

// Only as a worker: importing this file elsewhere (a test of main/index.ts) must do nothing.
if (!isMainThread && workerData) run(workerData as ChainWorkerInput & { port: MessagePort });
