/** The monthly report's figures on records made to give known totals. */
import { describe, expect, it } from 'vitest';
import { coreWithLedger, SAMPLE } from './support';

describe('monthly report', () => {
  it('totals the month, the year to date against the target, and breaks them down', async () => {
    const { core } = await coreWithLedger();
    const settings = await core.call('settings/get', {});
    await core.call('settings/save', { settings: { annualTargetsFen: { ...settings.annualTargetsFen, 2021: 1_000_000_00 } } });
    const rows = [
      { ...SAMPLE, date: '2021-10-31', amountFen: 500_000, originCode: '532822' },
      { ...SAMPLE, date: '2021-11-01', amountFen: 100_000, originCode: '532822', households: 3 },
      { ...SAMPLE, date: '2021-11-15', amountFen: 200_000, originCode: '653125', channel: '832平台', purchaserType: '学校', category: '加工食品', households: 5 },
      { ...SAMPLE, date: '2021-11-30', amountFen: 300_000, originCode: '500101', kind: '服务', personTimes: 12, households: null },
      { ...SAMPLE, date: '2021-12-01', amountFen: 900_000 },
      { ...SAMPLE, date: '2020-11-10', amountFen: 700_000 },
    ];
    await core.call('records/apply', { label: '录入', ops: rows.map((values) => ({ type: 'insert' as const, values })) });

    const r = await core.call('reports/monthly', { period: '2021-11' });
    expect(r.month).toEqual({ records: 3, amountFen: 600_000 });
    expect(r.yearToDate).toEqual({ records: 4, amountFen: 1_100_000 });
    expect(r.annualTargetFen).toBe(100_000_000);
    expect(r.targetPct).toBe(1.1);
    expect(r.months).toEqual([{ period: '2021-10', amountFen: 500_000 }, { period: '2021-11', amountFen: 600_000 }]);
    expect(r.byChannel).toEqual([
      { name: '食堂直采', records: 2, amountFen: 400_000 },
      { name: '832平台', records: 1, amountFen: 200_000 },
    ]);
    expect(r.byPurchaserType.find((b) => b.name === '学校')).toEqual({ name: '学校', records: 1, amountFen: 200_000 });
    expect(r.byRegion.map((g) => [g.province, g.prefecture, g.county, g.amountFen, g.paired])).toEqual([
      ['重庆市', '', '万州区', 300_000, true],
      ['云南省', '西双版纳傣族自治州', '勐海县', 100_000, true],
      ['新疆维吾尔自治区', '喀什地区', '莎车县', 200_000, true],
    ]);
    expect(r.householdsBenefited).toBe(8);
    expect(r.service).toEqual({ amountFen: 300_000, personTimes: 12 });
    expect(r.officeName).toBe('松江区合作交流办');
  });

  it('lists tied groups in one order on a file and on a server: the unfilled one first, then by name', async () => {
    const { core } = await coreWithLedger();
    const tied = { ...SAMPLE, date: '2021-11-05', amountFen: 100_000 };
    const rows = [
      { ...tied, channel: '食堂直采', category: '茶叶', purchaserType: '学校' },
      { ...tied, channel: null, category: null, purchaserType: null, purchaserName: '张三', creditCode: null },
      { ...tied, channel: '832平台', category: '加工食品', purchaserType: '党政机关' },
    ];
    await core.call('records/apply', { label: '录入', ops: rows.map((values) => ({ type: 'insert' as const, values })) });
    const r = await core.call('reports/monthly', { period: '2021-11' });
    const names = (b: { name: string }[]) => b.map((g) => g.name);
    expect(names(r.byChannel)).toEqual(['（未填）', '832平台', '食堂直采']);
    expect(names(r.byCategory)).toEqual(['（未填）', '加工食品', '茶叶']);
    expect(names(r.byPurchaserType)).toEqual(['（未填）', '党政机关', '学校']);
  });

  it('refuses a month that is not one', async () => {
    const { core } = await coreWithLedger();
    await expect(core.call('reports/monthly', { period: '2021-13' })).rejects.toMatchObject({ code: 'BAD_ARGS' });
  });
});
