/**
 * Every check code of shared/checks/codes.ts is run somewhere and tested: a row rule has at
 * least one case in row-cases.ts (which row-rules.test.ts and prefilter.test.ts run through
 * the whole-ledger pass), any other code is one of the ledger-wide checks listed here with the
 * test that covers it. A code added without either fails here.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_CODES } from '../../shared/checks/codes';
import { ROW_RULES, ROW_RULE_CODES } from '../../shared/checks/row-rules';
import { CASES } from './row-cases';

/** Checks that compare records with each other or read other tables (electron/core/checks/). */
const LEDGER_CHECKS: Record<string, string> = {
  INVOICE_DUPLICATE: 'many-row.test.ts',
  RECORD_DUPLICATE: 'many-row.test.ts',
  PURCHASER_CONFLICT: 'many-row.test.ts',
  PRICE_OUTLIER: 'many-row.test.ts',
  RESERVED_SHARE_LOW: 'many-row.test.ts',
  CERT_MISSING: 'many-row.test.ts',
  CERT_EXPIRED: 'many-row.test.ts',
  ATTACHMENT_MISSING: 'many-row.test.ts',
  ATTACHMENT_BROKEN: 'many-row.test.ts',
  LOCKED_PERIOD_EDITED: 'periods.test.ts',
  AUDIT_CHAIN_BROKEN: 'audit-chain.test.ts',
};

describe('the check registry', () => {
  for (const code of CHECK_CODES) {
    it(`${code} is a row rule with a case, or a ledger-wide check`, () => {
      if (ROW_RULE_CODES.includes(code)) {
        expect(CASES.filter((c) => c.code === code).length, `${code} is a row rule without a case in test/checks/row-cases.ts`).toBeGreaterThan(0);
        expect(LEDGER_CHECKS[code]).toBeUndefined();
      } else {
        expect(LEDGER_CHECKS[code], `${code} has no row rule in shared/checks/row-rules.ts and is not a ledger-wide check`).toBeDefined();
      }
    });
  }

  it('every case names a row rule, and every rule says which fields it reads', () => {
    for (const c of CASES) expect(ROW_RULE_CODES).toContain(c.code);
    for (const rule of ROW_RULES) expect(rule.reads.length, rule.code).toBeGreaterThan(0);
  });
});
