/**
 * Issue 2 by hand, in real Chromium: create a ledger, type a record, paste three rows from a
 * TSV clipboard, undo the paste, filter, read the totals row, reload and find the data again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPdf } from '../support/documents';
import { cell, editCell, pasteText, shot, startApp, totalsText, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const THREE_ROWS = [
  '2021-11-06\t上海市松江区第一中学\t\t学校\t莎车巴旦木\t加工食品\t莎车县\t莎车县巴旦木专业合作社\t10\t袋\t58\t580',
  '2021-11-07\t上海市松江区第一中学\t\t学校\t叶城薄皮核桃\t加工食品\t叶城县\t\t5\t公斤\t40\t200',
  '"2021/11/8"\t上海市松江区中心医院\t\t医疗卫生机构\t江孜青稞面\t粮油\t西藏日喀则江孜县\t\t20\t袋\t"1,000.00"\t"1,000"',
].join('\r\n') + '\r\n';

describe('the ledger in the browser', () => {
  it('creates a ledger from the welcome screen', async () => {
    const { page } = app;
    await page.getByText('新建台账').waitFor();
    await shot(page, '01-welcome');
    await page.getByLabel('单位名称').fill('松江区合作交流办');
    await page.getByLabel('所在区').fill('松江区');
    await page.getByLabel('区县代码').fill('310117');
    await page.getByLabel('文件名').fill('测试台账');
    await page.getByRole('button', { name: '创建并打开' }).click();
    await page.getByRole('button', { name: '台账明细' }).waitFor();
    expect(await page.locator('.ledger-file').innerText()).toContain('测试台账.db');
  });

  it('types a record, and shows a value the field cannot take in the cell', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /新增一行/ }).click();
    await page.waitForSelector('.cell-editor');
    await page.keyboard.type('2021-11-05');
    await page.keyboard.press('Enter');
    await editCell(page, 0, 'purchaserName', '上海市松江区教育局');
    await editCell(page, 0, 'productName', '勐海普洱茶');
    await editCell(page, 0, 'originCode', '勐海');
    await editCell(page, 0, 'amountFen', '1,285.50');
    await expect.poll(() => cell(page, 0, 'originCode').innerText()).toContain('勐海县');
    expect(await cell(page, 0, 'amountFen').innerText()).toBe('1,285.50');
    await expect.poll(() => totalsText(page)).toContain('共 1 条');

    await editCell(page, 0, 'quantity', '十箱');
    await expect.poll(() => cell(page, 0, 'quantity').getAttribute('class')).toContain('cell-invalid');
    expect(await cell(page, 0, 'quantity').innerText()).toBe('十箱');
    expect(await page.locator('.message.error').innerText()).toContain('数量应为数字');
    await shot(page, '02-invalid-value-shown');
    await editCell(page, 0, 'quantity', '10');
    await expect.poll(() => cell(page, 0, 'quantity').getAttribute('class')).not.toContain('cell-invalid');
  });

  it('pastes three rows from Excel, then undoes the paste', async () => {
    const { page } = app;
    await cell(page, 0, 'date').click();
    await pasteText(page, THREE_ROWS, 'append');
    await expect.poll(() => totalsText(page)).toContain('共 4 条');
    // the totals can answer before the new rows are painted (the grid paints rows without waiting for the count)
    await expect.poll(() => cell(page, 3, 'originCode').innerText()).toContain('江孜县');
    await expect.poll(() => cell(page, 3, 'amountFen').innerText()).toBe('1,000.00');
    expect(await totalsText(page)).toContain('3,065.50');
    await shot(page, '03-grid-after-paste');

    await page.keyboard.press('Control+Z');
    await expect.poll(() => totalsText(page)).toContain('共 1 条');
    expect(await totalsText(page)).toContain('1,285.50');
    expect(await page.locator('.message.info').innerText()).toContain('已撤销：粘贴 3 行到末尾');

    await page.keyboard.press('Control+Y');
    await expect.poll(() => totalsText(page)).toContain('共 4 条');
  });

  it('filters in SQL and totals what the filter selects', async () => {
    const { page } = app;
    await page.locator('.ag-header-cell[col-id="productName"] .ag-header-cell-filter-button').click();
    await page.locator('.ag-filter input[type="text"]').first().fill('核桃');
    await expect.poll(() => totalsText(page)).toContain('共 1 条');
    expect(await totalsText(page)).toContain('200.00');
    await page.keyboard.press('Escape');
    await shot(page, '04-filtered-with-totals');
    await page.getByRole('button', { name: '清除筛选与排序' }).click();
    await expect.poll(() => totalsText(page)).toContain('共 4 条');
  });

  it('finds text with Ctrl+F and opens a record with its history', async () => {
    const { page } = app;
    await cell(page, 0, 'date').click();
    await page.keyboard.press('Control+F');
    await page.getByPlaceholder(/查找购买主体/).fill('青稞');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.find-status').innerText()).toContain('第 4 行');
    await shot(page, '05-find');
    await page.keyboard.press('Escape');

    await cell(page, 0, 'rowNumber').click();
    await page.locator('.side-panel').getByText('修改记录').waitFor();
    await expect.poll(() => page.locator('.side-panel .timeline').innerText()).toContain('编辑“数量”');
    await shot(page, '06-record-panel-history');
    await page.locator('.side-panel').getByLabel('关闭').click();
  });

  it('keeps everything after a reload, and after closing and reopening the ledger', async () => {
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '台账明细' }).waitFor();
    await expect.poll(() => totalsText(page)).toContain('共 4 条');
    expect(await totalsText(page)).toContain('3,065.50');
    expect(await cell(page, 0, 'productName').innerText()).toBe('勐海普洱茶');

    await page.getByRole('button', { name: '切换台账' }).click();
    await page.getByRole('button', { name: /测试台账\.db/ }).click();
    await page.getByRole('button', { name: '台账明细' }).waitFor();
    await expect.poll(() => totalsText(page)).toContain('共 4 条');
    expect(await totalsText(page)).toContain('3,065.50');
  });

  it('shows the lists, settings and the whole-ledger history in Chinese', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '名录' }).click();
    await page.getByRole('tab', { name: '对口帮扶地区' }).click();
    await page.getByText('新疆喀什地区莎车县').waitFor();
    await page.getByRole('tab', { name: '购买主体' }).click();
    await page.getByRole('button', { name: '＋ 新增购买主体' }).click();
    await page.getByLabel('名称').fill('上海市松江区教育局');
    await page.getByLabel('统一社会信用代码').fill('91350100M000100Y44');
    await page.getByText(/校验位不符/).waitFor();
    await shot(page, '07-lists-credit-code-check');
    await page.getByLabel('统一社会信用代码').fill('91350100M000100Y43');
    await page.getByText('✓ 校验通过').waitFor();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByRole('cell', { name: '91350100M000100Y43' }).waitFor();
    // a purchaser keeps its documents too (a framework contract, say), offered as 合同
    // the record typed above already put 上海市松江区教育局 in 名录 by name (名录 fills itself);
    // the entry made here is the one with the credit code
    await page.getByRole('row', { name: /91350100M000100Y43/ }).getByRole('button', { name: '修改' }).click();
    const docs = page.locator('form.edit-form').getByRole('region', { name: '附件' });
    expect(await docs.getByLabel('附件类型').inputValue()).toBe('合同');
    await docs.getByLabel('选择附件文件').setInputFiles({ name: '2021年采购框架协议.pdf', mimeType: 'application/pdf', buffer: Buffer.from(tinyPdf('协议')) });
    await docs.getByText('2021年采购框架协议.pdf').waitFor();
    expect(await docs.locator('.attachment-list .badge').allInnerTexts()).toEqual(['合同']);
    await page.locator('form.edit-form').getByRole('button', { name: '取消', exact: true }).click();

    await page.getByRole('button', { name: '设置' }).click();
    await page.getByText('预算单位预留份额下限（%）').waitFor();
    await shot(page, '08-settings');

    await page.getByRole('button', { name: '操作记录' }).click();
    await page.getByRole('button', { name: '验证台账' }).click();
    await page.getByText(/验证通过/).waitFor();
    await shot(page, '09-history-verified');
    expect(app.errors).toEqual([]);
  });
});
