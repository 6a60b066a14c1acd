/**
 * Issue 16 in real Chromium: a workbook with a future date, a wrong credit-code check
 * character, a county that is not paired and a quantity × price mismatch previews with four
 * rows in error (not "0 行有错"), each finding on its cell with 检查's title; a correction in
 * the preview clears its finding and the summary (rows, total, findings) follows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-preview-checks-e2e-'));

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

function fourProblems(file: string): void {
  const H = '12310117425030498B';
  const rows = [
    ['日期', '采购单位', '统一社会信用代码', '产品名称', '产地', '数量', '单价', '金额（元）', '发票号码'],
    ['2099-11-05', '松江区中心医院', H, '勐海普洱茶', '勐海县', 10, 128, 1280, '99312000000000000001'],
    ['2021-11-05', '松江区中心医院', '12310117425030498D', '勐海普洱茶', '勐海县', 10, 128, 1280, '21312000000000000002'],
    ['2021-11-06', '松江区中心医院', H, '北京烤鸭', '东城区', 10, 128, 1280, '21312000000000000003'],
    ['2021-11-07', '松江区中心医院', H, '昭通苹果', '昭阳区', 10, 50, 1280, '21312000000000000004'],
    ['2021-11-08', '松江区中心医院', H, '莎车巴旦木', '莎车县', 10, 128, 1280, '21312000000000000005'],
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '11月');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

describe('the import preview runs the checks', () => {
  it('shows the four problems per cell and follows a correction', async () => {
    const { page } = app;
    await createLedger(page, '预览检查');
    await page.getByRole('button', { name: '导入' }).click();
    const file = path.join(work, '中心医院-11月.xlsx');
    fourProblems(file);
    await page.locator('input[type="file"]').setInputFiles([file]);
    const card = page.locator('section.import-file', { hasText: '中心医院-11月.xlsx' });
    await card.getByText('待确认').waitFor();

    const errorRows = card.getByTestId('preview-error-rows');
    await expect.poll(() => errorRows.innerText()).toBe('4');
    expect(await card.getByTestId('preview-total').innerText()).toBe('6,400.00');
    const line = await card.locator('.check-line').innerText();
    for (const title of ['日期晚于今天 1', '统一社会信用代码有误 1', '产地不在对口帮扶地区 1', '数量×单价与金额不符 1']) expect(line).toContain(title);
    // each finding on its cell, with 检查's title and advice
    const dateCell = card.locator('td', { has: page.getByLabel('更正第 2 行日期') });
    expect(await dateCell.getAttribute('class')).toContain('cell-invalid');
    expect(await dateCell.getAttribute('title')).toContain('日期晚于今天：日期 2099-11-05 晚于今天');
    expect(await dateCell.getAttribute('title')).toContain('怎么改：');
    await shot(page, '41-import-preview-checks');

    // correct a cell that parsed fine: the date
    const date = card.getByLabel('更正第 2 行日期');
    await date.fill('2021-11-04');
    await date.blur();
    await expect.poll(() => errorRows.innerText()).toBe('3');
    await expect.poll(async () => (await dateCell.getAttribute('class')) ?? '').not.toContain('cell-invalid');
    expect(await card.locator('.check-line').innerText()).not.toContain('日期晚于今天');

    // correct the amount: the mismatch clears and the total follows
    const amount = card.getByLabel('更正第 5 行金额（元）');
    await amount.fill('500');
    await amount.blur();
    await expect.poll(() => errorRows.innerText()).toBe('2');
    expect(await card.getByTestId('preview-total').innerText()).toBe('5,620.00');
    expect(await card.locator('.check-line').innerText()).not.toContain('数量×单价与金额不符');
    await shot(page, '42-import-preview-corrected');
    expect(app.errors).toEqual([]);
  });
});
