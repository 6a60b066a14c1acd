/** Looking up attachment rows; shared by links.ts (which links files) and recover.ts (which links.ts's cleanup calls). */
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';

/** The attachment row naming these bytes, if the ledger has one. */
export function attachmentIdOf(db: Db, sha256: string): number | undefined {
  return (prepared(db, 'SELECT id FROM attachments WHERE sha256 = ?').get(sha256) as { id: number } | undefined)?.id;
}
