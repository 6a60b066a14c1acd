/**
 * AUDIT_CHAIN_BROKEN, chunked: the same verification as audit/verify.ts (each entry's hash over
 * its fields and the previous hash, no missing seq), walked in slices of the log so a check run
 * over a million-entry log can report progress and be cancelled between slices.
 */
import { severityOf } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import { hash } from 'node:crypto';
import { GENESIS_HASH } from '../audit/chain';
import type { Db } from '../db/connection';

/** One is enough to fail; a few help to find where. */
const MAX_ISSUES = 50;

/**
 * Where the last clean walk on this connection ended. PRAGMA data_version changes only when
 * ANOTHER connection commits (another process, an sqlite3 shell); our own writes only append
 * through the write path (the log refuses UPDATE and DELETE). So while it is unchanged, entries up
 * to `seq` are as verified and a re-run after fixing walks only the new entries.
 */
type AuditRow = [number, string, string, string, string | null, number, string, number | null, string | null, string | null, string, string];

function f(v: string | number | null): string {
  if (v === null) return '-';
  const text = String(v);
  return `${text.length}:${text}`;
}

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
    // Raw arrays and a one-shot hash: the log is the ledger's biggest table. The body is
    // audit/chain.ts's entryHash (`<length>:<text>` per field, '-' for null, joined by '|');
    // every clean-ledger test fails if the two ever differ.
    const rows = this.db
      .prepare(`SELECT seq, at, actor, action, label, op_id, entity, entity_id, before_json, after_json, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ${size}`)
      .raw()
      .all(this.lastSeq) as AuditRow[];
    for (const r of rows) {
      const seq = r[0];
      if (seq !== this.expectedSeq) this.report(seq, `操作记录缺少第 ${this.expectedSeq} 至 ${seq - 1} 条（被删除）`);
      if (r[10] !== this.prev) this.report(seq, `第 ${seq} 条操作记录与前一条的链接不符`);
      const body = `${r[10]}\n${f(r[0])}|${f(r[1])}|${f(r[2])}|${f(r[3])}|${f(r[4])}|${f(r[5])}|${f(r[6])}|${f(r[7])}|${f(r[8])}|${f(r[9])}`;
      if (hash('sha256', body, 'hex') !== r[11]) this.report(seq, `第 ${seq} 条操作记录的内容被改动过（哈希不符）`);
      this.prev = r[11];
      this.expectedSeq = seq + 1;
      if (this.found >= MAX_ISSUES) {
        this.finished = true;
        checkpoints.delete(this.db);
        return rows.length;
      }
    }
    if (rows.length) this.lastSeq = rows[rows.length - 1][0];
    if (rows.length < size) {
      this.finished = true;
      if (this.found === 0 && dataVersion(this.db) === this.startVersion) {
        checkpoints.set(this.db, { seq: this.lastSeq, hash: this.prev, dataVersion: this.startVersion });
      } else checkpoints.delete(this.db);
    }
    return rows.length;
  }
}
