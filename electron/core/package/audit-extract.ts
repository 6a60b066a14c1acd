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
import { isPostgres, type Db } from '../db/connection';
import { jsonText } from '../db/dialect-sql';
import type { AuditLogTable } from '../db/schema';
import { GENESIS_HASH, HASHED_COLUMNS, rowDigest } from '../db/audit-chain';
import type { ChainPoint } from '../db/audit-chain-walk';
import { deflateAsItComes, type ZipContent } from '../zip-writer';

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
      `SELECT op_id FROM audit_log WHERE entity = 'period' AND json_valid(after_json) AND ${jsonText(db, 'after_json', 'status')} = 'submitted'
       AND ${jsonText(db, 'after_json', 'package_sha256')} IS NOT NULL ORDER BY seq DESC LIMIT 1`,
    )
    .pluck()
    .get() as number | undefined;
  if (lock === undefined) return 0;
  const first = db.prepare('SELECT min(seq) FROM audit_log WHERE op_id = ?').pluck().get(lock) as number;
  return first - 1;
}

/** Lines of JSON, in pieces of a few thousand lines (one piece per page of rows). */
function* jsonLines(pages: Iterable<unknown[]>): Generator<Uint8Array> {
  for (const rows of pages) {
    if (rows.length) yield Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join(''), 'utf8');
  }
}

const PAGE = 5_000;

/** `rows` mapped, in pages of PAGE. */
function* pagesOf<T, U>(rows: Iterable<T>, map: (row: T) => U): Generator<U[]> {
  let page: U[] = [];
  for (const row of rows) {
    page.push(map(row));
    if (page.length === PAGE) {
      yield page;
      page = [];
    }
  }
  yield page;
}

/**
 * The entries after `since` up to `head`, a page at a time by seq (no statement stays open while
 * the deflater is awaited). The log is append-only (triggers refuse UPDATE and DELETE), so these
 * entries are the ones the snapshot that read `head` saw.
 */
function* entryPages(db: Db, since: number, head: number): Generator<CarriedEntry[]> {
  const page = db.prepare(`SELECT ${HASHED_COLUMNS}, prev_hash, hash FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ${PAGE}`);
  for (let after = since; after < head; ) {
    const rows = page.all(after, head) as CarriedEntry[];
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].seq;
  }
}

/**
 * The head, the carried entries and the month's record digests. The head and the digests are
 * read in one snapshot (a read transaction), so they agree even while another process writes;
 * the entries up to that head are then deflated into the zip as they are read (on a large ledger
 * the first package carries a million of them: ~300 MB as text).
 */
export async function auditExtract(db: Db, from: string, to: string): Promise<{ head: ChainPoint; files: Map<string, ZipContent> }> {
  const outermost = !db.inTransaction;
  const { head, since, digests } = db.transaction(() => {
    // PostgreSQL's default isolation gives each statement a snapshot of its own: ask for one for all
    if (isPostgres(db) && outermost) db.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const head = (db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as ChainPoint | undefined) ?? { seq: 0, hash: GENESIS_HASH };
    const records = db.prepare('SELECT * FROM records WHERE date >= ? AND date < ? ORDER BY id').iterate(from, to) as IterableIterator<Record<string, unknown>>;
    const digests = Buffer.concat([...jsonLines(pagesOf(records, (r) => ({ id: r.id, sha256: rowDigest(r) })))]);
    return { head, since: previousPackageHead(db), digests: new Uint8Array(digests.buffer, digests.byteOffset, digests.byteLength) };
  })();
  const entries = await deflateAsItComes(jsonLines(entryPages(db, since, head.seq)));
  return {
    head,
    files: new Map<string, ZipContent>([
      [AUDIT_ENTRIES_FILE, entries],
      [RECORD_DIGESTS_FILE, digests],
    ]),
  };
}
