/** Who changed what: the history panel of one record (or list entry) and of the whole ledger. */
import type { AuditEntry } from '../../../shared/api';
import { defineHandlers, requireLedger } from '../context';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';
import { ENTITY_TABLES, type EntityName } from '../db/write-path';
import { parseAuditJson, rowDigest } from '../db/audit-chain';
import { deletedSummary, latestReuse } from './reused-ids';

/**
 * A bulk insert's entry keeps only the row's digest (migration 7). The values it wrote are the
 * `before` of the row's next entry, or the row as it is now when there is none; shown only when
 * they match the digest, so the panel never presents values the log cannot vouch for.
 */
function insertedValues(db: Db, entity: string, entityId: number | null, seq: number, digest: string): Record<string, unknown> | null {
  const table = ENTITY_TABLES[entity as EntityName];
  if (!table || entityId === null) return null;
  const next = prepared(db, 'SELECT before_json FROM audit_log WHERE entity = ? AND entity_id = ? AND seq > ? ORDER BY seq LIMIT 1').get(entity, entityId, seq) as
    | { before_json: string | null }
    | undefined;
  const candidate = next
    ? next.before_json
      ? (parseAuditJson(next.before_json) ?? null)
      : null
    : ((prepared(db, `SELECT * FROM ${table} WHERE id = ?`).get(entityId) as Record<string, unknown> | undefined) ?? null);
  return candidate && rowDigest(candidate) === digest ? candidate : null;
}

export const auditHandlers = defineHandlers({
  'audit/history': async (ctx, { entity, entityId, beforeSeq, limit }) => {
    const { kysely, db } = requireLedger(ctx);
    let q = kysely.selectFrom('audit_log').selectAll();
    if (entity) q = q.where('entity', '=', entity);
    if (entityId !== undefined) q = q.where('entity_id', '=', entityId);
    if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
    // One row's history never runs on into that of a deleted row which had its number before
    // (reused before migration 9): it starts at its own insert, and names the other.
    const reuse = entity && entityId !== undefined ? latestReuse(db, entity, entityId, beforeSeq) : null;
    if (reuse) q = q.where('seq', '>=', reuse.inserted_seq);
    const rows = await q.orderBy('seq', 'desc').limit(limit ?? 200).execute();
    const entries: AuditEntry[] = rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      label: r.label,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before_json ? (parseAuditJson(r.before_json) ?? null) : null,
      after: r.after_json
        ? (parseAuditJson(r.after_json) ?? null)
        : r.after_sha256
          ? insertedValues(db, r.entity, r.entity_id, r.seq, r.after_sha256)
          : null,
      afterSha256: r.after_sha256 ?? null,
    }));
    const earlier = reuse ? { summary: deletedSummary(reuse), deletedAt: reuse.deleted_at, beforeSeq: reuse.inserted_seq } : null;
    return { entries, earlier };
  },
});
