/**
 * Issue 14 in the browser: ＋新增一行 writes nothing until a value is saved, 删除选中行 asks
 * when a filter hides some selected rows, and a record added after the last one was deleted
 * starts clean (no 📎, no history of the deleted one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPdf } from '../support/documents';
import { cell, createLedger, editCell, pasteText, shot, startApp, totalsText, type RunningApp } from './support/app';

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
  '2021-11-08\t上海市松江区中心医院\t\t医疗卫生机构\t江孜青稞面\t粮油\t西藏日喀则江孜县\t\t20\t袋\t1000\t1000',
].join('\r\n') + '\r\n';

/** Records as the ledger holds them (not as the grid shows them). */
async function storedCount(): Promise<number> {
  return app.page.evaluate(async () => {
    const token = document.querySelector('meta[name="ledger-token"]')?.getAttribute('content') ?? '';
    const r = await fetch('/rpc/records/totals', { method: 'POST', headers: { 'content-type': 'application/json', 'x-ledger-token': token }, body: JSON.stringify({ filters: {} }) });
    return ((await r.json()) as { value: { count: number } }).value.count;
  });
}

/** A cell of the new row (pinned above the totals). */
const draftCell = (colId: string) => app.page.locator(`.ag-grid-pinned-bottom-rows .ag-row[row-index="b-0"] .ag-cell[col-id="${colId}"]`);
/** Rows pinned under the grid: the totals, and a new row above them while there is one. */
const pinnedRows = () => ({
  count: () =>
    app.page.locator('.ag-grid-pinned-bottom-rows .ag-row').evaluateAll((rows) => new Set(rows.map((r) => r.getAttribute('row-index'))).size),
});
const rowCheckbox = (i: number) => app.page.locator(`.ag-grid-scrolling-container > .ag-row[row-index="${i}"] input[type="checkbox"]`).first();

