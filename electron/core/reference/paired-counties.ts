/**
 * The counties a ledger's district is paired with: the ledger's paired_regions, with a
 * prefecture code (ending in 00) expanded to every county under it. Demo data, import's
 * county guessing, the monthly report, exports and packages all ask this one question.
 */
import type { LedgerSession } from '../context';
import type { Reference } from './reference';

export function pairedCountyCodes(session: LedgerSession, reference: Reference): string[] {
  const codes = (session.db.prepare('SELECT code FROM paired_regions').all() as { code: string }[]).map((r) => r.code);
  const out = new Set<string>();
  for (const code of codes) {
    if (reference.isCounty(code)) out.add(code);
    else if (code.endsWith('00')) {
      for (const c of reference.data.counties) if (c.code.startsWith(code.slice(0, 4))) out.add(c.code);
    }
  }
  return [...out];
}
