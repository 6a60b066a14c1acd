/** The context the shared row rules need, read from the open ledger (settings, lists, reference). */
import type { RowRuleContext } from '../../../shared/checks/row-rules';
import { todayIso } from '../../../shared/dates';
import { countyNameWithCode } from '../../../shared/regions/resolve';
import type { LedgerSession } from '../context';
import type { Reference } from '../reference/reference';
import { readSettings } from '../settings/app';
import { DEFAULT_LARGE_AMOUNT_FEN } from '../settings/defaults';

/** The serialisable part (what the renderer fetches to mark cells with the same rules). */
export interface RowRuleSettings {
  today: string;
  paired: { code: string; fromYear: number | null; toYear: number | null }[];
  largeAmountFen: number;
  supplierKinds: [string, string][];
}

export function readRowRuleSettings(ledger: LedgerSession): RowRuleSettings {
  const settings = readSettings(ledger);
  const paired = ledger.db.prepare('SELECT code, from_year AS "fromYear", to_year AS "toYear" FROM paired_regions').all() as RowRuleSettings['paired'];
  const suppliers = ledger.db.prepare('SELECT name, kind FROM suppliers WHERE kind IS NOT NULL').all() as { name: string; kind: string }[];
  return {
    today: todayIso(),
    paired,
    largeAmountFen: settings.largeAmountFen ?? DEFAULT_LARGE_AMOUNT_FEN,
    supplierKinds: suppliers.map((s) => [s.name, s.kind]),
  };
}

export function rowRuleContext(s: RowRuleSettings, reference: Pick<Reference, 'isCounty' | 'regions' | 'resolveCounty'>): RowRuleContext {
  return {
    today: s.today,
    paired: s.paired,
    largeAmountFen: s.largeAmountFen,
    supplierKinds: new Map(s.supplierKinds),
    isCounty: reference.isCounty,
    countyName: (code) => countyNameWithCode(reference.regions, code),
    resolveCounty: reference.resolveCounty,
  };
}
