/**
 * 月报 in real Chromium: the demo ledger's last month, with its charts, printed to an A4 PDF
 * (Chromium's print, as the window's 打印 button does), the PDF rendered to PNG with pdftoppm.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_FIXTURES } from '../support/fixtures';
import { createLedger, SCREENSHOTS, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('the monthly report', () => {
  it('shows the month with charts and prints to A4 pages', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '打开演示台账' }).click();
    await page.getByRole('button', { name: '月报' }).click();
    await page.locator('.report-head h1').waitFor();
    expect(await page.locator('.report-head h1').innerText()).toContain('消费帮扶情况月报');
    await page.locator('.chart svg').first().waitFor();
    expect(await page.locator('.chart svg').count()).toBeGreaterThanOrEqual(5);
    const kpi = await page.locator('.kpis').innerText();
    expect(kpi).toMatch(/本月金额\s*[\d,]+\.\d{2} 元/);
    expect(kpi).toContain('已完成');
    await shot(page, '14-monthly-report');

    const pdf = path.join(SCREENSHOTS, '15-monthly-report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(SCREENSHOTS, '15-monthly-report-page')]);
    const pages = fs.readdirSync(SCREENSHOTS).filter((f) => f.startsWith('15-monthly-report-page') && f.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    fs.rmSync(pdf);
    expect(app.errors).toEqual([]);
  });

  it('opens on the latest month the ledger holds when last month has no records', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '切换台账' }).click();
    await createLedger(page, '二〇二一年台账');
    await page.getByRole('button', { name: '导入' }).click();
    await page.locator('input[type="file"]').setInputFiles([path.join(TEAM_FIXTURES, 'sample-hospital-2021-11.xlsx')]);
    await page.getByRole('button', { name: /确认导入/ }).click();
    await page.getByText(/已导入 24 条/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: '月报' }).click();
    await expect.poll(() => page.locator('.report-head p').innerText()).toContain('2021 年 11 月');
    expect(await page.locator('.kpis').innerText()).toMatch(/本月金额\s*107,255\.53 元/);
    await shot(page, '14-monthly-report-latest-month');
  });
});
