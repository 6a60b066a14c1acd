/**
 * A PostgreSQL ledger's documents, in its own tables (migration 013): `attachment_blobs` (one
 * row per distinct document: size, when last stored) and `attachment_chunks` (its bytes in
 * parts of DOCUMENT_PART_BYTES). No statement, reply or row carries a whole document: a write
 * sends one part per statement, a read asks for one part at a time.
 *
 * Bytes are written inside the audited write that links them (the advisory lock of the write
 * path is held), and attachments.sha256 references attachment_blobs: a link never points at a
 * missing document, and a failed add leaves nothing behind (no orphan, no temporary file).
 * Identical bytes are stored once: a second add of them only moves `stored_at`, as a reused
 * file's mtime moves in the folder, so cleanup's grace period means the same on both.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import type { PgDb } from '../db/pg/pg-db';
import { prepared } from '../db/statements';
import type { DocumentStore } from './document-store';
import { sniffMime } from './sniff';
import { brokenCopy, checkAttachmentBytes, DOCUMENT_PART_BYTES, sha256Of, type FileStatus, type StoredFile } from './store';

function missing(name: string, where: string): AppError {
  return new AppError('ATTACHMENT_BROKEN', `附件“${name}”的文件已丢失（台账 ${where} 中没有它的内容）`);
}

/**
 * Whether the stored parts are exactly `bytes`: the server hashes each part and sends back 32
 * bytes per part, so a reuse does not read the document back over the network.
 */
function intact(db: PgDb, sha256: string, bytes: Uint8Array): boolean {
  const held = prepared(db, 'SELECT part, sha256(bytes) AS digest FROM attachment_chunks WHERE sha256 = ? ORDER BY part').all(sha256) as { part: number; digest: Uint8Array }[];
  if (held.length !== Math.ceil(bytes.length / DOCUMENT_PART_BYTES)) return false;
  return held.every(
    (h, i) => h.part === i && Buffer.from(h.digest).equals(crypto.createHash('sha256').update(bytes.subarray(i * DOCUMENT_PART_BYTES, (i + 1) * DOCUMENT_PART_BYTES)).digest()),
  );
}

/** Stores `bytes` under `sha256` once, inside the caller's transaction; mends a stored copy that is not intact. */
function putDocument(db: PgDb, sha256: string, bytes: Uint8Array): void {
  const inserted = prepared(db, 'INSERT INTO attachment_blobs (sha256, size) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING RETURNING sha256').get(sha256, bytes.length);
  if (!inserted) {
    prepared(db, 'UPDATE attachment_blobs SET stored_at = now() WHERE sha256 = ?').run(sha256);
    if (intact(db, sha256, bytes)) return;
    // changed or cut since (by hand: the app never does): the copy in hand replaces it, as in the folder
    prepared(db, 'DELETE FROM attachment_chunks WHERE sha256 = ?').run(sha256);
    prepared(db, 'UPDATE attachment_blobs SET size = ? WHERE sha256 = ?').run(bytes.length, sha256);
  }
  for (let part = 0, at = 0; at < bytes.length; part++, at += DOCUMENT_PART_BYTES) {
    // slice, not subarray: a view would send its whole underlying buffer to the connection's thread
    prepared(db, 'INSERT INTO attachment_chunks (sha256, part, bytes) VALUES (?, ?, ?)').run(sha256, part, bytes.slice(at, at + DOCUMENT_PART_BYTES));
  }
}

function storedFileOf(bytes: Uint8Array, name: string): StoredFile {
  checkAttachmentBytes(bytes, name);
  return { sha256: sha256Of(bytes), size: bytes.length, mime: sniffMime(bytes) };
}

