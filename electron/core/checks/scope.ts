/** What a check run covers: the whole ledger, or one month (records dated in it or placed in it). */
export interface CheckScope {
  /** 'YYYY-MM' or null for the whole ledger */
  period: string | null;
  /** SQL condition on the records table aliased `r` (named parameters from `params`) */
  where: string;
  params: Record<string, string>;
}

export function scopeOf(period: string | null): CheckScope {
  if (!period) return { period: null, where: '1 = 1', params: {} };
  return {
    period,
    where: '((r.date >= @scopeFrom AND r.date <= @scopeTo) OR r.period = @scopeMonth)',
    params: { scopeFrom: `${period}-01`, scopeTo: `${period}-31`, scopeMonth: period },
  };
}

/** Whether an ISO date (or a record's period) falls in the scope. */
export function inScope(scope: CheckScope, date: unknown, period?: unknown): boolean {
  if (!scope.period) return true;
  return (typeof date === 'string' && date.startsWith(scope.period)) || period === scope.period;
}
