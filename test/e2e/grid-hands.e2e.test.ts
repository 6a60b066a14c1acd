/**
 * Issue 14, the grid as an Excel/WPS user's hands expect, in real Chromium: pick lists take the
 * highlighted suggestion on Enter/Tab, typing with an input method into a selected cell edits
 * it, a block is selected with the mouse or Shift+arrows and copied, cleared, filled and pasted
 * into, the amount follows quantity × unit price, find searches what is displayed, headers read
 * whole, and rejected pasted values stay red in their cells.
 */
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, createLedger, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
let cdp: CDPSession;

const ROWS = [
  '2021-11-06\t上海市松江区第一中学\t\t学校\t莎车巴旦木\t加工食品\t莎车县\t莎车县巴旦木专业合作社\t10\t袋\t58\t580',
  '2021-11-07\t上海市松江区第一中学\t\t学校\t叶城薄皮核桃\t加工食品\t叶城县\t\t5\t公斤\t40\t200',
  '2021-11-08\t上海市松江区中心医院\t\t医疗卫生机构\t江孜青稞面\t粮油\t江孜县\t\t20\t袋\t59.7\t1194',
  '2021-11-09\t松江区人民政府办公室\t\t党政机关\t玛沁牦牛肉\t肉禽蛋\t玛沁县\t\t8\t公斤\t120\t960',
].join('\r\n');

beforeAll(async () => {
  app = await startApp();
  await createLedger(app.page, '手感台账');
  await app.page.getByRole('button', { name: '台账明细' }).click();
  await app.page.evaluate((t) => navigator.clipboard.writeText(t), ROWS);
  await app.page.getByRole('button', { name: '粘贴到末尾' }).click();
  await app.page.locator('.ag-row-pinned', { hasText: '共 4 条' }).waitFor();
  cdp = await app.page.context().newCDPSession(app.page);
});
afterAll(async () => {
  console.log('PAGE ERRORS', app?.errors);
  await app?.stop();
});

/** What an input method does: the pinyin shows while composing, then the chosen words are committed. */
async function compose(pinyin: string, words: string): Promise<void> {
  for (let i = 1; i <= pinyin.length; i++) {
    await cdp.send('Input.imeSetComposition', { text: pinyin.slice(0, i), selectionStart: i, selectionEnd: i });
  }
  await cdp.send('Input.imeSetComposition', { text: words, selectionStart: words.length, selectionEnd: words.length });
  await cdp.send('Input.insertText', { text: words });
}

