/**
 * AUDIT_CHAIN_BROKEN, chunked: the same walk as verify's (db/audit-chain-walk.ts: each entry's
 * hash over its fields and the previous hash, no missing seq), stepped so a check run over a
 * million-entry log can report progress and be cancelled between slices.
 *
 * `chainCheck` picks where the walk runs: a large log is walked by a worker thread on its own
 * read-only connection (audit-chain-worker.ts; on a server ledger a second connection, logged in
 * as this session is), in parallel with the other checks, which it otherwise doubles (reading
 * and hashing ~1 GB for a million entries); a small one right here.
 */
import type { CheckIssue } from '../../../shared/domain/checks';
import { AuditChainWalk, CHAIN_START, type ChainPoint } from '../db/audit-chain-walk';
import { isPostgres, isSqlite, type Db } from '../db/connection';
import { prepared } from '../db/statements';
import { startChainWorker } from './audit-chain-parallel';
import { chainIssue, type ChainCheck } from './chain-check';

export type { ChainCheck } from './chain-check';

/** Below this many entries to walk, starting a worker costs more than it saves. */
export const PARALLEL_FROM = 50_000;

/**
 * Where the last clean walk on this connection ended. PRAGMA data_version changes only when
 * ANOTHER connection commits (another process, an sqlite3 shell); our own writes only append
 * through the write path (the log refuses UPDATE and DELETE). So while it is unchanged, entries up
 * to `seq` are as verified and a re-run after fixing walks only the new entries.
 */
const checkpoints = new WeakMap<Db, ChainPoint & { dataVersion: number }>();

/**
 * null on PostgreSQL: other staff append all the time and nothing tells this connection that an
 * old entry was changed with psql, so every walk there starts at the beginning.
 */
function dataVersion(db: Db): number | null {
  return isSqlite(db) ? Number(db.pragma('data_version', { simple: true })) : null;
}

function resumePoint(db: Db, version: number | null): ChainPoint {
  if (version === null) return CHAIN_START;
  const cp = checkpoints.get(db);
  if (!cp || cp.dataVersion !== version) return CHAIN_START;
  const stored = prepared(db, 'SELECT hash FROM audit_log WHERE seq = ?').pluck().get(cp.seq) as string | undefined;
  return stored === cp.hash ? { seq: cp.seq, hash: cp.hash } : CHAIN_START;
}

function settle(db: Db, version: number | null, clean: boolean, end: ChainPoint): void {
  if (clean && version !== null && dataVersion(db) === version) checkpoints.set(db, { ...end, dataVersion: version });
  else checkpoints.delete(db);
}

function entriesAfter(db: Db, seq: number): number {
  return (prepared(db, 'SELECT count(*) FROM audit_log WHERE seq > ?').pluck().get(seq) as number) ?? 0;
}

export interface ChainCheckOptions {
  ledgerPath: string;
  /** the built worker script (Electron build); default: the .ts beside this file under tsx */
  workerUrl?: string;
  /** walk in a worker from this many entries on (default PARALLEL_FROM; 0: always, Infinity: never) */
  parallelFrom?: number;
}

export function chainCheck(db: Db, issues: CheckIssue[], opts: ChainCheckOptions): ChainCheck {
  const version = dataVersion(db);
  const from = resumePoint(db, version);
  const total = entriesAfter(db, from.seq);
  const here = () => walkHere(db, issues, version, from, total);
  // The worker opens a connection of its own: the file again, or the server as this session did.
  if (total >= (opts.parallelFrom ?? PARALLEL_FROM)) {
    const onResult = (result: { issues: CheckIssue[]; end: ChainPoint }) => {
      for (const i of result.issues) issues.push(i);
      settle(db, version, result.issues.length === 0, result.end);
    };
    const ledger = isPostgres(db) ? { postgres: { url: db.client.opened.url } } : { file: opts.ledgerPath };
    const parallel = startChainWorker({ ledger, from, total, workerUrl: opts.workerUrl, fallback: here }, onResult);
    if (parallel) return parallel;
  }
  return here();
}

function walkHere(db: Db, issues: CheckIssue[], version: number | null, from: ChainPoint, total: number): ChainCheck {
  const walk = new AuditChainWalk(db, (seq, message) => issues.push(chainIssue(seq, message)), from);
  let walkMs = 0;
  return {
    get done() {
      return walk.done;
    },
    total: () => total,
    step(size) {
      const t = performance.now();
      const n = walk.step(size);
      walkMs += performance.now() - t;
      if (walk.done) settle(db, version, walk.found === 0, walk.end);
      return n;
    },
    get walkMs() {
      return walkMs;
    },
    dispose() {},
    ranIn: 'thread',
  };
}
