/**
 * From checks to the package, by hand in real Chromium: a unit's file with one purchase from a
 * county the office is not paired with; the checks find it (grouped, explained), the record
 * opens from the issue, the issue is waived with a reason, and the month's package is built.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, createLedger, downloadFrom, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const CSV = [
  '日期,购买主体,统一社会信用代码,主体类型,产品名称,产品类别,产地,数量,单价,金额,发票号码',
  '2021-11-03,上海市松江区中心医院,12100000400000624D,事业单位,勐海普洱茶,茶叶,勐海县,10,128.5,1285,21312000000000000201',
  '2021-11-08,上海市松江区中心医院,12100000400000624D,事业单位,莎车巴旦木,加工食品,莎车县,5,58,290,21312000000000000202',
  '2021-11-12,上海市松江区中心医院,12100000400000624D,事业单位,北京烤鸭,加工食品,北京市东城区,2,150,300,21312000000000000203',
].join('\r\n');

describe('checks to package', () => {
  it('finds the unpaired origin, opens the record, waives it with a reason, then packages the month', async () => {
    const { page } = app;
    await createLedger(page, '检查测试');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'checks-e2e-')), '中心医院-11月.csv');
    fs.writeFileSync(file, CSV);
    await page.getByRole('button', { name: '导入' }).click();
    await page.locator('input[type="file"]').setInputFiles(file);
    const card = page.locator('section.import-file');
    await card.getByRole('button', { name: /确认导入/ }).click();
    await expect.poll(() => card.innerText()).toContain('已导入 3 条');

    // the grid marks the cell live, with the same rule the checks run
    await page.getByRole('button', { name: '台账明细' }).click();
    await expect.poll(() => cell(page, 2, 'originCode').getAttribute('class')).toContain('cell-check-error');
    expect(await cell(page, 0, 'originCode').getAttribute('class')).not.toContain('cell-check-error');
    await shot(page, '23-grid-cell-marks');

    await page.getByRole('button', { name: '检查', exact: true }).click();
    await page.getByRole('button', { name: '运行检查' }).click();
    const group = page.locator('section.check-group', { hasText: 'ORIGIN_NOT_PAIRED' });
    await group.waitFor();
    expect(await page.locator('.page.checks').innerText()).toContain('未豁免的错误');
    await group.locator('header').click();
    await group.getByRole('button', { name: /查看记录/ }).first().waitFor();
    await shot(page, '24-checks-grouped');

    await group.getByRole('button', { name: /查看记录/ }).first().click();
    await page.locator('.side-panel').getByText('北京烤鸭').first().waitFor();
    await page.getByRole('button', { name: '检查', exact: true }).click();
    await page.getByRole('button', { name: '运行检查' }).click();
    const again = page.locator('section.check-group', { hasText: 'ORIGIN_NOT_PAIRED' });
    await again.locator('header').click();
    await again.getByRole('button', { name: '豁免…' }).click();
    await page.getByLabel('豁免原因').fill('区工会慰问品，经领导小组同意计入');
    await page.getByRole('button', { name: '确认豁免' }).click();
    await again.getByText(/已豁免：区工会慰问品/).waitFor();
    await page.getByRole('button', { name: '重新检查' }).click();
    await page.getByText('没有未豁免的错误，可以报送。').waitFor();
    await shot(page, '25-checks-waived');

    await page.getByRole('button', { name: '报送' }).click();
    const row = page.locator('table.periods tbody tr', { hasText: '2021-11' });
    const pkg = await downloadFrom(page, () => row.getByRole('button', { name: '生成报送包并锁定' }).click());
    expect(pkg.name).toMatch(/-2021-11-报送包-第1版\.zip$/);
    await expect.poll(() => row.innerText()).toContain('已报送');
    await shot(page, '26-package-built');
    expect(app.errors).toEqual([]);
  });
});
