/**
 * The repair of numbers reused before migration 9 (reused-ids.ts finds them): what the deleted
 * row left on its number — attachment links and waivers written before the reusing insert and
 * not changed since — is ended through the write path, so the audit log says who ended what
 * and when, in one change. Nothing written since the reusing insert is touched, and the stored
 * files stay until cleanup, which decides whether anything else still uses them.
 */
import type { ReusedIdRepair } from '../../../shared/api';
import type { LedgerSession } from '../context';
import type { Db } from '../db/connection';
import { deletedSummary, findReuses, inheritedLinks, inheritedWaivers } from './reused-ids';

export const REPAIR_LABEL = '修复重复使用的编号';

/** What the repair would end now, per reuse (a number reused twice appears twice, each with its own deleted row's). */
export function planRepair(db: Db): ReusedIdRepair[] {
  const plan: ReusedIdRepair[] = [];
  const seenLinks = new Set<number>();
  const seenWaivers = new Set<number>();
  for (const r of findReuses(db)) {
    // an earlier reuse of the same number has already claimed what was written before it
    const links = inheritedLinks(db, r).filter((l) => !seenLinks.has(l.id));
    const waivers = inheritedWaivers(db, r).filter((w) => !seenWaivers.has(w.id));
    if (links.length + waivers.length === 0) continue;
    links.forEach((l) => seenLinks.add(l.id));
    waivers.forEach((w) => seenWaivers.add(w.id));
    plan.push({
      entity: r.entity,
      entityId: r.entity_id,
      deleted: deletedSummary(r),
      links: links.map((l) => ({ linkId: l.id, name: l.name, role: l.role })),
      waivers: waivers.map((w) => ({ waiverId: w.id, code: w.code, reason: w.reason })),
    });
  }
  return plan;
}

export function repairReusedIds(ledger: LedgerSession, dryRun: boolean): ReusedIdRepair[] {
  const plan = planRepair(ledger.db);
  if (dryRun || plan.length === 0) return plan;
  // planned again inside the write: what is ended is exactly what the transaction saw
  return ledger.write(REPAIR_LABEL, (w) => {
    const plan = planRepair(ledger.db);
    for (const p of plan) {
      for (const l of p.links) w.remove('attachmentLink', l.linkId);
      for (const x of p.waivers) w.remove('checkWaiver', x.waiverId);
    }
    return plan;
  });
}
