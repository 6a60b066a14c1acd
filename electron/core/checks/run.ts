/**
 * One check run, in steps. The whole ledger is one streaming pass over the records (row rules
 * and tallies) in chunks, then the many-row checks one query each, then the audit chain in
 * slices. `step(budgetMs)` does units of work until the budget is spent and reports progress,
 * so a caller can keep each call short (the browser door serialises calls; the window must not
 * freeze) and cancel between steps; `runToEnd` does it all at once with a progress callback.
 */
import { randomUUID } from 'node:crypto';
import { CHECK_CODES, type CheckCode } from '../../../shared/checks/codes';
import type { CheckGroup, CheckIssue, CheckProgress, CheckReport, CheckSummary, CheckWaiver } from '../../../shared/domain/checks';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import type { Reference } from '../reference/reference';
import { readSettings } from '../settings/app';
import { attachmentChecks } from './attachment-checks';
import { chainCheck, type ChainCheck } from './audit-chain';
import { lockedPeriodEdits } from './locked-periods';
import { invoiceDuplicates, priceOutliers, purchaserConflicts, recordDuplicates } from './many-row';
import { readRowRuleSettings, rowRuleContext } from './row-context';
import { RowPass } from './row-pass';
import { reservedShareLow } from './reserved-share';
import { scopeOf, type CheckScope } from './scope';
import { readWaivers, waiverKey } from './waivers';

const ROW_CHUNK = 100_000;
const AUDIT_CHUNK = 100_000;
const CHAIN_STAGE = '验证操作记录链';

export interface CheckRunOptions {
  /** the built audit-chain worker (Electron build); undefined under tsx/vitest */
  auditChainWorkerUrl?: string;
  /** walk the audit chain in a worker from this many entries on (tests: 0 or Infinity) */
  chainInWorkerFrom?: number;
}

interface Stage {
  label: string;
  run(): void;
}

export class CheckRun {
  readonly id = randomUUID();
  readonly scope: CheckScope;
  private readonly issues: CheckIssue[] = [];
  private readonly rows: RowPass;
  private readonly chain: ChainCheck;
  private readonly stages: Stage[];
  private stageIndex = 0;
  private readonly totals: { rows: number; audit: number; unit: number };
  private rowsDone = 0;
  private auditDone = 0;
  private report: CheckReport | null = null;
  private readonly records: number;
  /** milliseconds spent per stage, for the benchmark */
  readonly timings = new Map<string, number>();

  constructor(
    private readonly ledger: LedgerSession,
    reference: Reference,
    period: string | null,
    opts: CheckRunOptions = {},
  ) {
    const db = ledger.db;
    this.scope = scopeOf(period);
    const settings = readSettings(ledger);
    const rowSettings = readRowRuleSettings(ledger);
    const ctx = rowRuleContext(rowSettings, reference);
    this.rows = new RowPass(db, this.scope, ctx, this.issues);
    // Started first: over a large log it walks in a worker while the stages below run here.
    this.chain = chainCheck(db, this.issues, { ledgerPath: ledger.path, workerUrl: opts.auditChainWorkerUrl, parallelFrom: opts.chainInWorkerFrom });
    const add = (list: CheckIssue[]) => {
      for (const i of list) this.issues.push(i);
    };
    this.stages = [
      { label: '查找重复发票', run: () => add(invoiceDuplicates(db, this.scope)) },
      { label: '查找重复记录', run: () => add(recordDuplicates(db, this.scope)) },
      { label: '核对购买主体与单价', run: () => add([...purchaserConflicts(db, this.scope), ...priceOutliers(db, this.scope)]) },
      { label: '计算预留份额', run: () => add(reservedShareLow(db, this.scope, settings, rowSettings.today)) },
      { label: '检查已报送月份', run: () => add(lockedPeriodEdits(db, this.scope.period)) },
      { label: '检查附件与证书', run: () => add(attachmentChecks(db, this.scope, ledger.path, settings.missingInvoiceAttachment ?? 'warning')) },
    ];
    this.records = db.prepare(`SELECT count(*) FROM records r WHERE ${this.scope.where}`).pluck().get(this.scope.params) as number;
    const rowsTotal = this.rows.total();
    const auditTotal = this.chain.total();
    // A query stage weighs about a tenth of the record pass in the progress bar.
    this.totals = { rows: rowsTotal, audit: auditTotal, unit: Math.max(1, Math.round(rowsTotal / 10)) };
  }

