/**
 * The documents behind the month's records, for the package: each stored file once, named by
 * its hash, and an index from record to file, read through the ledger's document store
 * (attachments/document-store.ts: the folder beside a file, the tables of a server ledger).
 */
import { documentStoreOf } from '../attachments/document-store';
import type { Db } from '../db/connection';
import { VIEWER_EXTENSION_OF_MIME } from '../../../shared/domain/attachments';

export interface PackageDocument {
  /** path inside the zip: documents/<sha256><ext> */
  path: string;
  sha256: string;
  content: Uint8Array;
}

export interface DocumentIndexRow {
  recordId: number;
  role: string;
  originalName: string;
  path: string;
}

/** Documents are named by hash with the extension their bytes call for (the same as a viewer copy's). */
const EXT_BY_MIME = VIEWER_EXTENSION_OF_MIME;

export function documentsOf(db: Db, ledgerPath: string, from: string, to: string): { documents: PackageDocument[]; index: DocumentIndexRow[]; missing: string[] } {
  const store = documentStoreOf(db, ledgerPath);
  const rows = db
    .prepare(
      `SELECT l.entity_id AS "recordId", l.role, a.original_name AS "originalName", a.sha256, a.mime
       FROM attachment_links l JOIN attachments a ON a.id = l.attachment_id JOIN records r ON r.id = l.entity_id
       WHERE l.entity = 'record' AND r.date >= ? AND r.date < ? ORDER BY l.entity_id, l.id`,
    )
    .all(from, to) as { recordId: number; role: string; originalName: string; sha256: string; mime: string | null }[];
  const documents = new Map<string, PackageDocument>();
  const missing: string[] = [];
  const index: DocumentIndexRow[] = [];
  for (const r of rows) {
    const name = `documents/${r.sha256}${EXT_BY_MIME[r.mime ?? ''] ?? ''}`;
    if (!documents.has(r.sha256)) {
      try {
        documents.set(r.sha256, { path: name, sha256: r.sha256, content: new Uint8Array(store.read(r.sha256, r.originalName)) });
      } catch {
        missing.push(r.originalName);
        continue;
      }
    }
    index.push({ recordId: r.recordId, role: r.role, originalName: r.originalName, path: name });
  }
  return { documents: [...documents.values()], index, missing };
}
