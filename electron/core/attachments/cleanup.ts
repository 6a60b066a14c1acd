/**
 * Cleanup, which the user runs (设置 › 附件文件): evidence is never deleted silently, so an
 * unlinked file stays in the store until then. One plan serves both the preview the user
 * confirms and the run, so the two cannot disagree on what "unused" means.
 *
 * Unused: attachment rows no link references, stored files no linked row names (orphans of
 * failed transactions included) and temporary files an interrupted add left. Anything written
 * in the last CLEANUP_GRACE_MS is kept: another process may be about to link it.
 */
import type { LedgerSession } from '../context';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { sessionDocuments, type DocumentStore } from './document-store';

/** Files added this recently are never removed: another process may be about to link them. */
export const CLEANUP_GRACE_MS = 2 * 60 * 1000;

interface CleanupPlan {
  /** attachment rows without a link */
  rows: number[];
  /** stored files no linked attachment names, old enough to remove */
  files: { sha256: string; size: number }[];
  /** temporary files old enough to remove (a linked file among them is put in place instead) */
  temps: { path: string; size: number }[];
  /** unused files kept because they are recent */
  keptRecent: number;
  /** everything in the store, unused or not */
  stored: { files: number; bytes: number };
}

function planCleanup(db: Db, store: DocumentStore, now: number): CleanupPlan {
  const rows = (prepared(db, 'SELECT id FROM attachments a WHERE NOT EXISTS (SELECT 1 FROM attachment_links l WHERE l.attachment_id = a.id)').all() as { id: number }[]).map((r) => r.id);
  const linked = new Set(
    (prepared(db, 'SELECT sha256 FROM attachments a WHERE EXISTS (SELECT 1 FROM attachment_links l WHERE l.attachment_id = a.id)').all() as { sha256: string }[]).map((r) => r.sha256),
  );
  const plan: CleanupPlan = { rows, files: [], temps: [], keptRecent: 0, stored: { files: 0, bytes: 0 } };
  const recent = (mtimeMs: number) => now - mtimeMs < CLEANUP_GRACE_MS;
  for (const f of store.list()) {
    plan.stored.files++;
    plan.stored.bytes += f.size;
    if (linked.has(f.sha256)) continue;
    if (recent(f.mtimeMs)) plan.keptRecent++;
    else plan.files.push(f);
  }
  const temps = store.temps();
  // Hashed only when there is something old to judge (normally .tmp/ is empty).
  const byHash = temps.some((t) => !recent(t.mtimeMs)) ? store.tempsByHash() : new Map<string, string>();
  const placeable = new Set([...byHash].filter(([sha256]) => linked.has(sha256) && store.status(sha256) !== 'ok').map(([, p]) => p));
  for (const t of temps) {
    plan.stored.files++;
    plan.stored.bytes += t.size;
    if (!recent(t.mtimeMs) && !placeable.has(t.path)) plan.temps.push(t);
  }
  return plan;
}

const sizeOf = (xs: { size: number }[]) => xs.reduce((sum, x) => sum + x.size, 0);

/** What cleanup would remove now, and what the store holds: for the user to confirm. */
export function previewCleanup(session: LedgerSession, now = Date.now()) {
  const plan = planCleanup(session.db, sessionDocuments(session), now);
  const unused = [...plan.files, ...plan.temps];
  return { stored: plan.stored, unused: { files: unused.length, bytes: sizeOf(unused) }, keptRecent: plan.keptRecent };
}

/**
 * Removes what is unused. Rows go first, in one audited transaction; files after it commits, so
 * a failure leaves extra files, never a row without its file. A linked file an interrupted add
 * left in `.tmp/` is put in place first, never taken for a leftover.
 */
export function cleanup(session: LedgerSession, now = Date.now()): { files: number; bytesFreed: number; keptRecent: number } {
  const store = sessionDocuments(session);
  store.placeInterrupted(session.db);
  const plan = planCleanup(session.db, store, now);
  if (plan.rows.length > 0) session.write('清理未使用的附件', (w) => plan.rows.forEach((id) => w.remove('attachment', id)));
  store.remove(plan.files.map((f) => f.sha256));
  for (const t of plan.temps) store.removeTemp(t.path);
  return { files: plan.files.length + plan.temps.length, bytesFreed: sizeOf(plan.files) + sizeOf(plan.temps), keptRecent: plan.keptRecent };
}