export function postgresDocumentStore(db: PgDb, address: string): DocumentStore {
  function* parts(sha256: string, name: string): Generator<Uint8Array> {
    const blob = prepared(db, 'SELECT size FROM attachment_blobs WHERE sha256 = ?').get(sha256) as { size: number } | undefined;
    if (!blob) throw missing(name, address);
    const count = Math.ceil(blob.size / DOCUMENT_PART_BYTES);
    for (let part = 0; part < count; part++) {
      const row = prepared(db, 'SELECT bytes FROM attachment_chunks WHERE sha256 = ? AND part = ?').get(sha256, part) as { bytes: Uint8Array } | undefined;
      if (!row) throw missing(name, address);
      yield row.bytes;
    }
  }
  const hasParts = (sha256: string) => prepared(db, 'SELECT 1 FROM attachment_chunks WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;

  return {
    where: address,
    putAndLink(session: LedgerSession, label, bytes, name, link) {
      const file = storedFileOf(bytes, name);
      return session.write(label, (w) => {
        putDocument(db, file.sha256, bytes);
        return link(w, file);
      });
    },
    async putManyAndLink(session, label, files, link) {
      for (const f of files) checkAttachmentBytes(f.bytes, f.name);
      const stored = files.map((f) => storedFileOf(f.bytes, f.name));
      return session.write(label, (w) => {
        const done = new Set<string>();
        files.forEach((f, i) => {
          if (done.has(stored[i].sha256)) return;
          done.add(stored[i].sha256);
          putDocument(db, stored[i].sha256, f.bytes);
        });
        return link(w, stored);
      });
    },
    putParts(sha256, parts, name) {
      if (prepared(db, 'SELECT 1 FROM attachment_blobs WHERE sha256 = ?').get(sha256)) return;
      // the size is known at the end: a placeholder first (the row must exist for its parts' key)
      prepared(db, 'INSERT INTO attachment_blobs (sha256, size) VALUES (?, 1)').run(sha256);
      const hash = crypto.createHash('sha256');
      let size = 0;
      let part = 0;
      let pending: Uint8Array[] = [];
      let held = 0;
      const flush = (all: boolean) => {
        const joined = Buffer.concat(pending);
        let at = 0;
        for (; joined.length - at >= DOCUMENT_PART_BYTES || (all && at < joined.length); at += DOCUMENT_PART_BYTES) {
          prepared(db, 'INSERT INTO attachment_chunks (sha256, part, bytes) VALUES (?, ?, ?)').run(sha256, part++, joined.subarray(at, at + DOCUMENT_PART_BYTES).slice());
        }
        pending = at < joined.length ? [joined.subarray(at)] : [];
        held = joined.length - Math.min(at, joined.length);
      };
      for (const bytes of parts) {
        hash.update(bytes);
        size += bytes.length;
        pending.push(bytes);
        held += bytes.length;
        if (held >= DOCUMENT_PART_BYTES) flush(false);
      }
      flush(true);
      if (hash.digest('hex') !== sha256) throw brokenCopy(name);
      prepared(db, 'UPDATE attachment_blobs SET size = ? WHERE sha256 = ?').run(size, sha256);
    },
    read(sha256, name) {
      return new Uint8Array(Buffer.concat([...parts(sha256, name)]));
    },
    parts,
    status(sha256): FileStatus {
      if (!hasParts(sha256)) return 'missing';
      const hash = crypto.createHash('sha256');
      let size = 0;
      try {
        for (const part of parts(sha256, sha256)) {
          hash.update(part);
          size += part.length;
        }
      } catch {
        return 'changed'; // some parts are there, not all of them
      }
      const blob = prepared(db, 'SELECT size FROM attachment_blobs WHERE sha256 = ?').get(sha256) as { size: number };
      return size === blob.size && hash.digest('hex') === sha256 ? 'ok' : 'changed';
    },
    list() {
      return prepared(db, 'SELECT sha256, size, (extract(epoch FROM stored_at) * 1000)::float8 AS "mtimeMs" FROM attachment_blobs ORDER BY sha256').all() as {
        sha256: string;
        size: number;
        mtimeMs: number;
      }[];
    },
    remove(sha256s) {
      // Only documents no attachment row names: one linked meanwhile by another PC stays.
      if (sha256s.length > 0) prepared(db, 'DELETE FROM attachment_blobs b WHERE sha256 = ANY(?) AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = b.sha256)').run([sha256s]);
    },
    temps: () => [],
    tempsByHash: () => new Map(),
    removeTemp: () => undefined,
    placeInterrupted: () => 0,
  };
}
