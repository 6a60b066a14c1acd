/** A ledger with chosen records in it, and a run of every check over it. */
import type { RecordValues } from '../../shared/domain/record';
import type { CheckIssue, CheckReport } from '../../shared/domain/checks';
import { coreWithLedger, SAMPLE } from '../core/support';
import { openBehindTheApp } from '../support/behind-the-app';
import type { Core } from '../../electron/core/core';

export type Values = Partial<Record<keyof RecordValues, string | number | null>>;

/** A record no check may flag: every later case starts from it and changes one thing. */
// (SAMPLE's own credit code has a wrong check character: the check caught it.)
export const CLEAN: Values = { ...SAMPLE, creditCode: '12310117425030498B', orderNo: null, remark: null };

let serial = 0;
/** A distinct, well-formed 数电 invoice number for the year of `date`. */
export function invoiceFor(date = '2021-11-05'): string {
  serial++;
  return `${date.slice(2, 4)}312000${String(90_000_000 + serial).padStart(12, '0')}`;
}

export async function ledgerWith(rows: Values[]): Promise<{ core: Core; file: string; ids: number[] }> {
  const { core, file } = await coreWithLedger();
  const ids: number[] = [];
  if (rows.length) {
    const r = await core.call('records/apply', { label: '测试数据', ops: rows.map((values) => ({ type: 'insert' as const, values })) });
    ids.push(...r.changes.map((c) => c.id));
  }
  return { core, file, ids };
}

/** Plain SQL, bypassing the app (what a unit's macro, a sqlite3 shell or psql would do). */
export function rawSql(file: string, sql: string, ...params: unknown[]): void {
  const db = openBehindTheApp(file);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

export async function runChecks(core: Core, period?: string): Promise<CheckReport> {
  return core.call('checks/run', period ? { period } : {});
}

export function issuesOf(report: CheckReport, code: string, recordId?: number): CheckIssue[] {
  return report.issues.filter((i) => i.code === code && (recordId === undefined || i.recordId === recordId));
}

/**
 * Codes found, without ATTACHMENT_MISSING: these ledgers have no documents attached, so every
 * record would carry that warning; the attachment checks are tested on their own.
 */
export function codesFound(report: CheckReport): string[] {
  return [...new Set(report.issues.map((i) => i.code).filter((c) => c !== 'ATTACHMENT_MISSING'))].sort();
}
