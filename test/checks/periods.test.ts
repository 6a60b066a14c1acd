/** The period lock, reopening with a reason, LOCKED_PERIOD_EDITED, and waivers: all audited. */
import { describe, expect, it } from 'vitest';
import { CLEAN, invoiceFor, issuesOf, ledgerWith, rawSql, runChecks } from './helpers';

describe('period lock', () => {
  it('refuses inserting, changing or deleting records of a submitted month, until reopened with a reason', async () => {
    const { core, ids } = await ledgerWith([CLEAN, { ...CLEAN, date: '2021-12-01', invoiceNo: invoiceFor('2021-12-01') }]);
    const submitted = await core.call('periods/submit', { month: '2021-11' });
    expect(submitted).toMatchObject({ month: '2021-11', status: 'submitted', version: 1, records: 1 });

    const refused = [
      await core.invoke('records/apply', { ops: [{ type: 'insert', values: { ...CLEAN, invoiceNo: invoiceFor() } }] }),
      await core.invoke('records/apply', { ops: [{ type: 'update', id: ids[0], values: { remark: '改一下' } }] }),
      await core.invoke('records/apply', { ops: [{ type: 'delete', id: ids[0] }] }),
      // moving December's record into November is a change to November too
      await core.invoke('records/apply', { ops: [{ type: 'update', id: ids[1], values: { date: '2021-11-30' } }] }),
    ];
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'PERIOD_LOCKED', message: expect.stringContaining('2021-11') } });
    // December stays open.
    expect((await core.invoke('records/apply', { ops: [{ type: 'update', id: ids[1], values: { remark: '十二月' } }] })).ok).toBe(true);

    expect(await core.invoke('periods/reopen', { month: '2021-11', reason: '' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
    const reopened = await core.call('periods/reopen', { month: '2021-11', reason: '医院补报一张发票' });
    expect(reopened).toMatchObject({ status: 'open', reopenReason: '医院补报一张发票' });
    expect((await core.invoke('records/apply', { ops: [{ type: 'update', id: ids[0], values: { remark: '补报' } }] })).ok).toBe(true);

    const { entries } = await core.call('audit/history', { entity: 'period' });
    expect(entries.map((e) => e.label)).toEqual(['重新打开 2021-11：医院补报一张发票', '报送 2021-11']);
    expect(entries[0].after).toMatchObject({ status: 'open', reopen_reason: '医院补报一张发票' });
    expect((await core.call('verify/ledger', {})).ok).toBe(true);

    const again = await core.call('periods/submit', { month: '2021-11' });
    expect(again).toMatchObject({ status: 'submitted', version: 2 });
    const { periods } = await core.call('periods/list', {});
    expect(periods.map((p) => [p.month, p.status])).toEqual([['2021-12', 'open'], ['2021-11', 'submitted']]);
  });

  it('LOCKED_PERIOD_EDITED: a record of a submitted month changed with plain SQL, or audited after the submission', async () => {
    const { core, file, ids } = await ledgerWith([CLEAN, { ...CLEAN, productName: '昭通苹果', invoiceNo: invoiceFor() }, { ...CLEAN, productName: '叶城核桃', invoiceNo: invoiceFor() }]);
    await core.call('periods/submit', { month: '2021-11' });
    expect(issuesOf(await runChecks(core), 'LOCKED_PERIOD_EDITED')).toEqual([]);

    rawSql(file, 'UPDATE records SET amount_fen = 1 WHERE id = ?', ids[1]);
    const plain = issuesOf(await runChecks(core, '2021-11'), 'LOCKED_PERIOD_EDITED');
    expect(plain.map((i) => i.recordId)).toEqual([ids[1]]);
    expect(plain[0].message).toContain('本程序之外被修改');
    // A submission recorded as earlier than the records' last audited change (made before the lock existed).
    rawSql(file, "UPDATE periods SET submitted_at = '2000-01-01T00:00:00.000Z'");
    const found = issuesOf(await runChecks(core, '2021-11'), 'LOCKED_PERIOD_EDITED');
    expect(found.map((i) => i.recordId)).toEqual(ids);
    expect(found[0].message).toContain('此后记录于');
    // December is not submitted: its run does not report November's records.
    expect(issuesOf(await runChecks(core, '2021-12'), 'LOCKED_PERIOD_EDITED')).toEqual([]);
  });
});

describe('waivers', () => {
  it('are audited, honoured by the next run and by the CLI exit status, and can be withdrawn', async () => {
    const { core, ids } = await ledgerWith([{ ...CLEAN, creditCode: '12310117425030498D' }]);
    const first = await runChecks(core);
    expect(first.openErrors).toBe(1);
    const issue = issuesOf(first, 'CREDIT_CODE_INVALID')[0];

    expect(await core.invoke('checks/waive', { code: issue.code, subject: issue.subject, reason: ' ' })).toMatchObject({ ok: false });
    const { waiver } = await core.call('checks/waive', { code: issue.code, subject: issue.subject, reason: '证照原件如此，已向市场监管局核实' });
    expect(waiver).toMatchObject({ recordId: ids[0], reason: '证照原件如此，已向市场监管局核实' });
    // the last report is updated at once, without a re-run
    expect((await core.call('checks/issues', { code: 'CREDIT_CODE_INVALID' })).summary.openErrors).toBe(0);

    const second = await runChecks(core);
    expect(second.openErrors).toBe(0);
    expect(second.groups.filter((g) => g.code !== 'ATTACHMENT_MISSING')).toEqual([{ code: 'CREDIT_CODE_INVALID', severity: 'error', count: 1, waived: 1 }]);
    expect(issuesOf(second, 'CREDIT_CODE_INVALID')[0].waiver).toMatchObject({ reason: '证照原件如此，已向市场监管局核实' });
    const { entries } = await core.call('audit/history', { entity: 'checkWaiver' });
    expect(entries[0]).toMatchObject({ action: 'insert', label: expect.stringContaining('证照原件如此') });

    expect(await core.call('checks/unwaive', { id: waiver.id })).toEqual({ removed: true });
    expect((await runChecks(core)).openErrors).toBe(1);
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
  });
});

describe('stepped runs', () => {
  it('report progress, finish with the same report as a run at once, and can be cancelled', async () => {
    const { core } = await ledgerWith([CLEAN, { ...CLEAN, creditCode: '12310117425030498D', invoiceNo: invoiceFor() }]);
    const at = await runChecks(core);
    const { runId, progress } = await core.call('checks/start', {});
    expect(progress.fraction).toBe(0);
    let step = await core.call('checks/continue', { runId, budgetMs: 10 });
    while (!step.done) step = await core.call('checks/continue', { runId, budgetMs: 10 });
    expect(step.progress.fraction).toBe(1);
    expect(step.summary).toMatchObject({ groups: at.groups, openErrors: at.openErrors, records: 2 });
    const page = await core.call('checks/issues', { offset: 0, limit: 10 });
    expect(page.issues.map((i) => i.code)).toEqual(at.issues.map((i) => i.code));

    const other = await core.call('checks/start', {});
    expect(await core.call('checks/cancel', { runId: other.runId })).toEqual({ cancelled: true });
    expect(await core.invoke('checks/continue', { runId: other.runId })).toMatchObject({ ok: false, error: { code: 'CHECK_RUN_GONE' } });
  });
});
