/** Periods (months): their status, submission (which locks the month) and reopening with a reason. */
import type { PeriodInfo } from '../../../shared/domain/checks';
import { AppError } from '../../../shared/result';
import { defineHandlers, requireLedger, type LedgerSession } from '../context';
import type { PeriodsTable } from '../db/schema';

function periodRow(ledger: LedgerSession, month: string): PeriodsTable | undefined {
  return ledger.db.prepare('SELECT * FROM periods WHERE month = ?').get(month) as PeriodsTable | undefined;
}

function monthTotals(ledger: LedgerSession, month: string): { records: number; totalFen: number } {
  const r = ledger.db
    .prepare('SELECT count(*) AS records, coalesce(sum(amount_fen), 0) AS "totalFen" FROM records WHERE date >= ? AND date <= ?')
    .get(`${month}-01`, `${month}-31`) as { records: number; totalFen: number };
  return r;
}

function toInfo(row: PeriodsTable | undefined, month: string, totals: { records: number; totalFen: number }): PeriodInfo {
  return {
    month,
    status: row?.status ?? 'open',
    submittedAt: row?.submitted_at ?? null,
    packageSha256: row?.package_sha256 ?? null,
    version: row?.version ?? 0,
    reopenedAt: row?.reopened_at ?? null,
    reopenReason: row?.reopen_reason ?? null,
    ...totals,
  };
}

/** Lock a month: the submission package's builder calls this once the package is written. */
export function submitPeriod(ledger: LedgerSession, month: string, packageSha256: string | null, forcedReason: string | null = null): PeriodInfo {
  const existing = periodRow(ledger, month);
  if (existing?.status === 'submitted') throw new AppError('PERIOD_SUBMITTED', `${month} 月已经报送；如需重新报送，请先重新打开该月`);
  ledger.write(forcedReason ? `报送 ${month}（有未豁免的错误，强制报送：${forcedReason}）` : `报送 ${month}`, (w) => {
    const values = { status: 'submitted', submitted_at: w.at, package_sha256: packageSha256 };
    if (existing) w.update('period', existing.id, { ...values, version: existing.version + 1 });
    else w.insert('period', { month, ...values, version: 1, reopened_at: null, reopen_reason: null });
  });
  return toInfo(periodRow(ledger, month), month, monthTotals(ledger, month));
}

export const periodHandlers = defineHandlers({
  'periods/list': (ctx, args) => {
    const ledger = requireLedger(ctx);
    if (args.month) return { periods: [toInfo(periodRow(ledger, args.month), args.month, monthTotals(ledger, args.month))] };
    const rows = ledger.db.prepare('SELECT * FROM periods').all() as PeriodsTable[];
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    const totals = ledger.db
      .prepare('SELECT substr(date, 1, 7) AS month, count(*) AS records, coalesce(sum(amount_fen), 0) AS "totalFen" FROM records WHERE date IS NOT NULL GROUP BY 1')
      .all() as { month: string; records: number; totalFen: number }[];
    const totalsByMonth = new Map(totals.map((t) => [t.month, t]));
    const months = [...new Set([...byMonth.keys(), ...totalsByMonth.keys()])].sort().reverse();
    return {
      periods: months.map((m) => toInfo(byMonth.get(m), m, { records: totalsByMonth.get(m)?.records ?? 0, totalFen: totalsByMonth.get(m)?.totalFen ?? 0 })),
    };
  },

  'periods/latest': (ctx, { upTo }) => {
    // the last date up to the month's end, read off the date index; '0000' keeps NULL and text that is no date out
    const last = requireLedger(ctx).db.prepare("SELECT max(date) FROM records WHERE date >= '0000' AND date <= ?").pluck().get(`${upTo}-31`) as string | null;
    const month = last?.slice(0, 7) ?? null;
    return { month: month && /^\d{4}-\d{2}$/.test(month) ? month : null };
  },

  'periods/submit': (ctx, { month, packageSha256 }) => submitPeriod(requireLedger(ctx), month, packageSha256 ?? null),

  'periods/reopen': (ctx, { month, reason }) => {
    const ledger = requireLedger(ctx);
    const existing = periodRow(ledger, month);
    if (existing?.status !== 'submitted') throw new AppError('PERIOD_NOT_SUBMITTED', `${month} 月尚未报送，无需重新打开`);
    ledger.write(`重新打开 ${month}：${reason}`, (w) => {
      w.update('period', existing.id, { status: 'open', reopened_at: w.at, reopen_reason: reason });
    });
    return toInfo(periodRow(ledger, month), month, monthTotals(ledger, month));
  },
});
