/**
 * 月报 in real Chromium: the demo ledger's last month, with its charts, printed to an A4 PDF
 * (Chromium's print, as the window's 打印 button does), the PDF rendered to PNG with pdftoppm.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
});
