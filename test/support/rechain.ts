/**
 * What an attacker with the file can do: rewrite the audit log and re-chain it with the app's
 * own hash function, so the ledger verifies clean on its own. Only the outside witnesses (the
 * city's packages, the office PC's remembered head) can catch it.
 */
import Database from 'better-sqlite3';
import { entryHash, GENESIS_HASH, type AuditFields } from '../../electron/core/db/audit-chain';

/**
 * Applies `rewrite` (plain SQL on the ledger, with the log's triggers dropped) and then re-chains
 * every entry from the first with entryHash, putting the triggers back.
 */
export function rewriteAndRechain(file: string, rewrite: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    const triggers = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").pluck().all() as string[];
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
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
    for (const t of triggers) db.exec(t);
  } finally {
    db.close();
  }
}
