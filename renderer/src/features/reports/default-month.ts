/**
 * The month 月报 opens on: last month when it has records (the usual monthly routine); else the
 * latest month with records that is not in the future (a ledger of last year's purchases, or
 * one being filled in late, opens on what it holds instead of an empty page); else last month.
 */
export function lastMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function defaultReportMonth(months: readonly { month: string; records: number }[], now = new Date()): string {
  const last = lastMonth(now);
  const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  const held = months.filter((m) => m.records > 0 && m.month <= thisMonth).map((m) => m.month);
  if (held.includes(last) || held.length === 0) return last;
  return held.reduce((a, b) => (a > b ? a : b));
}
