/**
 * Live cell marks: the shared row rules (shared/checks/row-rules.ts, the same code the checks
 * engine runs over the whole ledger) applied to the rows the grid shows. Results are kept per
 * row object, so a cell re-render costs a lookup, and a changed row (a new object) is checked anew.
 */
import { CHECKS } from '../../../shared/checks/codes';
import { createRowChecker, type CheckRow, type RowIssue } from '../../../shared/checks/row-rules';
import type { LedgerRecord } from '../../../shared/domain/record';
import type { CountyResolver } from '../../../shared/record-fields';
import { invoke } from '../api/client';

export type RowMarks = (row: LedgerRecord) => RowIssue[];

export const NO_MARKS: RowMarks = () => [];

export async function loadRowMarks(isCounty: (code: string) => boolean, countyName?: (code: string) => string, resolveCounty?: CountyResolver): Promise<RowMarks> {
  const ctx = await invoke('checks/rowContext', {});
  const check = createRowChecker({ today: ctx.today, isCounty, countyName, resolveCounty, paired: ctx.paired, largeAmountFen: ctx.largeAmountFen, supplierKinds: new Map(ctx.supplierKinds) });
  const cache = new WeakMap<LedgerRecord, RowIssue[]>();
  return (row) => {
    let issues = cache.get(row);
    if (!issues) cache.set(row, (issues = check(row as unknown as CheckRow)));
    return issues;
  };
}

export function severityAt(marks: RowMarks, row: LedgerRecord | undefined, field: string): 'error' | 'warning' | null {
  if (!row || row.id < 0) return null;
  let found: 'error' | 'warning' | null = null;
  for (const i of marks(row)) {
    if (!i.fields.includes(field as never)) continue;
    if (CHECKS[i.code].severity === 'error') return 'error';
    found = 'warning';
  }
  return found;
}

export function messagesAt(marks: RowMarks, row: LedgerRecord | undefined, field: string): string | undefined {
  if (!row || row.id < 0) return undefined;
  const messages = marks(row).filter((i) => i.fields.includes(field as never)).map((i) => `${CHECKS[i.code].severity === 'error' ? '错误' : '提示'}：${i.message}`);
  return messages.length ? messages.join('\n') : undefined;
}
