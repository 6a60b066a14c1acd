/**
 * Issue 5's checks by hand, in real Chromium: a ledger with planted problems, run the checks,
 * see the groups with their counts and explanations, waive one issue with a reason, and jump
 * from an issue to its record in the grid, where the row rules mark the cells.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { cell, shot, startApp, type RunningApp } from './support/app';

const BASE = {
  date: '2021-11-05', purchaserName: '上海市松江区中心医院', creditCode: '12310117425030498B', purchaserType: '医疗卫生机构',
  productName: '勐海普洱茶', category: '茶叶', originCode: '532822', supplierName: '勐海县茶叶专业合作社', quantity: 10, unit: '盒',
  unitPrice: 128.5, amountFen: 128500, channel: '食堂直采', households: 3, kind: '货物',
};

let app: RunningApp;
beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-checks-'));
  // The planted problems, written through the core as an import would.
  const core = createCore({ dataDir, rememberRecent: false });
  await core.call('ledger/create', { path: path.join(dataDir, '检查演示.db'), officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
  const clean = Array.from({ length: 6 }, (_, i) => ({ ...BASE, date: `2021-11-${String(10 + i)}`, invoiceNo: `213120000000000021${String(10 + i)}` }));
  await core.call('records/apply', {
    label: '准备数据',
    ops: [
      ...clean,
      { ...BASE, creditCode: '12310117425030498D', invoiceNo: '21312000000000003001' }, // CREDIT_CODE_INVALID
      { ...BASE, originCode: '110101', invoiceNo: '21312000000000003002' }, // ORIGIN_NOT_PAIRED
      { ...BASE, purchaserName: '上海松江国有资产投资经营管理集团有限公司工会', creditCode: '81310117NYN9L8W7BT', purchaserType: '工会', invoiceNo: '21312000000000002110' }, // INVOICE_DUPLICATE with row 1
      { ...BASE, channel: '832平台', invoiceNo: '21312000000000003003' }, // ORDER_NO_MISSING
    ].map((values) => ({ type: 'insert' as const, values })),
  });
  core.close();
  app = await startApp(dataDir);
});
afterAll(async () => {
  await app?.stop();
});

describe('checks in the browser', () => {
  it('runs every check and shows the issues grouped by code', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /检查演示/ }).click();
    await page.getByRole('button', { name: '检查', exact: true }).click();
    await page.getByRole('button', { name: '运行检查' }).click();
    await page.locator('.check-summary').waitFor();
    const groups = page.locator('.check-group');
    await expect.poll(() => groups.count()).toBe(4);
    const text = await page.locator('.checks').innerText();
    expect(text).toContain('统一社会信用代码有误');
    expect(text).toContain('产地不在对口帮扶地区');
    expect(text).toContain('发票重复计入');
    expect(text).toContain('832 平台缺少订单号');
    expect(await page.locator('.check-group[data-code="INVOICE_DUPLICATE"] .count').innerText()).toContain('2 项');
    expect(await page.locator('.check-summary').innerText()).toContain('仍有 4 项错误');
    await page.locator('.check-group[data-code="CREDIT_CODE_INVALID"] header').click();
    await page.getByText('如何处理').waitFor();
    await shot(page, '10-checks-groups');
    expect(app.errors).toEqual([]);
  });

  it('waives an issue with a reason, and the count of open errors drops', async () => {
    const { page } = app;
    const group = page.locator('.check-group[data-code="CREDIT_CODE_INVALID"]');
    await group.getByRole('button', { name: '豁免…' }).click();
    const confirm = group.getByRole('button', { name: '确认豁免' });
    expect(await confirm.isDisabled()).toBe(true);
    await group.getByPlaceholder('豁免原因（必填）').fill('营业执照上的代码如此，已向单位核实');
    await confirm.click();
    await group.getByText('已豁免：营业执照上的代码如此，已向单位核实').waitFor();
    await expect.poll(() => page.locator('.check-summary').innerText()).toContain('仍有 3 项错误');
    expect(await group.locator('.count').innerText()).toContain('已豁免 1');
    await shot(page, '11-checks-waived');
  });

  it('jumps from an issue to the record in the grid, where the cell is marked', async () => {
    const { page } = app;
    await page.locator('.check-group[data-code="ORIGIN_NOT_PAIRED"] header').click();
    await page.locator('.check-group[data-code="ORIGIN_NOT_PAIRED"]').getByRole('button', { name: /记录 8 ↗/ }).click();
    await page.locator('.ag-row.row-jumped').first().waitFor();
    const row = await page.locator('.ag-grid-scrolling-container > .ag-row.row-jumped').getAttribute('row-index');
    expect(row).toBe('7');
    await expect.poll(() => cell(page, 7, 'originCode').getAttribute('class')).toContain('cell-check-error');
    // the record with the wrong check character is marked too, the clean ones are not
    await expect.poll(() => cell(page, 6, 'creditCode').getAttribute('class')).toContain('cell-check-error');
    expect(await cell(page, 0, 'creditCode').getAttribute('class')).not.toContain('cell-check-error');
    expect(await cell(page, 9, 'orderNo').getAttribute('class')).toContain('cell-warning');
    await shot(page, '12-checks-jump-to-row');
    expect(app.errors).toEqual([]);
  });
});
