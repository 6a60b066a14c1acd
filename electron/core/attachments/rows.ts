/** Looking up attachment rows, for links.ts (linking files) and recover.ts (placing files an interrupted add left). */
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';

/** The attachment row naming these bytes, if the ledger has one. */
export function attachmentIdOf(db: Db, sha256: string): number | undefined {
  return (prepared(db, 'SELECT id FROM attachments WHERE sha256 = ?').get(sha256) as { id: number } | undefined)?.id;
}
