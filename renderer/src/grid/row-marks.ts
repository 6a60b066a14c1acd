/**
 * Cell marks from the shared row rules (shared/checks/row-rules.ts): the same rules the checks
 * page runs over the whole ledger, run here on the rows the grid shows, with the ledger's
 * paired regions, thresholds and supplier kinds from 'checks/rowContext'.
 */
import { useEffect, useMemo, useState } from 'react';
import { CHECKS } from '../../../shared/checks/codes';
import { createRowChecker, type RowIssue } from '../../../shared/checks/row-rules';
import type { LedgerRecord } from '../../../shared/domain/record';
import { invoke } from '../api/client';
import type { Reference } from '../state/reference';

export interface RowMarks {
  /** issues of this record that concern `field` */
  forCell(record: LedgerRecord, field: string): RowIssue[];
}

export function severityOfIssues(issues: RowIssue[]): 'error' | 'warning' | null {
  if (issues.length === 0) return null;
  return issues.some((i) => CHECKS[i.code].severity === 'error') ? 'error' : 'warning';
}

export function useRowMarks(reference: Reference | null, refreshKey: number): RowMarks | null {
  const [context, setContext] = useState<Awaited<ReturnType<typeof invoke<'checks/rowContext'>>> | null>(null);
  useEffect(() => {
    let live = true;
    void invoke('checks/rowContext', {}).then((c) => live && setContext(c), () => undefined);
    return () => {
      live = false;
    };
  }, [refreshKey]);
  return useMemo(() => {
    if (!reference || !context) return null;
    const counties = new Set(reference.counties.map((c) => c.code));
    const check = createRowChecker({
      today: context.today,
      paired: context.paired,
      largeAmountFen: context.largeAmountFen,
      supplierKinds: new Map(context.supplierKinds),
      isCounty: (code) => counties.has(code),
    });
    // Rows are replaced (not mutated) when saved, so the object is a safe cache key.
    const cache = new WeakMap<LedgerRecord, RowIssue[]>();
    return {
      forCell(record, field) {
        let issues = cache.get(record);
        if (!issues) cache.set(record, (issues = check(record)));
        return issues.filter((i) => (i.fields as string[]).includes(field));
      },
    };
  }, [reference, context]);
}