describe('record identity in the browser', () => {
  it('＋新增一行 writes the record with its first value, and an empty or refused new row leaves nothing', async () => {
    const { page } = app;
    await createLedger(page, '编号台账');
    await page.getByRole('button', { name: /新增一行/ }).click();
    await page.waitForSelector('.cell-editor');
    await expect.poll(() => pinnedRows().count()).toBe(2); // the new row above the totals
    expect(await storedCount()).toBe(0);
    await page.keyboard.type('2021-11-05');
    await page.keyboard.press('Enter');
    await expect.poll(() => totalsText(page)).toContain('共 1 条');
    await editCell(page, 0, 'purchaserName', '上海市松江区教育局');
    await editCell(page, 0, 'productName', '勐海普洱茶');
    expect(await storedCount()).toBe(1);
    await expect.poll(() => pinnedRows().count()).toBe(1);

    // a new row left empty disappears
    await page.getByRole('button', { name: /新增一行/ }).click();
    await page.waitForSelector('.cell-editor');
    await page.keyboard.press('Escape');
    await cell(page, 0, 'productName').click();
    await expect.poll(() => pinnedRows().count()).toBe(1);
    expect(await storedCount()).toBe(1);

    // a refused first value stays visible in red in the new row, and writes no record
    await page.getByRole('button', { name: /新增一行/ }).click();
    await page.waitForSelector('.cell-editor');
    await page.keyboard.type('十一月五日');
    await page.keyboard.press('Enter');
    await expect.poll(() => draftCell('date').getAttribute('class')).toContain('cell-invalid');
    expect(await draftCell('date').innerText()).toBe('十一月五日');
    expect(await page.locator('.message.error').innerText()).toContain('新行“日期”：“十一月五日”不是可识别的日期');
    await shot(page, '40-new-row-refused-value');
    expect(await storedCount()).toBe(1);
    expect(await totalsText(page)).toContain('共 1 条');
    // cleared and left, it disappears
    await draftCell('date').click();
    await page.keyboard.press('Delete');
    await cell(page, 0, 'productName').click();
    await expect.poll(() => pinnedRows().count()).toBe(1);
    expect(await storedCount()).toBe(1);
  });

  it('删除选中行 says when a filter hides some selected rows, and can delete only the visible ones', async () => {
    const { page } = app;
    await cell(page, 0, 'date').click();
    await pasteText(page, THREE_ROWS, 'append');
    await expect.poll(() => totalsText(page)).toContain('共 4 条');
    for (let i = 0; i < 4; i++) await rowCheckbox(i).check();
    await expect.poll(() => page.locator('.statusbar').innerText()).toContain('已选 4 行');

    await page.locator('.ag-header-cell[col-id="purchaserName"] .ag-header-cell-filter-button').click();
    await page.locator('.ag-filter input[type="text"]').first().fill('第一中学');
    await expect.poll(() => totalsText(page)).toContain('共 2 条');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: '删除选中行' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('h3').innerText()).toBe('删除选中的 4 条（其中 2 条被筛选隐藏）');
    await shot(page, '41-delete-selected-hidden-by-filter');
    await dialog.getByRole('button', { name: '只删除看得到的 2 条' }).click();
    await expect.poll(() => totalsText(page)).toContain('共 0 条');
    await page.getByRole('button', { name: '清除筛选与排序' }).click();
    await expect.poll(() => totalsText(page)).toContain('共 2 条');
    expect(await storedCount()).toBe(2);
    const products = [await cell(page, 0, 'productName').innerText(), await cell(page, 1, 'productName').innerText()];
    expect(products).toEqual(['勐海普洱茶', '江孜青稞面']);
  });

  it('a record added after the last one was deleted shows no attachment and no history of it', async () => {
    const { page } = app;
    // attach an invoice to the last record (row 2 of 2)
    await page.locator('.ag-center-cols-viewport, .ag-body-horizontal-scroll-viewport').evaluateAll((els) => els.forEach((el) => (el.scrollLeft = 0)));
    await cell(page, 1, 'rowNumber').click();
    const panel = page.getByRole('complementary', { name: '记录详情' });
    const section = panel.getByRole('region', { name: '附件' });
    await section.getByLabel('附件类型').selectOption('发票');
    await section.getByLabel('选择附件文件').setInputFiles({ name: '发票.pdf', mimeType: 'application/pdf', buffer: Buffer.from(tinyPdf()) });
    await expect.poll(() => cell(page, 1, 'attachmentCount').innerText()).toBe('📎 1');
    const deletedTitle = await panel.locator('h3').innerText();
    await panel.getByLabel('关闭').click();

    // tick it, delete it (confirm accepted), add a row
    await rowCheckbox(1).check();
    await page.getByRole('button', { name: '删除选中行' }).click();
    await expect.poll(() => totalsText(page)).toContain('共 1 条');
    await page.getByRole('button', { name: /新增一行/ }).click();
    await page.waitForSelector('.cell-editor');
    await page.keyboard.type('2021-12-01');
    await page.keyboard.press('Enter');
    await expect.poll(() => totalsText(page)).toContain('共 2 条');
    expect(await cell(page, 1, 'attachmentCount').innerText()).toBe('');

    await cell(page, 1, 'rowNumber').click();
    await expect.poll(() => panel.locator('.timeline > li').count()).toBe(1);
    expect(await panel.locator('h3').innerText()).not.toBe(deletedTitle);
    expect(await panel.getByRole('region', { name: '附件' }).innerText()).toContain('还没有附件');
    await shot(page, '42-new-record-after-delete-starts-clean');
    await panel.getByLabel('关闭').click();

    // the deleted record's history stays under its own number, shown as deleted
    await page.getByRole('button', { name: '操作记录' }).click();
    await page.locator('table.history tbody tr').first().waitFor();
    await page.getByRole('button', { name: deletedTitle }).first().click();
    await expect.poll(() => panel.locator('h3').innerText()).toBe(`${deletedTitle}（已删除）`);
    await expect.poll(() => panel.locator('.timeline').innerText()).toContain('已删除');
    expect(await panel.locator('.timeline > li').count()).toBe(2); // pasted, then deleted
    expect(await panel.innerText()).not.toContain('正在加载');
    await shot(page, '43-deleted-record-history');
    expect(app.errors).toEqual([]);
  });
});