describe('the grid, as Excel/WPS hands expect', () => {
  it('counts the whole ledger in the status bar when nothing is filtered', async () => {
    await expect.poll(() => app.page.locator('.statusbar').innerText()).toContain('共 4 条，金额合计 2,934.00 元');
  });

  it('takes the highlighted pick-list suggestion on Enter and on Tab', async () => {
    const { page } = app;
    await cell(page, 0, 'purchaserType').click();
    await page.keyboard.press('F2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('机关');
    await expect.poll(() => page.locator('.pick-list li.active').innerText()).toBe('党政机关');
    await shot(page, '14-pick-list-highlight');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 0, 'purchaserType').innerText()).toBe('党政机关');
    expect(await cell(page, 0, 'purchaserType').getAttribute('class')).not.toContain('cell-invalid');

    await cell(page, 1, 'channel').click();
    await page.keyboard.type('832');
    await expect.poll(() => page.locator('.pick-list li.active').innerText()).toBe('832平台');
    await page.keyboard.press('Tab');
    await expect.poll(() => cell(page, 1, 'channel').innerText()).toBe('832平台');
    // Tab moved on to the next column, as in Excel
    await expect.poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('invoiceNo');
  });

  it('starts editing a selected cell from an input method and keeps the composition', async () => {
    const { page } = app;
    await cell(page, 2, 'purchaserType').click();
    await cdp.send('Input.imeSetComposition', { text: 'ji', selectionStart: 2, selectionEnd: 2 });
    await shot(page, '14-ime-composing-in-cell');
    await compose('jiguan', '机关');
    const editor = page.locator('.pick-editor .cell-editor');
    await expect.poll(() => editor.inputValue()).toBe('机关');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 2, 'purchaserType').innerText()).toBe('党政机关');

    await cell(page, 3, 'productName').click();
    await compose('maqinniurou', '玛沁牦牛肉干');
    await expect.poll(() => page.locator('.cell-editor').inputValue()).toBe('玛沁牦牛肉干');
    await page.keyboard.type('（袋装）');
    await shot(page, '14-ime-editing');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 3, 'productName').innerText()).toBe('玛沁牦牛肉干（袋装）');
  });

  it('starts editing from text inserted without a key press (handwriting, voice, another input method)', async () => {
    const { page } = app;
    await cell(page, 1, 'remark').click();
    await page.keyboard.insertText('食堂采购');
    await expect.poll(() => page.locator('.cell-editor').inputValue()).toBe('食堂采购');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 1, 'remark').innerText()).toBe('食堂采购');
    // plain typing still works, and a selected cell's own text is never changed by the browser
    await cell(page, 0, 'unit').click();
    await page.keyboard.type('箱');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 0, 'unit').innerText()).toBe('箱');
    await cell(page, 0, 'unit').click();
    await page.keyboard.press('Escape');
    expect(await cell(page, 0, 'unit').innerText()).toBe('箱');
    expect(app.errors).toEqual([]);
  });

  it('computes the amount from quantity × unit price, and the unit price from amount ÷ quantity', async () => {
    const { page } = app;
    // row 3 (江孜青稞面): 20 袋 at 59.7; clear the amount, then type the unit price again
    await cell(page, 2, 'amountFen').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => cell(page, 2, 'amountFen').innerText()).toBe('');
    await cell(page, 2, 'unitPrice').click();
    await page.keyboard.type('59.7');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 2, 'amountFen').innerText()).toBe('1,194.00');
    expect(await page.locator('.message.info').innerText()).toContain('已按 数量 × 单价 算出金额 1,194.00 元');
    await shot(page, '14-amount-from-quantity-and-price');
    // one change, one undo step: the amount goes with the unit price
    await page.keyboard.press('Control+Z');
    await expect.poll(() => cell(page, 2, 'amountFen').innerText()).toBe('');
    await page.keyboard.press('Control+Y');
    await expect.poll(() => cell(page, 2, 'amountFen').innerText()).toBe('1,194.00');

    await cell(page, 3, 'unitPrice').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => cell(page, 3, 'unitPrice').innerText()).toBe('');
    await cell(page, 3, 'amountFen').click();
    await page.keyboard.type('1000');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 3, 'unitPrice').innerText()).toBe('125');
    expect(await page.locator('.message.info').innerText()).toContain('已按 金额 ÷ 数量 算出单价 125 元');
  });

  it('finds 产地 names and amounts as displayed with Ctrl+F', async () => {
    const { page } = app;
    await cell(page, 0, 'date').click();
    await page.keyboard.press('Control+F');
    const box = page.getByPlaceholder(/查找购买主体/);
    await box.fill('玛沁');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.find-status').innerText()).toContain('第 4 行');
    // 产地 shows 玛沁县（果洛）: the prefecture is found in it too
    await box.fill('果洛');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.find-status').innerText()).toContain('第 4 行');
    await expect.poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('originCode');
    await box.fill('1194');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.find-status').innerText()).toContain('第 3 行');
    await expect.poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('amountFen');
    await shot(page, '14-find-amount');
    await page.keyboard.press('Escape');
  });

  it('shows every column header whole, sorted or not', async () => {
    const { page } = app;
    const cutHeaders = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.ag-header-cell')]
          .map((h) => h.querySelector<HTMLElement>('.ag-header-cell-text'))
          .filter((t): t is HTMLElement => Boolean(t && t.textContent && t.scrollWidth > t.clientWidth))
          .map((t) => t.textContent),
      );
    expect(await cutHeaders()).toEqual([]);
    for (const col of ['unit', 'unitPrice', 'kind', 'households']) {
      await page.locator(`.ag-header-cell[col-id="${col}"] .ag-header-cell-text`).click();
      await expect.poll(() => page.locator(`.ag-header-cell[col-id="${col}"]`).getAttribute('aria-sort')).toBe('ascending');
      expect(await cutHeaders()).toEqual([]);
    }
    await page.locator('.ag-header-cell[col-id="unitPrice"]').scrollIntoViewIfNeeded();
    await shot(page, '14-headers-whole');
    await page.getByRole('button', { name: '清除筛选与排序' }).click();
    await expect.poll(() => page.locator('.ag-header-cell[aria-sort="ascending"]').count()).toBe(0);
    await page.waitForTimeout(500); // the rows are fetched again in the ledger's order
    await expect.poll(() => cell(page, 0, 'date').innerText()).toBe('2021-11-06');
  });

  it('selects a block with the mouse and copies it as tab-separated text for Excel', async () => {
    const { page } = app;
    await dragBetween(cell(page, 0, 'quantity'), cell(page, 2, 'unitPrice'));
    await expect.poll(() => page.locator('.ag-cell.cell-in-range').count()).toBe(9);
    await shot(page, '14-block-selected');
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('10\t箱\t58\r\n5\t公斤\t40\r\n20\t袋\t59.7\r\n');
  });

  it('selects with Shift+arrows; Delete clears the block in one undo step', async () => {
    const { page } = app;
    await cell(page, 0, 'unit').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => page.locator('.ag-cell.cell-in-range').count()).toBe(6);
    await page.keyboard.press('Delete');
    for (const r of [0, 1, 2]) await expect.poll(() => cell(page, r, 'unit').innerText()).toBe('');
    expect(await cell(page, 1, 'unitPrice').innerText()).toBe('');
    expect(await cell(page, 3, 'unit').innerText()).toBe('公斤');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => cell(page, 0, 'unit').innerText()).toBe('箱');
    expect(await cell(page, 1, 'unit').innerText()).toBe('公斤');
    expect(await cell(page, 2, 'unitPrice').innerText()).toBe('59.7');
  });

  it('fills a block down with Ctrl+D and with the fill handle', async () => {
    const { page } = app;
    await cell(page, 0, 'kind').click();
    await page.keyboard.type('货物');
    // (a character inserted while the editor opens reaches it a frame later)
    await expect.poll(() => page.locator('.cell-editor').inputValue()).toBe('货物');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 0, 'kind').innerText()).toBe('货物');
    await cell(page, 0, 'kind').click();
    await cell(page, 3, 'kind').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('.ag-cell.cell-in-range').count()).toBe(4);
    // as in Excel, Shift+click grows the block and the active cell stays where the block began
    await expect.poll(() => cell(page, 0, 'kind').getAttribute('class')).toContain('ag-cell-focus');
    expect(await cell(page, 3, 'kind').getAttribute('class')).not.toContain('ag-cell-focus');
    await shot(page, '14-shift-click-block');
    await page.keyboard.press('Control+D');
    for (const r of [1, 2, 3]) await expect.poll(() => cell(page, r, 'kind').innerText()).toBe('货物');

    await cell(page, 1, 'channel').click();
    await page.keyboard.type('832');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 1, 'channel').innerText()).toBe('832平台');
    await cell(page, 1, 'channel').click();
    const box = (await cell(page, 1, 'channel').boundingBox())!;
    await page.mouse.move(box.x + box.width - 3, box.y + box.height - 3);
    await page.mouse.down();
    const target = (await cell(page, 3, 'channel').boundingBox())!;
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 6 });
    await shot(page, '14-fill-handle-drag');
    await page.mouse.up();
    for (const r of [2, 3]) await expect.poll(() => cell(page, r, 'channel').innerText()).toBe('832平台');
    expect(await cell(page, 0, 'channel').innerText()).toBe('');
  });

  it('pastes one value into every cell of a selected block', async () => {
    const { page } = app;
    await cell(page, 0, 'purchaserType').click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.evaluate(() => navigator.clipboard.writeText('事业单位\r\n'));
    await page.keyboard.press('Control+V');
    for (const r of [0, 1, 2, 3]) await expect.poll(() => cell(page, r, 'purchaserType').innerText()).toBe('事业单位');
    await page.keyboard.press('Control+Z');
    await expect.poll(() => cell(page, 0, 'purchaserType').innerText()).toBe('党政机关');
  });

  it('keeps rejected pasted values in their cells, red, with the reason on hover', async () => {
    const { page } = app;
    await cell(page, 0, 'quantity').click();
    await page.evaluate(() => navigator.clipboard.writeText('十箱\t袋\r\n3\t盒\r\n'));
    await page.keyboard.press('Control+V');
    await expect.poll(() => cell(page, 1, 'unit').innerText()).toBe('盒');
    await expect.poll(() => cell(page, 0, 'quantity').innerText()).toBe('十箱');
    expect(await cell(page, 0, 'quantity').getAttribute('class')).toContain('cell-invalid');
    expect(await cell(page, 0, 'unit').innerText()).toBe('袋');
    const banner = await page.locator('.message.error').innerText();
    expect(banner).toContain('1 个单元格的值无法写入，已在单元格中标红');
    expect(banner.length).toBeLessThan(80);
    await shot(page, '14-pasted-value-refused-in-cell');
    await cell(page, 2, 'quantity').hover();
    await cell(page, 0, 'quantity').hover();
    await expect.poll(() => page.locator('.ag-tooltip').innerText()).toContain('数量应为数字');
    await shot(page, '14-pasted-value-refused-reason');
  });

  it('continues an even step with the fill handle, as Excel does (dates count on: test/renderer/block-edits.test.ts)', async () => {
    const { page } = app;
    await cell(page, 0, 'households').dblclick();
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await cell(page, 1, 'households').dblclick();
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(page, 1, 'households').innerText()).toBe('4');
    await dragBetween(cell(page, 0, 'households'), cell(page, 1, 'households'));
    await dragFillHandle(cell(page, 1, 'households'), cell(page, 3, 'households'));
    await expect.poll(() => cell(page, 3, 'households').innerText()).toBe('8');
    expect(await cell(page, 2, 'households').innerText()).toBe('6');
    // numbers sit at the right of their cells, as in Excel
    for (const col of ['households', 'amountFen', 'unitPrice']) expect(await cell(page, 2, col).evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');
    expect(await cell(page, 2, 'remark').evaluate((el) => getComputedStyle(el).textAlign)).not.toBe('right');
    await shot(page, '14-fill-handle-series');
  });
});

/** Drag the fill handle (the corner square of the selected block, at `corner`) down to `to`. */
async function dragFillHandle(corner: ReturnType<typeof cell>, to: ReturnType<typeof cell>): Promise<void> {
  const { page } = app;
  const box = (await corner.boundingBox())!;
  await page.mouse.move(box.x + box.width - 3, box.y + box.height - 3);
  await page.mouse.down();
  const target = (await to.boundingBox())!;
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 6 });
  await page.mouse.up();
}

/** Press on one cell, move to another with the button held, release. */
async function dragBetween(from: ReturnType<typeof cell>, to: ReturnType<typeof cell>): Promise<void> {
  const { page } = app;
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}
