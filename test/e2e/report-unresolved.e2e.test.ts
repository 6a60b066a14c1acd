/**
 * 月报 of a month that is not clean, in real Chromium: the demo ledger plus one unit's purchase
 * from a county the office is not paired with. The report says so first, with the count and the
 * money, on screen and on the printed page; the pie charts name every slice in full.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const CSV = ['日期,购买主体,统一社会信用代码,主体类型,产品名称,产品类别,产地,数量,单价,金额,发票号码', '2026-11-12,上海市松江区中心医院,12100000400000624D,事业单位,北京烤鸭,加工食品,北京市东城区,2,150,300,26312000000000000203'].join('\r\n');

describe('the monthly report of a month with unresolved errors', () => {
  it('says so at the top, with the count and the money, on screen and printed; pie legends in full', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '打开演示台账' }).click();
    await page.getByRole('button', { name: '导入' }).click();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-e2e-')), '中心医院-11月.csv');
    fs.writeFileSync(file, CSV);
    await page.locator('input[type="file"]').setInputFiles(file);
    const card = page.locator('section.import-file');
    await card.getByRole('button', { name: /确认导入/ }).click();
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain('已导入 1 条');

    await page.getByRole('button', { name: '月报' }).click();
    await page.getByLabel('月份（年）').selectOption('2026');
    await page.getByLabel('月份（月）').selectOption('11');
    const notice = page.locator('.report-unresolved');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toMatch(/1 条记录（涉及金额 300\.00 元）存在 \d+ 个未修正、未豁免的错误/);
    // the notice comes before the figures
    const top = async (sel: string) => (await page.locator(sel).first().boundingBox())!.y;
    expect(await top('.report-unresolved')).toBeLessThan(await top('.kpis'));
    await page.locator('.chart svg').first().waitFor();
    // every channel of the month is named in full in the legend
    const legend = await page.locator('.chart[aria-label="按销售渠道"] svg').innerHTML();
    expect(legend).not.toContain('…');
    expect(legend).not.toContain('...');
    await shot(page, '63-report-unresolved-errors');

    const pdf = path.join(SCREENSHOTS, '64-report-unresolved.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, path.join(SCREENSHOTS, '64-report-unresolved-page')]);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain('本月数据尚有未解决的错误');
    fs.rmSync(pdf);
    expect(app.errors).toEqual([]);
  });
});
