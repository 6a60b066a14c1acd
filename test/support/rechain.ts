/**
 * What an attacker with the file (or the owner's credentials on a server) can do: rewrite the
 * audit log and re-chain it with the app's own hash function, so the ledger verifies clean on its
 * own. Only the outside witnesses (the city's packages, the office PC's remembered head) can
 * catch it.
 */
import { entryHash, GENESIS_HASH, type AuditFields } from '../../electron/core/db/audit-chain';
import type { LedgerDb } from '../../electron/core/db/ledger-db';
import { liftLogGuard, onPostgres, openBehindTheApp } from './behind-the-app';

/**
 * Applies `rewrite` (plain SQL on the ledger, with the log's guard lifted) and then re-chains
 * every entry from the first with entryHash, putting the guard back as it was (a file's
 * triggers re-created; a server's re-enabled), so verify finds nothing amiss.
 */
export function rewriteAndRechain(location: string, rewrite: (db: LedgerDb) => void): void {
  const db = openBehindTheApp(location);
  try {
    const pg = onPostgres(db);
    const triggers = pg ? [] : (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").pluck().all() as string[]);
    liftLogGuard(db);
    rewrite(db);
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as (AuditFields & { prev_hash: string; hash: string })[];
    const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
    let prev = GENESIS_HASH;
    db.transaction(() => {
      for (const r of rows) {
        const h = entryHash(prev, r);
        update.run(prev, h, r.seq);
        prev = h;
      }
    })();
    if (pg) db.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
    for (const t of triggers) db.exec(t);
  } finally {
    db.close();
  }
}
