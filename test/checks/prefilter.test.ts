/**
 * The SQL prefilter must never hide a record a row rule would flag: the record pass with it and
 * without it (every record through the rules) must find exactly the same issues.
 */
import { describe, expect, it } from 'vitest';
import { readRowRuleSettings, rowRuleContext } from '../../electron/core/checks/row-context';
import { RowPass } from '../../electron/core/checks/row-pass';
import { scopeOf } from '../../electron/core/checks/scope';
import type { CheckIssue } from '../../shared/domain/checks';
import { CLEAN, invoiceFor, ledgerWith, rawSql } from './helpers';
import { CASES } from './row-cases';

describe('record pass prefilter', () => {
  it('finds the same issues as running every rule on every record', async () => {
    const rows = CASES.flatMap((c) => [{ ...CLEAN, invoiceNo: invoiceFor(), ...c.bad }, { ...CLEAN, invoiceNo: invoiceFor(), ...c.good }]);
    // Whitespace-only text, full-width characters, odd codes: shapes only plain SQL can leave behind.
    const { core, file, ids } = await ledgerWith([...rows, CLEAN, CLEAN, CLEAN, CLEAN]);
    CASES.forEach((c, i) => {
      for (const [col, value] of Object.entries(c.rawBad ?? {})) rawSql(file, `UPDATE records SET ${col} = ? WHERE id = ?`, value, ids[i * 2]);
    });
    const tail = ids.slice(-4);
    rawSql(file, "UPDATE records SET purchaser_name = '　' WHERE id = ?", tail[0]);
    rawSql(file, "UPDATE records SET credit_code = ' 12310117425030498B', purchaser_type = '国有企业' WHERE id = ?", tail[1]);
    rawSql(file, "UPDATE records SET invoice_no = '２１312000000012345678', date = '2021-11-31' WHERE id = ?", tail[2]);
    rawSql(file, "UPDATE records SET channel = '储值卡', period = '2021-11' WHERE id = ?", tail[3]);

    const ledger = core.ctx.ledger!;
    const ctx = rowRuleContext(readRowRuleSettings(ledger), core.ctx.reference);
    const run = (withPrefilter: boolean) => {
      const issues: CheckIssue[] = [];
      const pass = new RowPass(ledger.db, scopeOf(null), ctx, issues, withPrefilter);
      while (!pass.done) pass.step(7);
      return issues;
    };
    const everyRow = run(false);
    expect(everyRow.length).toBeGreaterThan(CASES.length);
    expect(run(true)).toEqual(everyRow);
  });
});
