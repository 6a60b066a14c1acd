/** Checks: run (at once or in steps), page through the last run's issues, waive with a reason. */
import { AppError } from '../../../shared/result';
import type { CheckReport } from '../../../shared/domain/checks';
import { defineHandlers, requireLedger, type LedgerSession } from '../context';
import { readRowRuleSettings } from './row-context';
import { applyWaivers, CheckRun, summaryOf } from './run';
import { listWaivers, readWaivers, unwaive, waive } from './waivers';

/** Per open ledger: the run in progress (at most one) and the last finished report. */
interface CheckState {
  active: CheckRun | null;
  last: CheckReport | null;
}
const states = new WeakMap<LedgerSession, CheckState>();
function stateOf(ledger: LedgerSession): CheckState {
  let s = states.get(ledger);
  if (!s) states.set(ledger, (s = { active: null, last: null }));
  return s;
}

function activeRun(ledger: LedgerSession, runId: string): CheckRun {
  const run = stateOf(ledger).active;
  if (!run || run.id !== runId) throw new AppError('CHECK_RUN_GONE', '这次检查已取消或已被新的检查取代，请重新运行检查');
  return run;
}

export const checkHandlers = defineHandlers({
  'checks/run': (ctx, { period }) => {
    const ledger = requireLedger(ctx);
    const report = new CheckRun(ledger, ctx.reference, period ?? null, { auditChainWorkerUrl: ctx.workerUrls.auditChain }).runToEnd();
    stateOf(ledger).last = report;
    return report;
  },

  'checks/start': (ctx, { period }) => {
    const ledger = requireLedger(ctx);
    const state = stateOf(ledger);
    state.active?.dispose();
    const run = new CheckRun(ledger, ctx.reference, period ?? null, { auditChainWorkerUrl: ctx.workerUrls.auditChain });
    state.active = run;
    return { runId: run.id, progress: run.progress() };
  },

  'checks/continue': (ctx, { runId, budgetMs }) => {
    const ledger = requireLedger(ctx);
    const run = activeRun(ledger, runId);
    const progress = run.step(budgetMs);
    if (!run.done) return { runId, done: false, progress, summary: null };
    const state = stateOf(ledger);
    state.active = null;
    state.last = run.result();
    return { runId, done: true, progress, summary: summaryOf(state.last) };
  },

  'checks/cancel': (ctx, { runId }) => {
    const state = stateOf(requireLedger(ctx));
    if (state.active?.id !== runId) return { cancelled: false };
    state.active.dispose();
    state.active = null;
    return { cancelled: true };
  },

  'checks/issues': (ctx, { code, offset, limit }) => {
    const last = stateOf(requireLedger(ctx)).last;
    if (!last) throw new AppError('NO_CHECK_RUN', '尚未运行检查，请先点击“运行检查”');
    const matching = code ? last.issues.filter((i) => i.code === code) : last.issues;
    return { summary: summaryOf(last), issues: matching.slice(offset, offset + limit), total: matching.length };
  },

  'checks/waive': (ctx, { code, subject, reason }) => {
    const ledger = requireLedger(ctx);
    const waiver = waive(ledger, code, subject, reason);
    const last = stateOf(ledger).last;
    if (last) applyWaivers(last, readWaivers(ledger.db));
    return { waiver };
  },

  'checks/unwaive': (ctx, { id }) => {
    const ledger = requireLedger(ctx);
    const removed = unwaive(ledger, id);
    const last = stateOf(ledger).last;
    if (last) applyWaivers(last, readWaivers(ledger.db));
    return { removed };
  },

  'checks/waivers': (ctx) => ({ waivers: listWaivers(requireLedger(ctx).db) }),

  'checks/rowContext': (ctx) => readRowRuleSettings(requireLedger(ctx)),

});
