/** Budget units' yearly planned agricultural procurement: the denominator of RESERVED_SHARE_LOW. */
import { AppError } from '../../../shared/result';
import { defineHandlers, requireLedger } from '../context';

export const planHandlers = defineHandlers({
  'plans/list': (ctx) => {
    const rows = requireLedger(ctx)
      .db.prepare(
        `SELECT pl.id, pl.purchaser_id AS "purchaserId", p.name AS "purchaserName", pl.year, pl.planned_fen AS "plannedFen"
         FROM purchaser_plans pl JOIN purchasers p ON p.id = pl.purchaser_id ORDER BY pl.year DESC, p.name`,
      )
      .all() as { id: number; purchaserId: number; purchaserName: string; year: number; plannedFen: number }[];
    return { plans: rows };
  },
  'plans/save': (ctx, { purchaserId, year, plannedFen }) => {
    const ledger = requireLedger(ctx);
    const purchaser = ledger.db.prepare('SELECT name, budget_unit FROM purchasers WHERE id = ?').get(purchaserId) as { name: string; budget_unit: number } | undefined;
    if (!purchaser) throw new AppError('NOT_FOUND', `找不到编号为 ${purchaserId} 的购买主体`);
    if (!purchaser.budget_unit) throw new AppError('VALIDATION', `“${purchaser.name}”不是预算单位，无需填写预留份额计划`);
    const existing = ledger.db.prepare('SELECT id FROM purchaser_plans WHERE purchaser_id = ? AND year = ?').get(purchaserId, year) as { id: number } | undefined;
    const id = ledger.write(`${purchaser.name} ${year} 年采购计划`, (w) => {
      if (existing) {
        w.update('purchaserPlan', existing.id, { planned_fen: plannedFen });
        return existing.id;
      }
      return Number(w.insert('purchaserPlan', { purchaser_id: purchaserId, year, planned_fen: plannedFen }).id);
    });
    return { id };
  },
});
