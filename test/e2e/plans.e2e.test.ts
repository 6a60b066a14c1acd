/**
 * A budget unit's yearly procurement plan, by hand in real Chromium: mark a purchaser as a budget
 * unit, enter its plan (a bad amount is refused in Chinese), change it, and see the checks use
 * it for the reserved share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('yearly procurement plans', () => {
  it('are entered for budget units, validated, changed, and used by the reserved-share check', async () => {
    const { page } = app;
    await createLedger(page, '计划测试');
    await page.getByRole('button', { name: '名录' }).click();

    // without a budget unit there is nothing to plan
    await page.getByRole('tab', { name: '年度采购计划' }).click();
    await expect.poll(() => page.locator('.page.lists').innerText()).toContain('先在“购买主体”中把单位标为预算单位');

    await page.getByRole('tab', { name: '购买主体' }).click();
    await page.getByRole('button', { name: /新增购买主体/ }).click();
    const form = page.locator('form.edit-form');
    await form.getByLabel('名称').fill('上海市松江区第一中学');
    await form.getByLabel('统一社会信用代码').fill('12310117425030498B');
    await form.getByLabel('主体类型').selectOption('事业单位');
    await form.getByLabel('预算单位').check();
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.page.lists table').innerText()).toContain('上海市松江区第一中学');

    await page.getByRole('tab', { name: '年度采购计划' }).click();
    await page.getByRole('button', { name: /填写年度计划/ }).click();
    const plan = page.locator('form.edit-form');
    await plan.getByLabel('预算单位').selectOption({ label: '上海市松江区第一中学' });
    await plan.getByLabel('年度').fill('2021');
    await plan.getByLabel('计划采购金额（元）').fill('十二万');
    await plan.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.page.lists .error-text').innerText()).toContain('不是有效的金额');

    await plan.getByLabel('计划采购金额（元）').fill('12万');
    await plan.getByRole('button', { name: '保存' }).click();
    const table = page.locator('.page.lists table');
    await expect.poll(() => table.innerText()).toContain('120,000.00');
    await shot(page, '40-lists-plans');

    // saving the same unit and year changes the plan instead of adding a second one
    await table.getByRole('button', { name: '修改' }).click();
    await page.locator('form.edit-form').getByLabel('计划采购金额（元）').fill('200000');
    await page.locator('form.edit-form').getByRole('button', { name: '保存' }).click();
    await expect.poll(() => table.innerText()).toContain('200,000.00');
    expect(await table.locator('tbody tr').count()).toBe(1);

    // no purchases from the paired regions in 2021: the check reports its share as too low
    await page.getByRole('button', { name: '检查', exact: true }).click();
    await page.getByRole('button', { name: '运行检查' }).click();
    await page.locator('section.check-group', { hasText: 'RESERVED_SHARE_LOW' }).waitFor();
  });

  it('names a union’s 所属单位 by name, so its purchases count toward that unit’s share', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '名录' }).click();
    await page.getByRole('tab', { name: '购买主体' }).click();
    await page.getByRole('button', { name: /新增购买主体/ }).click();
    const form = page.locator('form.edit-form');
    await form.getByLabel('名称').fill('上海市松江区第一中学工会');
    await form.getByLabel('统一社会信用代码').fill('81310117NYN9L8W7BT');
    // only a union has an employer: the field appears with the type
    expect(await form.getByLabel('所属单位（工会填）').count()).toBe(0);
    await form.getByLabel('主体类型').selectOption('工会');
    await form.getByLabel('所属单位（工会填）').fill('松江一中');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.page.lists .error-text').innerText()).toContain('名录中没有名为“松江一中”的购买主体');
    await form.getByLabel('所属单位（工会填）').fill('上海市松江区第一中学');
    await shot(page, '40-lists-union-employer');
    await form.getByRole('button', { name: '保存' }).click();
    const row = page.locator('.page.lists table tbody tr', { hasText: '上海市松江区第一中学工会' });
    const column = (await page.locator('.page.lists thead th').allInnerTexts()).findIndex((h) => h.startsWith('所属单位'));
    expect(column).toBeGreaterThan(0);
    await expect.poll(() => row.locator('td').nth(column).innerText()).toBe('上海市松江区第一中学');
  });
});
