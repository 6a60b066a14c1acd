/** Words the clerk reads (issue 14): no raw county codes or English codes, and the way to what a message asks. */
import { describe, expect, it } from 'vitest';
import { coreWithLedger, SAMPLE } from './support';

describe('messages name things as the clerk knows them', () => {
  it('an unpaired origin is named by its province, prefecture and county, with the code', async () => {
    const { core } = await coreWithLedger();
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: { ...SAMPLE, originCode: '370783' } }] });
    const report = await core.call('checks/run', {});
    const issue = report.issues.find((i) => i.code === 'ORIGIN_NOT_PAIRED');
    expect(issue?.message).toBe('产地 山东省潍坊市寿光市（370783）不是 2021 年的对口帮扶地区');
  });

  it('a locked month’s refusal points to where it is reopened (报送)', async () => {
    const { core } = await coreWithLedger();
    const { changes } = await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: SAMPLE }] });
    await core.call('periods/submit', { month: '2021-11' });
    const r = await core.invoke('records/apply', { label: '编辑', ops: [{ type: 'update', id: changes[0].id, values: { amountFen: 1 } }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'PERIOD_LOCKED' } });
    if (!r.ok) {
      expect(r.error.message).toContain('“报送”页');
      expect(r.error.message).not.toContain('“检查”页');
    }
  });
});

describe('the monthly report of a month with unresolved errors', () => {
  it('says how many records are affected and how much money, until they are fixed or waived', async () => {
    const { core } = await coreWithLedger();
    await core.call('records/apply', {
      label: '录入',
      ops: [
        { type: 'insert', values: { ...SAMPLE, creditCode: '12100000400000624D', invoiceNo: '21312000000000000301' } },
        { type: 'insert', values: { ...SAMPLE, creditCode: '12100000400000624D', originCode: '370783', amountFen: 50_000, quantity: 5, unitPrice: 100, invoiceNo: '21312000000000000302' } },
      ],
    });
    const report = await core.call('reports/monthly', { period: '2021-11' });
    expect(report.unresolved).toEqual({ findings: 1, records: 1, amountFen: 50_000 });

    const run = await core.call('checks/run', { period: '2021-11' });
    const issue = run.issues.find((i) => i.code === 'ORIGIN_NOT_PAIRED')!;
    await core.call('checks/waive', { code: issue.code, subject: issue.subject, reason: '对口关系年内调整' });
    expect((await core.call('reports/monthly', { period: '2021-11' })).unresolved).toEqual({ findings: 0, records: 0, amountFen: 0 });
  });
});
