/** Totals of the whole ledger, by month (the CLI's `stats`, the header's figures). */
import { sql } from 'kysely';
import type { StatsSummary } from '../../../shared/api';
import { defineHandlers, requireLedger } from '../context';

export const statsHandlers = defineHandlers({
  'stats/summary': async (ctx) => {
    const { kysely } = requireLedger(ctx);
    const rows = await kysely
      .selectFrom('records')
      .select([
        sql<string | null>`substr(date, 1, 7)`.as('month'),
        sql<number>`count(*)`.as('records'),
        sql<number>`coalesce(sum(amount_fen), 0)`.as('totalFen'),
      ])
      .groupBy(sql`substr(date, 1, 7)`)
      .execute();
    const summary: StatsSummary = { records: 0, totalFen: 0, byMonth: {} };
    for (const r of rows) {
      summary.records += Number(r.records);
      summary.totalFen += Number(r.totalFen);
      summary.byMonth[r.month ?? '无日期'] = { records: Number(r.records), totalFen: Number(r.totalFen) };
    }
    return summary;
  },
});
