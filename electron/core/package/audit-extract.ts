/**
 * What a package carries so the city can witness the audit chain (issue 15): the audit entries
 * since the previous package of this ledger (or since the first entry), and a digest of each of
 * the month's records as the ledger held it. With them, `verify new.zip --previous old.zip` proves
 * the new package's chain extends the old one's head, and `verify ledger --against pkg.zip` proves
 * the ledger still holds what was submitted (package/verify-chain.ts). Both are files in the zip,
 * listed in the manifest with their SHA-256 like every other file.
 *
 * Entries are what the log holds: a bulk insert's entry carries its row digest (migration 7),
 * not the row.
 */
import type { Db } from '../db/connection';
import type { AuditLogTable } from '../db/schema';
import { GENESIS_HASH, HASHED_COLUMNS, rowDigest } from '../db/audit-chain';
import type { ChainPoint } from '../db/audit-chain-walk';

/** One audit entry per line, every column the hash covers plus prev_hash and hash, exactly as stored. */
export const AUDIT_ENTRIES_FILE = 'audit/entries.jsonl';
/** One line per record of the month: `{"id":…,"sha256":…}`, the row's digest (db/audit-chain.ts rowDigest). */
export const RECORD_DIGESTS_FILE = 'audit/records.jsonl';

/** An entry as the log holds it, every column (audit_log's row). */
export type CarriedEntry = AuditLogTable;

export interface RecordDigest {
  id: number;
  sha256: string;
}

/**
 * The head of the chain when the previous package was built: the entry before the write that
 * locked its month (package/build reads the head, then the core's next write is that lock; the
 * core runs one operation at a time). 0 when the ledger has never been submitted.
 */
export function previousPackageHead(db: Db): number {
  const lock = db
    .prepare(
      `SELECT op_id FROM audit_log WHERE entity = 'period' AND json_valid(after_json) AND json_extract(after_json, '$.status') = 'submitted'
       AND json_extract(after_json, '$.package_sha256') IS NOT NULL ORDER BY seq DESC LIMIT 1`,
    )
    .pluck()
    .get() as number | undefined;
  if (lock === undefined) return 0;
  const first = db.prepare('SELECT min(seq) FROM audit_log WHERE op_id = ?').pluck().get(lock) as number;
  return first - 1;
}

/** Lines of JSON, built in chunks so a long log does not become one huge string. */
function jsonLines(rows: Iterable<unknown>): Uint8Array {
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(JSON.stringify(row));
    if (lines.length === 5_000) {
      chunks.push(Buffer.from(lines.join('\n') + '\n', 'utf8'));
      lines = [];
    }
  }
  if (lines.length) chunks.push(Buffer.from(lines.join('\n') + '\n', 'utf8'));
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The head, the carried entries and the month's record digests, read in one snapshot (a read
 * transaction), so they agree with each other even while another process writes.
 */
export function auditExtract(db: Db, from: string, to: string): { head: ChainPoint; files: Map<string, Uint8Array> } {
  return db.transaction(() => {
    const head = (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as ChainPoint | undefined) ?? { seq: 0, hash: GENESIS_HASH };
    const since = previousPackageHead(db);
    const entries = db.prepare(`SELECT ${HASHED_COLUMNS}, prev_hash, hash FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq`).iterate(since, head.seq) as IterableIterator<CarriedEntry>;
    const records = db.prepare('SELECT * FROM records WHERE date >= ? AND date < ? ORDER BY id').iterate(from, to) as IterableIterator<Record<string, unknown>>;
    const digests = (function* () {
      for (const r of records) yield { id: r.id, sha256: rowDigest(r) };
    })();
    return {
      head,
      files: new Map([
        [AUDIT_ENTRIES_FILE, jsonLines(entries)],
        [RECORD_DIGESTS_FILE, jsonLines(digests)],
      ]),
    };
  })();
}