  get done(): boolean {
    return this.report !== null;
  }

  progress(): CheckProgress {
    const { rows, audit, unit } = this.totals;
    const whole = rows + audit + unit * this.stages.length;
    const done = this.rowsDone + this.auditDone + unit * this.stageIndex;
    const stage = !this.rows.done
      ? '逐条检查记录'
      : this.stageIndex < this.stages.length
        ? this.stages[this.stageIndex].label
        : this.chain.done
          ? '完成'
          : CHAIN_STAGE;
    return { fraction: this.report ? 1 : Math.min(0.999, whole ? done / whole : 0), stage };
  }

  /** One unit of work; false when there is none left. */
  private unit(): boolean {
    const label = !this.rows.done ? '逐条规则' : this.stageIndex < this.stages.length ? this.stages[this.stageIndex].label : null;
    const t = performance.now();
    const more = this.work();
    // The chain's own walking time: in a worker it overlaps the other stages.
    if (label === null) this.timings.set(CHAIN_STAGE, this.chain.walkMs);
    else this.timings.set(label, (this.timings.get(label) ?? 0) + performance.now() - t);
    return more;
  }

  private work(): boolean {
    if (!this.rows.done) {
      this.rowsDone += this.rows.step(ROW_CHUNK);
      return true;
    }
    if (this.stageIndex < this.stages.length) {
      this.stages[this.stageIndex++].run();
      return true;
    }
    if (!this.chain.done) {
      this.auditDone += this.chain.step(AUDIT_CHUNK);
      return true;
    }
    return false;
  }

  /** Work for about `budgetMs`, then return (always at least one unit). */
  step(budgetMs: number): CheckProgress {
    const until = performance.now() + budgetMs;
    while (!this.report) {
      if (!this.unit()) this.report = this.finish();
      else if (performance.now() >= until) break;
    }
    return this.progress();
  }

  runToEnd(onProgress?: (p: CheckProgress) => void, signal?: AbortSignal): CheckReport {
    while (!this.report) {
      if (signal?.aborted) {
        this.dispose();
        throw new AppError('CANCELLED', '检查已取消');
      }
      if (!this.unit()) this.report = this.finish();
      onProgress?.(this.progress());
    }
    return this.report;
  }

  /** Where the audit chain was walked (the benchmark says so): 'worker', 'thread' or 'fallback'. */
  get chainRanIn(): ChainCheck['ranIn'] {
    return this.chain.ranIn;
  }

  /** Stops what still runs in the background (the chain worker of a cancelled or replaced run). */
  dispose(): void {
    this.chain.dispose();
  }

  result(): CheckReport {
    if (!this.report) throw new AppError('CHECK_NOT_DONE', '检查尚未完成');
    return this.report;
  }

  private finish(): CheckReport {
    const order = new Map(CHECK_CODES.map((c, i) => [c, i]));
    this.issues.sort((a, b) => order.get(a.code)! - order.get(b.code)! || (a.recordId ?? 0) - (b.recordId ?? 0) || a.subject.localeCompare(b.subject));
    const report: CheckReport = {
      period: this.scope.period,
      ranAt: new Date().toISOString(),
      records: this.records,
      groups: [],
      openErrors: 0,
      issues: this.issues,
    };
    applyWaivers(report, readWaivers(this.ledger.db));
    return report;
  }
}

/** Marks waived issues and recounts the groups (after a run, and again after each waiver). */
export function applyWaivers(report: CheckReport, waivers: Map<string, CheckWaiver>): void {
  const order = new Map(CHECK_CODES.map((c, i) => [c, i]));
  const groups = new Map<CheckCode, CheckGroup>();
  let openErrors = 0;
  for (const issue of report.issues) {
    const w = waivers.get(waiverKey(issue.code, issue.subject));
    if (w) issue.waiver = { id: w.id, reason: w.reason, createdAt: w.createdAt };
    else delete issue.waiver;
    let g = groups.get(issue.code);
    if (!g) groups.set(issue.code, (g = { code: issue.code, severity: issue.severity, count: 0, waived: 0 }));
    g.count++;
    if (w) g.waived++;
    else if (issue.severity === 'error') openErrors++;
  }
  report.groups = [...groups.values()].sort(
    (a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || order.get(a.code)! - order.get(b.code)!,
  );
  report.openErrors = openErrors;
}

export function summaryOf(report: CheckReport): CheckSummary {
  const { issues: _issues, ...summary } = report;
  return summary;
}

