/**
 * The walk over a ledger's audit log: each entry's hash recomputed (db/audit-chain.ts), each
 * entry linked to the one before, no seq missing. In slices, so a walk over a million entries can
 * report progress and be stopped between them; `verify` walks it at once, the checks step it (in
 * a worker for a large log, checks/audit-chain.ts). What is broken is handed to `onBroken`, which
 * each caller turns into its own shape (a VerifyProblem, a CheckIssue).
 */
import type { Db } from './connection';
import { GENESIS_HASH, HASHED_COLUMNS, hashOfColumns, type HashedValues } from './audit-chain';
import { prepared } from './statements';

/** A verified point in the chain: entries up to `seq` are intact and `hash` is that entry's. */
export interface ChainPoint {
  seq: number;
  hash: string;
}
export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/** Stop after this many broken entries: one is enough to fail, a few help to find where. */
export const MAX_BROKEN = 50;
/**
 * Entries fetched per query. Entries average ~1 KB (whole rows as JSON): 100,000 at once is
 * 100 MB of strings that survive into the old generation, and the walk took twice as long.
 */
export const SLICE = 5_000;
/** A slice of the log after a seq, in the columns `check` takes ($1, $2: node-postgres's spelling, for a reader of its own). */
export const SLICE_SQL = `SELECT ${HASHED_COLUMNS}, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`;
const SLICE_SQL_HERE = SLICE_SQL.replace(/\$\d/g, '?');
const PREV = 11;
const HASH = 12;
export type ChainRow = [...HashedValues, string, string];

export class AuditChainWalk {
  private prev: string;
  private expectedSeq: number;
  private lastSeq: number;
  private finished = false;
  found = 0;

  constructor(
    /** null: the rows come to `check` from elsewhere */
    private readonly db: Db | null,
    private readonly onBroken: (seq: number, message: string) => void,
    from: ChainPoint = CHAIN_START,
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

  /** The whole remaining log at once. */
  toEnd(): this {
    while (!this.finished) this.step(SLICE);
    return this;
  }

  private report(seq: number, message: string): void {
    this.found++;
    this.onBroken(seq, message);
  }

  private slice(size: number): number {
    // Raw arrays: the log is the ledger's biggest table, and no object per entry is made.
    if (!this.db) throw new Error('AuditChainWalk: no connection to read from');
    const rows = prepared(this.db, SLICE_SQL_HERE).raw().all(this.lastSeq, size) as ChainRow[];
    return this.check(rows, size);
  }

  /**
   * Verifies `rows`, the next slice of the log after `end.seq` (SLICE_SQL with a limit of
   * `size`), whoever read it: the walk itself, or a worker reading the server asynchronously.
   */
  check(rows: readonly ChainRow[], size: number): number {
    for (const r of rows) {
      const seq = r[0];
      if (seq !== this.expectedSeq) this.report(seq, `操作记录缺少第 ${this.expectedSeq} 至 ${seq - 1} 条（被删除）`);
      if (r[PREV] !== this.prev) this.report(seq, `第 ${seq} 条操作记录与前一条的链接不符`);
      if (hashOfColumns(r[PREV], r as unknown as HashedValues) !== r[HASH]) this.report(seq, `第 ${seq} 条操作记录的内容被改动过（哈希不符）`);
      this.prev = r[HASH];
      this.lastSeq = seq;
      this.expectedSeq = seq + 1;
      if (this.found >= MAX_BROKEN) {
        this.finished = true;
        return rows.length;
      }
    }
    if (rows.length < size) this.finished = true;
    return rows.length;
  }
}
