/**
 * AUDIT_CHAIN_BROKEN, chunked: the same verification as audit/verify.ts (each entry's hash over
 * its fields and the previous hash, no missing seq), walked in slices of the log so a check run
 * over a million-entry log can report progress and be cancelled between slices.
 *
 * `chainCheck` picks where the walk runs: a large log is walked by a worker thread on its own
 * read-only connection (audit-chain-worker.ts), in parallel with the other checks, which it
 * otherwise doubles (reading and hashing ~1 GB for a million entries); a small one right here.
 */
import { hash } from 'node:crypto';
import { severityOf } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import { GENESIS_HASH } from '../audit/chain';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { startChainWorker } from './audit-chain-parallel';

/** One is enough to fail; a few help to find where. */
const MAX_ISSUES = 50;
/**
 * Entries fetched per query. Entries average ~1 KB (whole rows as JSON): 100,000 at once is
 * 100 MB of strings that survive into the old generation, and the walk took twice as long.
 */
const SLICE = 5_000;
const SLICE_SQL =
  'SELECT seq, at, actor, action, label, op_id, entity, entity_id, before_json, after_json, prev_hash, hash, after_sha256 FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?';
/** Below this many entries to walk, starting a worker costs more than it saves. */
export const PARALLEL_FROM = 50_000;

type AuditRow = [number, string, string, string, string | null, number, string, number | null, string | null, string | null, string, string, string | null];

function f(v: string | number | null): string {
  if (v === null) return '-';
  const text = String(v);
  return `${text.length}:${text}`;
}

/** A verified point in the chain: entries up to `seq` are intact and `hash` is that entry's. */
export interface ChainPoint {
  seq: number;
  hash: string;
}
const START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/**
 * Where the last clean walk on this connection ended. PRAGMA data_version changes only when
 * ANOTHER connection commits (another process, an sqlite3 shell); our own writes only append
 * through the write path (the log refuses UPDATE and DELETE). So while it is unchanged, entries up
 * to `seq` are as verified and a re-run after fixing walks only the new entries.
 */
const checkpoints = new WeakMap<Db, ChainPoint & { dataVersion: number }>();

function dataVersion(db: Db): number {
  return Number(db.pragma('data_version', { simple: true }));
}

function resumePoint(db: Db, version: number): ChainPoint {
  const cp = checkpoints.get(db);
  if (!cp || cp.dataVersion !== version) return START;
  const stored = prepared(db, 'SELECT hash FROM audit_log WHERE seq = ?').pluck().get(cp.seq) as string | undefined;
  return stored === cp.hash ? { seq: cp.seq, hash: cp.hash } : START;
}

function settle(db: Db, version: number, clean: boolean, end: ChainPoint): void {
  if (clean && dataVersion(db) === version) checkpoints.set(db, { ...end, dataVersion: version });
  else checkpoints.delete(db);
}

function entriesAfter(db: Db, seq: number): number {
  return (prepared(db, 'SELECT count(*) FROM audit_log WHERE seq > ?').pluck().get(seq) as number) ?? 0;
}

/** The walk itself, from a verified point to the end of the log (used here and by the worker). */
export class AuditChainWalk {
  private prev: string;
  private expectedSeq: number;
  private lastSeq: number;
  private finished = false;
  found = 0;

  constructor(
    private readonly db: Db,
    private readonly issues: CheckIssue[],
    from: ChainPoint = START,
  ) {
    this.prev = from.hash;
    this.lastSeq = from.seq;
    this.expectedSeq = from.seq + 1;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Where the walk stopped: the last entry read and its hash. */
  get end(): ChainPoint {
    return { seq: this.lastSeq, hash: this.prev };
  }

  /** Verifies up to `size` entries; returns how many it read. */
  step(size: number): number {
    let read = 0;
    while (!this.finished && read < size) read += this.slice(Math.min(SLICE, size - read));
    return read;
  }

  private report(seq: number, message: string): void {
    this.found++;
    this.issues.push({ code: 'AUDIT_CHAIN_BROKEN', severity: severityOf('AUDIT_CHAIN_BROKEN'), subject: `audit:${seq}`, message });
  }

  private slice(size: number): number {
    // Raw arrays and a one-shot hash: the log is the ledger's biggest table. The body is
    // audit/chain.ts's entryHash (`<length>:<text>` per field, '-' for null, joined by '|');
    // every clean-ledger test fails if the two ever differ.
    const rows = prepared(this.db, SLICE_SQL).raw().all(this.lastSeq, size) as AuditRow[];
    for (const r of rows) {
      const seq = r[0];
      if (seq !== this.expectedSeq) this.report(seq, `操作记录缺少第 ${this.expectedSeq} 至 ${seq - 1} 条（被删除）`);
      if (r[10] !== this.prev) this.report(seq, `第 ${seq} 条操作记录与前一条的链接不符`);
      const body = `${r[10]}\n${f(r[0])}|${f(r[1])}|${f(r[2])}|${f(r[3])}|${f(r[4])}|${f(r[5])}|${f(r[6])}|${f(r[7])}|${f(r[8])}|${f(r[9])}${r[12] ? `|${f(r[12])}` : ''}`;
      if (hash('sha256', body, 'hex') !== r[11]) this.report(seq, `第 ${seq} 条操作记录的内容被改动过（哈希不符）`);
      this.prev = r[11];
      this.lastSeq = seq;
      this.expectedSeq = seq + 1;
      if (this.found >= MAX_ISSUES) {
        this.finished = true;
        return rows.length;
      }
    }
    if (rows.length < size) this.finished = true;
    return rows.length;
  }
}

/** The chain check as a check run drives it: stepped, with progress, wherever it runs. */
export interface ChainCheck {
  readonly done: boolean;
  /** entries this run has to walk */
  total(): number;
  /** advances by about `size` entries (or waits that long for the worker); returns entries done since the last call */
  step(size: number): number;
  /** milliseconds the walk itself took (in the worker: its own time, not the waiting) */
  readonly walkMs: number;
  /** stops a worker still walking (a cancelled run) */
  dispose(): void;
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
  if (total >= (opts.parallelFrom ?? PARALLEL_FROM)) {
    const onResult = (result: { issues: CheckIssue[]; end: ChainPoint }) => {
      for (const i of result.issues) issues.push(i);
      settle(db, version, result.issues.length === 0, result.end);
    };
    const parallel = startChainWorker({ ledgerPath: opts.ledgerPath, from, total, workerUrl: opts.workerUrl, fallback: here }, onResult);
    if (parallel) return parallel;
  }
  return here();
}

function walkHere(db: Db, issues: CheckIssue[], version: number, from: ChainPoint, total: number): ChainCheck {
  const walk = new AuditChainWalk(db, issues, from);
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
  };
}
