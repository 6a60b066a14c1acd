/**
 * What the import could not read, marked in the ledger grid as 检查 reports it: a date that does
 * not exist and an amount in words are red (DATE_INVALID, AMOUNT_INVALID), a channel outside
 * the list amber (VALUE_NOT_IN_LIST), each on its own cell with the unit's text on hover; typing
 * the amount clears that mark only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cell, createLedger, editCell, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

function unitFile(file: string): void {
  const rows = [
    ['日期', '采购单位', '产品名称', '产地', '金额（元）', '销售渠道'],
    ['2021-11-05', '区民政局', '昭通苹果', '昭阳区', 300, '食堂直采'],
    ['2021/11/31', '区教育局', '勐海普洱茶', '勐海县', '五百块', '线下'],
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '11月');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

const classOf = async (rowIndex: number, colId: string) => (await cell(app.page, rowIndex, colId).getAttribute('class')) ?? '';

/** Hovers the cell until its tooltip says `text` (the previous cell's may still show a moment). */
async function expectTooltip(rowIndex: number, colId: string, text: string): Promise<void> {
  const { page } = app;
  await cell(page, 0, 'productName').hover();
  await cell(page, rowIndex, colId).hover();
  await expect.poll(async () => ((await page.locator('.ag-tooltip').count()) ? page.locator('.ag-tooltip').innerText() : '')).toContain(text);
}

describe('grid marks for what the import could not read', () => {
  it('marks each unread cell with the unit’s text; a typed value clears its mark and undoing it brings the unit’s text back', async () => {
    const { page } = app;
    await createLedger(page, '未识别标记');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grid-unread-e2e-')), '教育局-11月.xlsx');
    unitFile(file);
    await page.getByRole('button', { name: '导入' }).click();
    await page.locator('input[type="file"]').setInputFiles(file);
    const card = page.locator('section.import-file');
    await card.getByRole('button', { name: /确认导入/ }).click();
    await expect.poll(() => card.innerText()).toContain('已导入 2 条');

    await page.getByRole('button', { name: '台账明细' }).click();
    // the grid's own order is by id: the unit's row 3 is the second record
    await expect.poll(() => classOf(1, 'amountFen'), { timeout: 20_000 }).toContain('cell-check-error');
    expect(await classOf(1, 'date')).toContain('cell-check-error');
    expect(await classOf(1, 'channel')).toContain('cell-check-warning');
    for (const col of ['date', 'amountFen', 'channel']) expect(await classOf(0, col)).not.toMatch(/cell-check-(error|warning)/);
    expect(await classOf(1, 'productName')).not.toMatch(/cell-check-(error|warning)/);

    await expectTooltip(1, 'date', '错误：日期“2021/11/31”不是真实存在的日期');
    await expectTooltip(1, 'channel', '提示：销售渠道“线下”不在列表中，已记为其他');
    await expectTooltip(1, 'amountFen', '错误：金额（元）“五百块”无法识别为数字');
    await shot(page, '65-grid-unread-marks');

    await editCell(page, 1, 'amountFen', '500');
    await expect.poll(() => classOf(1, 'amountFen')).not.toContain('cell-check-error');
    expect(await classOf(1, 'date')).toContain('cell-check-error');
    expect(await classOf(1, 'channel')).toContain('cell-check-warning');
    await shot(page, '66-grid-unread-amount-typed');

    // undone: the amount is empty again, and the cell says again what the unit wrote (never 必填项为空)
    await cell(page, 0, 'productName').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => classOf(1, 'amountFen')).toContain('cell-check-error');
    await expectTooltip(1, 'amountFen', '错误：金额（元）“五百块”无法识别为数字');
    expect(await page.locator('.ag-tooltip').innerText()).not.toContain('必填项为空');

    // the same for a required field: a typed date, undone
    await editCell(page, 1, 'date', '2021-11-30');
    await expect.poll(() => classOf(1, 'date')).not.toContain('cell-check-error');
    await cell(page, 0, 'productName').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => classOf(1, 'date')).toContain('cell-check-error');
    await expectTooltip(1, 'date', '错误：日期“2021/11/31”不是真实存在的日期');
    expect(await page.locator('.ag-tooltip').innerText()).not.toContain('必填项为空');
    await expect.poll(() => page.getByText('必填项为空').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
