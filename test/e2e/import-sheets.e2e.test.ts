/**
 * Issue 16 by hand, in real Chromium: a workbook with one sheet per month, a 汇总, a 填表说明 and
 * a hidden list sheet goes through the import wizard; the clerk sees every sheet with what it
 * holds, unticks 12月, imports the rest (each sheet its own batch), and finds what the unit wrote
 * beside a record whose date and amount could not be read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { QUARTER, quarterWorkbook } from '../support/unit-files';
import { cell, createLedger, shot, startApp, totalsText, type RunningApp } from './support/app';

let app: RunningApp;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-sheets-e2e-'));

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('a workbook of several sheets in the import wizard', () => {
  it('lists every sheet, imports the ticked month sheets, each as a batch', async () => {
    const { page } = app;
    await createLedger(page, '多表导入');
    await page.getByRole('button', { name: '导入' }).click();
    const file = path.join(work, QUARTER.fileName);
    fs.writeFileSync(file, quarterWorkbook());
    await page.locator('input[type="file"]').setInputFiles([file]);
    const card = page.locator('section.import-file', { hasText: QUARTER.fileName });
    await card.getByText('待确认').waitFor();

    const list = card.getByRole('table', { name: '工作表' });
    const rows = list.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(6);
    const text = await list.innerText();
    expect(text).toContain('不导入：填表说明或选项表');
    expect(text).toContain('不导入：汇总表');
    expect(text).toContain('不导入：隐藏的工作表');
    expect(await rows.nth(2).innerText()).toMatch(/11月\s+采购明细\s+5\s+2021年11月\s+11,420\.00/);
    await expect.poll(() => card.getByRole('button', { name: /确认导入/ }).innerText()).toBe('确认导入 10 行（3 个工作表）');

    await card.getByLabel('导入工作表“12月”').uncheck();
    await expect.poll(() => card.getByRole('button', { name: /确认导入/ }).innerText()).toBe('确认导入 8 行（2 个工作表）');

    // the sheet with the most rows is shown first; another is a click away, and back
    expect(await card.getByLabel('选择工作表').inputValue()).toBe('11月');
    await list.getByRole('button', { name: '10月' }).click();
    await expect.poll(() => card.getByLabel('选择工作表').inputValue(), { timeout: 60_000 }).toBe('10月');
    expect(await card.getByLabel('更正第 4 行日期').inputValue()).toBe('2021-10-15');
    await list.getByRole('button', { name: '11月' }).click();
    await expect.poll(() => card.getByLabel('选择工作表').inputValue(), { timeout: 60_000 }).toBe('11月');
    await card.getByText('待确认').waitFor();
    // the 11月 sheet: values outside the lists land as 其他, the unreadable date and amount land empty
    const preview = await card.locator('table.preview').innerText();
    expect(preview).toContain('销售渠道“线下”不在列表中，已记为其他');
    expect(preview).toContain('销售渠道“预付卡充值”不在列表中，已记为其他');
    expect(await card.getByLabel('更正第 7 行日期').inputValue()).toBe('2021/11/31');
    await expect.poll(() => card.getByRole('button', { name: /确认导入/ }).innerText()).toBe('确认导入 8 行（2 个工作表）');
    await shot(page, '30-import-sheets-preview');

    await card.getByRole('button', { name: /确认导入/ }).click();
    await expect.poll(() => card.innerText(), { timeout: 60_000 }).toContain('工作表“10月”已导入 3 条，合计 3,300.50 元');
    // four of its rows hold a value the app could not read (two channels outside the list, a date, an amount)
    expect(await card.innerText()).toMatch(/工作表“11月”已导入 5 条，合计 11,420\.00 元（批次 \d+）；其中 4 条有无法识别的值，已留空并保留单位原文，请在“检查”中核对/);
    await expect.poll(() => page.locator('section.batches tbody tr').count()).toBe(2);
    await shot(page, '31-import-sheets-done');
  });

  it('shows what the unit wrote beside a record whose date and amount could not be read', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '台账明细' }).click();
    await expect.poll(() => totalsText(page)).toContain('共 8 条');
    expect(await totalsText(page)).toContain('14,720.50');
    // rows sorted by id: the 11月 sheet's fourth row (2021/11/31, 壹佰元整整) is the seventh record
    await page.locator('.ag-center-cols-viewport, .ag-body-horizontal-scroll-viewport').evaluateAll((els) => els.forEach((el) => (el.scrollLeft = 0)));
    await cell(page, 6, 'rowNumber').click();
    const panel = page.getByRole('complementary', { name: '记录详情' });
    const source = panel.getByRole('region', { name: '单位原始填写' });
    await source.waitFor();
    const text = await source.innerText();
    expect(text).toContain(`文件“${QUARTER.fileName}”，工作表“11月”，第 7 行`);
    expect(text).toContain('日期“2021/11/31”');
    expect(text).toContain('金额（元）“壹佰元整整”');
    expect(text).toContain('松江区第四中学');
    await shot(page, '32-record-unit-source');
    expect(app.errors).toEqual([]);
  });

  it('takes the purchaser a school writes only above its header, and says so before the import', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '导入' }).click();
    const fileName = '某某中学11月采购明细.xlsx';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['松江区某某中学2021年11月消费帮扶采购明细'],
        ['填报单位（盖章）：', '上海市松江区某某中学', null, '单位：元'],
        ['日期', '产品名称', '产地', '金额'],
        ['2021-11-05', '玛沁牦牛肉', '玛沁县', 1200],
        ['11月8日', '大米', '云南省红河州', 650],
      ]),
      '11月',
    );
    const file = path.join(work, fileName);
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    await page.locator('input[type="file"]').setInputFiles([file]);
    const card = page.locator('section.import-file', { hasText: fileName });
    await card.getByText('待确认').waitFor();
    expect(await card.innerText()).toContain('表中没有购买主体列：按表头写的“上海市松江区某某中学”记为每一行的购买主体');
    expect(await card.locator('table.preview').innerText()).toContain('是地市，请写到县');
    await shot(page, '33-import-title-purchaser');
    await card.getByRole('button', { name: /确认导入/ }).click();
    await expect.poll(() => card.innerText(), { timeout: 60_000 }).toContain('已导入 2 条');

    await page.getByRole('button', { name: '台账明细' }).click();
    await expect.poll(() => totalsText(page)).toContain('共 10 条');
    await page.locator('.ag-cell', { hasText: '上海市松江区某某中学' }).first().waitFor();
    await page.getByRole('button', { name: '检查', exact: true }).click();
    await page.getByRole('button', { name: /运行检查|重新检查/ }).first().click();
    const group = page.locator('section.check-group', { hasText: 'ORIGIN_UNKNOWN' });
    await group.waitFor();
    await group.locator('header').click();
    await expect.poll(() => group.innerText(), { timeout: 60_000 }).toContain('产地“云南省红河州”是地市，请写到县（区、县级市）');
    await shot(page, '34-checks-prefecture-origin');
    expect(app.errors).toEqual([]);
  });
});
