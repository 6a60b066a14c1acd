import { describe, expect, it } from 'vitest';
import { defaultReportMonth } from '../../renderer/src/features/reports/default-month';

const NOW = new Date(2026, 11, 2); // 2 December 2026

describe('the month 月报 opens on', () => {
  it('is last month when it has records', () => {
    expect(defaultReportMonth([{ month: '2026-11', records: 3 }, { month: '2026-12', records: 1 }, { month: '2021-11', records: 9 }], NOW)).toBe('2026-11');
  });
  it('is the latest month with records when last month has none (a ledger of 2021 opened in 2026)', () => {
    expect(defaultReportMonth([{ month: '2021-12', records: 2 }, { month: '2021-11', records: 9 }, { month: '2026-11', records: 0 }], NOW)).toBe('2021-12');
  });
  it('never a future month, and last month for an empty ledger', () => {
    expect(defaultReportMonth([{ month: '2027-01', records: 5 }], NOW)).toBe('2026-11');
    expect(defaultReportMonth([], NOW)).toBe('2026-11');
    expect(defaultReportMonth([{ month: '2026-12', records: 4 }], NOW)).toBe('2026-12');
  });
  it('crosses the year in January', () => {
    expect(defaultReportMonth([], new Date(2027, 0, 5))).toBe('2026-12');
  });
});
