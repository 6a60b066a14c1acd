/**
 * Every check that judges one record, table-driven: a record made to trip it must be flagged
 * with that code, and a near-miss that must NOT trip it leaves the ledger without any issue
 * (false positives are bugs too). Through the core, on a real ledger file.
 */
import { describe, expect, it } from 'vitest';
import { CLEAN, codesFound, invoiceFor, issuesOf, ledgerWith, rawSql, runChecks } from './helpers';
import { CASES } from './row-cases';

describe('row rules: each code on a record made to trip it, and on one that must not', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.why}`, async () => {
      const invoice = { invoiceNo: invoiceFor() };
      const { core, file, ids } = await ledgerWith([{ ...CLEAN, ...invoice, ...c.bad }]);
      if (c.rawBad) {
        const [col, value] = Object.entries(c.rawBad)[0];
        rawSql(file, `UPDATE records SET ${col} = ? WHERE id = ?`, value, ids[0]);
      }
      const bad = await runChecks(core);
      const found = issuesOf(bad, c.code, ids[0]);
      expect(found, JSON.stringify(bad.issues)).toHaveLength(1);
      expect(found[0]).toMatchObject({ subject: `record:${ids[0]}`, message: expect.any(String) });
      if (c.message) expect(found[0].message).toContain(c.message);

      const clean = await ledgerWith([{ ...CLEAN, ...invoice, ...c.good }]);
      const good = await runChecks(clean.core);
      expect(codesFound(good), JSON.stringify(good.issues)).toEqual([]);
    });
  }

  it('the untouched sample record trips nothing', async () => {
    const { core } = await ledgerWith([CLEAN]);
    const report = await runChecks(core);
    // only the reminder that no invoice file is attached yet
    expect(codesFound(report)).toEqual([]);
    expect(report).toMatchObject({ records: 1, openErrors: 0, groups: [{ code: 'ATTACHMENT_MISSING', severity: 'warning', count: 1, waived: 0 }] });
  });

  it('DATE_OUTSIDE_PERIOD: a record placed in a month its date is not in', async () => {
    const { core, file, ids } = await ledgerWith([CLEAN, { ...CLEAN, invoiceNo: invoiceFor(), productName: '昭通苹果' }]);
    rawSql(file, "UPDATE records SET period = '2021-10' WHERE id = ?", ids[0]);
    rawSql(file, "UPDATE records SET period = '2021-11' WHERE id = ?", ids[1]);
    const report = await runChecks(core);
    expect(issuesOf(report, 'DATE_OUTSIDE_PERIOD').map((i) => i.recordId)).toEqual([ids[0]]);
    // Placed in October, it belongs to October's run too.
    expect(issuesOf(await runChecks(core, '2021-10'), 'DATE_OUTSIDE_PERIOD').map((i) => i.recordId)).toEqual([ids[0]]);
  });
});
