/** Reports: the monthly report (月报) for one month, on screen and for print. */
import { CheckRun } from '../checks/run';
import { defineHandlers, requireLedger } from '../context';
import { pairedCountyCodes } from '../reference/paired-counties';
import { readSettings } from '../settings/app';
import { buildMonthlyReport } from './monthly';
import { unresolvedErrors } from './unresolved';

export const reportHandlers = defineHandlers({
  'reports/monthly': (ctx, { period }) => {
    const ledger = requireLedger(ctx);
    const paired = new Set(pairedCountyCodes(ledger, ctx.reference));
    const report = buildMonthlyReport(ledger.db, ctx.reference, readSettings(ledger), paired, period);
    // A month that is not clean says so at the top: checked here as its package would be.
    const checks = new CheckRun(ledger, ctx.reference, period, { auditChainWorkerUrl: ctx.workerUrls.auditChain }).runToEnd();
    return { ...report, unresolved: unresolvedErrors(ledger.db, checks) };
  },
});
