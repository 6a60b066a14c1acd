/** Who changed what: the history panel of one record (or list entry) and of the whole ledger. */
import type { AuditEntry } from '../../../shared/api';
import { defineHandlers, requireLedger } from '../context';

export const auditHandlers = defineHandlers({
  'audit/history': async (ctx, { entity, entityId, beforeSeq, limit }) => {
    const { kysely } = requireLedger(ctx);
    let q = kysely.selectFrom('audit_log').selectAll();
    if (entity) q = q.where('entity', '=', entity);
    if (entityId !== undefined) q = q.where('entity_id', '=', entityId);
    if (beforeSeq !== undefined) q = q.where('seq', '<', beforeSeq);
    const rows = await q.orderBy('seq', 'desc').limit(limit ?? 200).execute();
    const entries: AuditEntry[] = rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      label: r.label,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before_json ? (JSON.parse(r.before_json) as Record<string, unknown>) : null,
      after: r.after_json ? (JSON.parse(r.after_json) as Record<string, unknown>) : null,
    }));
    return { entries };
  },
});
