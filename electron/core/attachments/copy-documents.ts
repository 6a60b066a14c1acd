/**
 * A ledger's documents, copied with it between a file and a server (backups/copy-ledger.ts):
 * every document an attachment row names, from the source's store into the target's, a part at
 * a time (never one whole in memory), checked against its hash on the way. Run inside the
 * copy's read snapshot, before the rows: on a server the attachment rows must find their bytes.
 */
import type { Db } from '../db/connection';
import type { DocumentStore } from './document-store';

export function copyDocuments(source: Db, from: DocumentStore, to: DocumentStore): number {
  const rows = source.prepare('SELECT sha256, original_name AS name FROM attachments ORDER BY id').all() as { sha256: string; name: string }[];
  for (const { sha256, name } of rows) to.putParts(sha256, from.parts(sha256, name), name);
  return rows.length;
}
