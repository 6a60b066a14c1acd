/**
 * What a ledger's document store holds, looked at and damaged from outside the app, on either
 * backend: the folder beside a ledger file (`<ledger>.files/`), or a PostgreSQL ledger's
 * attachment_blobs / attachment_chunks tables (attachments/pg-store.ts), reached over a
 * connection of its own as psql would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { filesDirOf, listStoredFiles, storedPath } from '../../electron/core/attachments/store';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';

export interface StoredDocuments {
  /** the hashes of the stored documents, sorted */
  hashes(): string[];
  bytes(sha256: string): Buffer;
  /** one byte changed, as an edit outside the app would */
  corrupt(sha256: string): void;
  /** the bytes gone */
  lose(sha256: string): void;
  /** every document older than cleanup's grace period */
  age(): void;
}

const isAddress = (ledger: string) => /^postgres(ql)?:\/\//.test(ledger);

function onServer<T>(address: string, fn: (db: PgDb) => T): T {
  const db = new PgDb(new PgSyncClient(address));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function storedDocuments(ledger: string): StoredDocuments {
  if (isAddress(ledger)) {
    return {
      hashes: () => onServer(ledger, (db) => db.prepare('SELECT sha256 FROM attachment_blobs ORDER BY sha256').pluck().all() as string[]),
      bytes: (sha256) =>
        onServer(ledger, (db) => Buffer.concat((db.prepare('SELECT bytes FROM attachment_chunks WHERE sha256 = ? ORDER BY part').pluck().all(sha256) as Uint8Array[]).map((b) => Buffer.from(b)))),
      corrupt: (sha256) =>
        onServer(ledger, (db) => db.prepare('UPDATE attachment_chunks SET bytes = set_byte(bytes, 9, get_byte(bytes, 9) # 255) WHERE sha256 = ? AND part = 0').run(sha256)),
      lose: (sha256) => onServer(ledger, (db) => db.prepare('DELETE FROM attachment_chunks WHERE sha256 = ?').run(sha256)),
      age: () => onServer(ledger, (db) => db.prepare("UPDATE attachment_blobs SET stored_at = now() - interval '1 hour'").run()),
    };
  }
  const dir = filesDirOf(ledger);
  return {
    hashes: () => listStoredFiles(dir).map((f) => f.sha256).sort(),
    bytes: (sha256) => fs.readFileSync(storedPath(dir, sha256)),
    corrupt: (sha256) => {
      const bytes = fs.readFileSync(storedPath(dir, sha256));
      bytes[9] ^= 0xff;
      fs.writeFileSync(storedPath(dir, sha256), bytes);
    },
    lose: (sha256) => fs.rmSync(storedPath(dir, sha256)),
    age: () => {
      const old = new Date(Date.now() - 60 * 60 * 1000);
      if (!fs.existsSync(dir)) return;
      for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        if (fs.statSync(path.join(dir, f)).isFile()) fs.utimesSync(path.join(dir, f), old, old);
      }
    },
  };
}
