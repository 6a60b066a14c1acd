/**
 * Where a ledger's documents (the bytes of its attachments) live, chosen by the ledger's dialect:
 * - a ledger file: the folder beside it (`<ledger>.files/`, store.ts and store-many.ts), bytes
 *   on disk before the transaction that links them, unchanged in behaviour and speed;
 * - a PostgreSQL ledger: its own tables (pg-store.ts), bytes written in the very transaction
 *   that links them, so every staff PC sees the same documents and a backup holds them all.
 * Both name a document by its SHA-256 and keep identical bytes once. Everything else in
 * attachments/ (links, cleanup, verify, the viewer copy) and the package's documents go
 * through this interface, never a path of their own.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerSession } from '../context';
import { isPostgres, type Db } from '../db/connection';
import type { Writer } from '../db/write-path';
import { syncDir } from '../durable-file';
import { placeInterrupted, tempFilesByHash } from './recover';
import { postgresDocumentStore } from './pg-store';
import { brokenCopy, DOCUMENT_PART_BYTES, fileStatus, filesDirOf, listStoredFiles, listTempFiles, putFile, readStoredFile, removeStoredFile, storeError, storedPath, tmpDirOf, type FileStatus, type StoredFile } from './store';
import { putFiles } from './store-many';

export interface StoredDocument {
  sha256: string;
  size: number;
  /** when it was last stored or reused (cleanup keeps recent ones: another add may be linking it) */
  mtimeMs: number;
}

export interface DocumentStore {
  /** for messages: the folder, or the ledger's address */
  readonly where: string;
  /** Stores one document and links it in one audited write; `link` runs inside it, once the bytes are safe. */
  putAndLink<T>(session: LedgerSession, label: string, bytes: Uint8Array, name: string, link: (w: Writer, file: StoredFile) => T): T;
  /** The same for many (a drop): identical bytes stored once, every link in one write. */
  putManyAndLink<T>(session: LedgerSession, label: string, files: { bytes: Uint8Array; name: string }[], link: (w: Writer, stored: StoredFile[]) => T): Promise<T>;
  /**
   * Stores a document known by its hash from its parts, never holding it whole (a ledger's
   * copy: file ↔ server); refused with ATTACHMENT_BROKEN if the parts do not hash to it. On
   * PostgreSQL it runs inside the caller's transaction.
   */
  putParts(sha256: string, parts: Iterable<Uint8Array>, name: string): void;
  /** The whole document, for answers that hand one document over (attachments/content). ATTACHMENT_BROKEN when it is gone. */
  read(sha256: string, name: string): Uint8Array;
  /** The document part by part (at most DOCUMENT_PART_BYTES each), never whole: for export, packages, verify. */
  parts(sha256: string, name: string): Iterable<Uint8Array>;
  /** Whether the document is there and still hashes to its name. */
  status(sha256: string): FileStatus;
  list(): StoredDocument[];
  remove(sha256s: string[]): void;
  /** Files an interrupted add left under temporary names (the folder only; none on a server). */
  temps(): { path: string; size: number; mtimeMs: number }[];
  tempsByHash(): Map<string, string>;
  removeTemp(path: string): void;
  /** Puts linked documents an interrupted add left under temporary names in place (the folder only). */
  placeInterrupted(db: Db): number;
}

/** The store of the ledger open on `db` at `ledgerPath` (a file path or a postgres:// address). */
export function documentStoreOf(db: Db, ledgerPath: string): DocumentStore {
  return isPostgres(db) ? postgresDocumentStore(db, ledgerPath) : folderDocumentStore(filesDirOf(ledgerPath));
}

export function sessionDocuments(session: LedgerSession): DocumentStore {
  return documentStoreOf(session.db, session.path);
}

function folderDocumentStore(filesDir: string): DocumentStore {
  return {
    where: filesDir,
    putAndLink(session, label, bytes, name, link) {
      const file = putFile(filesDir, bytes, name);
      return session.write(label, (w) => link(w, file));
    },
    putManyAndLink(session, label, files, link) {
      return putFiles(filesDir, files, (stored, durable) => session.writeWhen(label, (w) => link(w, stored), durable));
    },
    putParts(sha256, parts, name) {
      if (fileStatus(filesDir, sha256) === 'ok') return;
      const target = storedPath(filesDir, sha256);
      const tmp = path.join(tmpDirOf(filesDir), `${process.pid}-${crypto.randomBytes(8).toString('hex')}`);
      try {
        fs.mkdirSync(path.dirname(tmp), { recursive: true });
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const fd = fs.openSync(tmp, 'wx');
        const hash = crypto.createHash('sha256');
        try {
          for (const part of parts) {
            hash.update(part);
            fs.writeSync(fd, part);
          }
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        if (hash.digest('hex') !== sha256) throw brokenCopy(name);
        fs.renameSync(tmp, target);
        syncDir(path.dirname(target));
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw storeError(err, name, filesDir);
      }
    },
    read: (sha256, name) => readStoredFile(filesDir, sha256, name),
    *parts(sha256, name) {
      let fd: number;
      try {
        fd = fs.openSync(storedPath(filesDir, sha256), 'r');
      } catch {
        readStoredFile(filesDir, sha256, name); // throws the message readStoredFile gives
        return;
      }
      try {
        for (;;) {
          // a fresh buffer per part: a caller may keep the parts it was given
          const part = new Uint8Array(DOCUMENT_PART_BYTES);
          const n = fs.readSync(fd, part, 0, part.length, null);
          if (n === 0) return;
          yield part.subarray(0, n);
        }
      } finally {
        fs.closeSync(fd);
      }
    },
    status: (sha256) => fileStatus(filesDir, sha256),
    list: () => listStoredFiles(filesDir),
    remove: (sha256s) => sha256s.forEach((sha256) => removeStoredFile(filesDir, sha256)),
    temps: () => listTempFiles(filesDir),
    tempsByHash: () => tempFilesByHash(filesDir),
    removeTemp: (path) => fs.rmSync(path, { force: true }),
    placeInterrupted: (db) => placeInterrupted(db, filesDir),
  };
}
