/**
 * periods/list for one month, and periods/latest: what 月报 needs on opening without reading
 * every record (one indexed range each), answering as the whole list does.
 */
import { describe, expect, it } from 'vitest';
import { coreWithLedger } from './support';

const rec = (date: string | null, amountFen: number) => ({ type: 'insert' as const, values: { date, purchaserName: '区教育局', productName: '勐海普洱茶', originCode: '532822', amountFen } });

describe('months of the ledger', () => {
  it('answers for one month as the whole list does, and names the latest month holding records up to a month', async () => {
    const { core } = await coreWithLedger();
    await core.call('records/apply', {
      label: '录入',
      ops: [rec('2021-10-03', 100), rec('2021-11-05', 200), rec('2021-11-30', 300), rec('2022-03-01', 400), rec('2031-01-01', 500), rec(null, 600)],
    });
    await core.call('periods/submit', { month: '2021-11' });
    const all = (await core.call('periods/list', {})).periods;
    for (const month of ['2021-10', '2021-11', '2022-03']) {
      expect((await core.call('periods/list', { month })).periods).toEqual(all.filter((p) => p.month === month));
    }
    // a month without records nor a submission is there too, empty and open (as 月报 shows it)
    expect((await core.call('periods/list', { month: '2021-12' })).periods).toEqual([expect.objectContaining({ month: '2021-12', records: 0, totalFen: 0, status: 'open', version: 0 })]);

    expect(await core.call('periods/latest', { upTo: '2026-12' })).toEqual({ month: '2022-03' });
    expect(await core.call('periods/latest', { upTo: '2022-02' })).toEqual({ month: '2021-11' });
    expect(await core.call('periods/latest', { upTo: '2031-01' })).toEqual({ month: '2031-01' });
    expect(await core.call('periods/latest', { upTo: '2021-09' })).toEqual({ month: null });
  });
});
