/**
 * The submission package: build one for a month (checks first; refused while unwaived errors
 * remain unless forced with a reason; then the month is locked), and verify any package.
 */
import { AppError } from '../../../shared/result';
import { CheckRun } from '../checks/run';
import { defineHandlers, requireLedger } from '../context';
import { submitPeriod } from '../periods/app';
import { buildPackage } from './build';
import { fromCheckReport, waiverActors } from './checks-adapter';
import { verifyPackage } from './verify';
import { verifyPackageChain } from './verify-chain';
import { besideLedger, withdrawPackageFile, writePackageFile } from './write';

export const packageHandlers = defineHandlers({
  'package/build': (ctx, { period, forceReason, out: given, saveBesideLedger, jobId }) =>
    ctx.jobs.run(jobId, async (job) => {
      const ledger = requireLedger(ctx);
      const existing = ledger.db.prepare('SELECT status, version FROM periods WHERE month = ?').get(period) as { status: string; version: number } | undefined;
      if (existing?.status === 'submitted') throw new AppError('PERIOD_SUBMITTED', `${period} 月已经报送；如需重新报送，请先重新打开该月并写明原因`);
      job.report('正在检查');
      const report = new CheckRun(ledger, ctx.reference, period, { auditChainWorkerUrl: ctx.workerUrls.auditChain }).runToEnd((p) => job.report(`正在检查：${p.stage}`, Math.round(p.fraction * 100), 100), job.signal);
      job.throwIfCancelled();
      const built = await buildPackage(ledger, ctx.reference, { period, version: (existing?.version ?? 0) + 1, checks: fromCheckReport(report, waiverActors(ledger.db)), forceReason, job });
      job.throwIfCancelled();
      // With a place to save it, the package is on disk before the month is locked, and
      // withdrawn when the lock fails: the ledger never names a package that does not exist.
      const out = given ?? (saveBesideLedger ? besideLedger(ledger.path, built.fileName, ctx.dataDir) : undefined);
      if (out) writePackageFile(out, built.content);
      try {
        submitPeriod(ledger, period, built.sha256, built.manifest.forcedReason ?? null);
      } catch (err) {
        if (out) withdrawPackageFile(out);
        throw err;
      }
      return { ...(out ? { file: out } : {}), fileName: built.fileName, content: built.content, sha256: built.sha256, records: built.manifest.records, totalFen: built.manifest.totalFen, version: built.manifest.version };
    }),

  'package/verify': (_ctx, { content, previous }) => {
    const r = verifyPackage(content);
    const m = r.manifest;
    // The audit chain it carries, and with `previous` that it extends the earlier package's (verify-chain.ts).
    const problems = [...r.problems, ...(m ? verifyPackageChain(content, m, previous) : [])];
    return {
      ok: problems.length === 0,
      problems,
      manifest: m ? { office: m.office, period: m.period, version: m.version, records: m.records, totalFen: m.totalFen, createdAt: m.createdAt, files: m.files.length } : null,
      figures: r.figures ?? null,
      forced: r.forced ?? null,
      olderFormat: r.olderFormat ?? null,
    };
  },
});
