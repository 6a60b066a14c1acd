/** Reports: the monthly report (月报) for one month, on screen and for print. */
import { defineHandlers, requireLedger } from '../context';
import { pairedCountyCodes } from '../demo/load';
import { readSettings } from '../settings/app';
import { buildMonthlyReport } from './monthly';

export const reportHandlers = defineHandlers({
  'reports/monthly': (ctx, { period }) => {
    const ledger = requireLedger(ctx);
    const paired = new Set(pairedCountyCodes(ledger, ctx.reference));
    return buildMonthlyReport(ledger.db, ctx.reference, readSettings(ledger), paired, period);
  },
});
