/**
 * Office settings: the contract bounds what settings/save takes (a stress test saved 200,000
 * reserved-share keys), and what is saved can be read back.
 */
import { describe, expect, it } from 'vitest';
import { coreWithLedger } from './support';

describe('settings/save', () => {
  it('saves a threshold and a target and reads them back', async () => {
    const { core } = await coreWithLedger();
    const before = await core.call('settings/get', {});
    const saved = await core.call('settings/save', { settings: { reservedShareThresholds: { ...before.reservedShareThresholds, 学校: 15 }, annualTargetsFen: { 2022: 200_000_000_00 } } });
    expect(saved.reservedShareThresholds.学校).toBe(15);
    expect((await core.call('settings/get', {})).annualTargetsFen).toEqual({ 2022: 200_000_000_00 });
  });

  it('refuses 200,000 threshold keys, 1,000 yearly targets and unknown settings at the door, in Chinese', async () => {
    const { core } = await coreWithLedger();
    const before = await core.call('settings/get', {});
    const many = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`类型${i}`, 10]));
    await expect(core.call('settings/save', { settings: { reservedShareThresholds: many } })).rejects.toMatchObject({ code: 'BAD_ARGS', message: expect.stringMatching(/参数不正确/) });
    const years = Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [String(2000 + i), 1]));
    await expect(core.call('settings/save', { settings: { annualTargetsFen: years } })).rejects.toMatchObject({ code: 'BAD_ARGS' });
    await expect(core.call('settings/save', { settings: { reservedShareThresholds: { ['长'.repeat(5000)]: 10 } } })).rejects.toMatchObject({ code: 'BAD_ARGS' });
    await expect(core.call('settings/save', { settings: { officeName: 'x'.repeat(1_000_000) } })).rejects.toMatchObject({ code: 'BAD_ARGS' });
    // a target no amount can reach past the bound every path carries
    await expect(core.call('settings/save', { settings: { largeAmountFen: 9_007_199_254_740_991 } })).rejects.toMatchObject({ code: 'BAD_ARGS' });
    expect(await core.call('settings/get', {})).toEqual(before);
  });
});
