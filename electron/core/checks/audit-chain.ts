/**
 * AUDIT_CHAIN_BROKEN, chunked: the same verification as audit/verify.ts (each entry's hash over
 * its fields and the previous hash, no missing seq), walked in slices of the log so a check run
 * over a million-entry log can report progress and be cancelled between slices.
 */
import { severityOf } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import { entryHash, GENESIS_HASH, type AuditFields } from '../audit/chain';
import type { Db } from '../db/connection';

/** One is enough to fail; a few help to find where. */
const MAX_ISSUES = 50;

/**
 * Where the last clean walk on this connection ended. PRAGMA data_version changes only when
 * ANOTHER connection commits (another process, an sqlite3 shell); our own writes only append
 * through the write path (the log refuses UPDATE and DELETE). So while it is unchanged, entries up
 * to `seq` are as verified and a re-run after fixing walks only the new entries.
 */
interface Checkpoint {
  seq: number;
  hash: string;
  dataVersion: number;
}
const checkpoints = new WeakMap<Db, Checkpoint>();

function dataVersion(db: Db): number {
  return Number(db.pragma('data_version', { simple: true }));
}

export class AuditChainWalk {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private lastSeq = 0;
  private finished = false;
  private found = 0;

  private readonly startVersion: number;
  /** entries already verified by an earlier clean walk (0 when walking from the start) */
  readonly resumedAt: number;

  constructor(
    private readonly db: Db,
    private readonly issues: CheckIssue[],
  ) {
    this.startVersion = dataVersion(db);
    const cp = checkpoints.get(db);
    const stored = cp && cp.dataVersion === this.startVersion ? (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(cp.seq) as string | undefined) : undefined;
    if (cp && stored === cp.hash) {
      this.prev = cp.hash;
      this.lastSeq = cp.seq;
      this.expectedSeq = cp.seq + 1;
    }
    this.resumedAt = this.lastSeq;
  }

  get done(): boolean {
    return this.finished;
  }

  total(): number {
    return (this.db.prepare('SELECT count(*) FROM audit_log WHERE seq > ?').pluck().get(this.lastSeq) as number) ?? 0;
  }

  private report(seq: number, message: string): void {
    this.found++;
    this.issues.push({ code: 'AUDIT_CHAIN_BROKEN', severity: severityOf('AUDIT_CHAIN_BROKEN'), subject: `audit:${seq}`, message });
  }

  step(size: number): number {
    if (this.finished) return 0;
    const rows = this.db.prepare(`SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ${size}`).all(this.lastSeq) as (AuditFields & { prev_hash: string; hash: string })[];
    for (const row of rows) {
      if (row.seq !== this.expectedSeq) this.report(row.seq, `操作记录缺少第 ${this.expectedSeq} 至 ${row.seq - 1} 条（被删除）`);
      if (row.prev_hash !== this.prev) this.report(row.seq, `第 ${row.seq} 条操作记录与前一条的链接不符`);
      if (entryHash(row.prev_hash, row) !== row.hash) this.report(row.seq, `第 ${row.seq} 条操作记录的内容被改动过（哈希不符）`);
      this.prev = row.hash;
      this.expectedSeq = row.seq + 1;
      if (this.found >= MAX_ISSUES) {
        this.finished = true;
        checkpoints.delete(this.db);
        return rows.length;
      }
    }
    if (rows.length) this.lastSeq = rows[rows.length - 1].seq;
    if (rows.length < size) {
      this.finished = true;
      if (this.found === 0 && dataVersion(this.db) === this.startVersion) {
        checkpoints.set(this.db, { seq: this.lastSeq, hash: this.prev, dataVersion: this.startVersion });
      } else checkpoints.delete(this.db);
    }
    return rows.length;
  }
}
