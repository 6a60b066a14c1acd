/**
 * Issue 15: the submitted package's SHA-256 where the clerk sends it from (报送) and at the foot
 * of the printed 月报, in real Chromium on the demo ledger. The printed report is a real PDF
 * (Chromium's print), read back with pdftotext and rendered with pdftoppm.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFrom, SCREENSHOTS, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('the package’s SHA-256 for the city to compare', () => {
  it('is on the 报送 page and in the printed 月报 footer, equal to the downloaded package’s', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '打开演示台账' }).click();
    await page.getByRole('button', { name: '报送' }).click();
    const row = page.locator('table.periods tbody tr').nth(2);
    await row.waitFor();
    const month = (await row.locator('td').first().innerText()).trim();

    const { bytes } = await downloadFrom(page, async () => {
      await row.getByRole('button', { name: '生成报送包并锁定' }).click();
      const blocked = page.getByLabel('强制报送原因');
      const outcome = await Promise.race([blocked.waitFor().then(() => 'blocked'), page.locator('.ok-text').waitFor().then(() => 'built')]);
      if (outcome === 'blocked') {
        await blocked.fill('演示：问题已与单位核实，先行报送');
        await page.getByRole('button', { name: `强制报送 ${month}` }).click();
      }
    });
    const sha = createHash('sha256').update(bytes).digest('hex');
    await expect.poll(() => row.innerText()).toContain('已报送（第 1 版');
    expect(await page.getByLabel(`${month} 报送包 SHA-256`).innerText()).toBe(sha);
    // the message names where the package was saved before the month was locked
    expect(await page.locator('p.ok-text').innerText()).toMatch(/已保存到 .*报送包.*\.zip/);
    await shot(page, '50-submission-sha256');

    await page.getByRole('button', { name: '月报' }).click();
    // the month picker is a year/month pair (no browser month input: it spoke English)
    await page.getByLabel('月份（年）').selectOption(month.slice(0, 4));
    await page.getByLabel('月份（月）').selectOption(String(Number(month.slice(5, 7))));
    await expect.poll(() => page.locator('.report-foot').innerText().catch(() => '')).toContain(sha);
    const pdf = path.join(SCREENSHOTS, '51-monthly-report-sha.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(`报送包SHA-256：${sha}`);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(pages), '-l', String(pages), '-singlefile', pdf, path.join(SCREENSHOTS, '51-monthly-report-sha-last-page')]);
    fs.rmSync(pdf);
    expect(app.errors).toEqual([]);
  });
});
