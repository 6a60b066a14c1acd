import type { Migration } from './types';

/**
 * Documents inside a PostgreSQL ledger (issue 17: every staff PC sees the same documents, a
 * backup holds everything). A ledger on a server has no folder beside it, so the bytes of each
 * attachment go into the database, by their SHA-256 (attachments/pg-store.ts):
 * - `attachment_blobs`: one row per distinct document (its size, when it was last stored or
 *   reused: cleanup's grace period, as a file's mtime is in the folder);
 * - `attachment_chunks`: its bytes in parts of at most 1 MB, so no statement, reply or row
 *   ever carries a whole document (50 MB at most) and reads go part by part. Plain bytea rows,
 *   not large objects: they follow the ledger's transactions, grants and pg_dump like every
 *   other table, and go when their document goes (ON DELETE CASCADE), where a large object left
 *   behind needs lo_unlink and privileges of its own. Stored uncompressed (STORAGE EXTERNAL):
 *   PDFs, OFD, JPEGs and Office files are compressed already, so compressing again only costs.
 * - attachments.sha256 must name a stored document (NOT VALID: rows from before this are not
 *   re-checked, `verify` names any without its bytes), so a link can never point at nothing
 *   and cleanup cannot take a document another staff member is linking at that moment.
 *
 * A ledger file keeps its documents in its folder, unchanged (attachments/store.ts): same
 * speed, and the file stays small enough to copy and back up quickly. So the SQLite form is
 * empty; the version moves on both so that one number describes a ledger's schema everywhere.
 */
export const m013AttachmentBlobs: Migration = {
  version: 13,
  name: 'attachment-blobs',
  up() {
    // nothing: a ledger file's documents live in `<ledger>.files/` (see above)
  },
  postgres(db) {
    db.exec(`
      CREATE TABLE attachment_blobs (
        sha256 text COLLATE "C" PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL CHECK (size > 0),
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE attachment_chunks (
        sha256 text COLLATE "C" NOT NULL REFERENCES attachment_blobs(sha256) ON DELETE CASCADE,
        part integer NOT NULL CHECK (part >= 0),
        bytes bytea NOT NULL,
        PRIMARY KEY (sha256, part)
      );
      ALTER TABLE attachment_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
      ALTER TABLE attachments ADD CONSTRAINT attachments_stored FOREIGN KEY (sha256) REFERENCES attachment_blobs(sha256) NOT VALID;
    `);
    // Staff roles that could add attachments before keep that right: the new tables are theirs too.
    const roles = db
      .prepare("SELECT DISTINCT grantee FROM information_schema.role_table_grants WHERE table_schema = current_schema() AND table_name = 'attachments' AND privilege_type = 'INSERT' AND grantee <> current_user")
      .pluck()
      .all() as string[];
    for (const role of roles) {
      const who = db.prepare('SELECT quote_ident(?)').pluck().get(role) as string;
      db.exec(`GRANT SELECT, INSERT, UPDATE, DELETE ON attachment_blobs, attachment_chunks TO ${who};`);
    }
  },
};
