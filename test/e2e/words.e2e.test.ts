/**
 * Words the clerk reads, in a browser whose language is English (as on many office PCs): the
 * form checks speak Chinese, and months read 2021年11月, never "November 2021".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
let page: Page;
beforeAll(async () => {
  app = await startApp();
  const english = await app.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  page = await english.newPage();
  page.on('pageerror', (e) => app.errors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  await page.goto(app.url);
});
afterAll(async () => {
  await app?.stop();
});

describe('in an English browser', () => {
  it('form checks speak Chinese', async () => {
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.getByText('新建台账').waitFor();
    await page.getByRole('button', { name: '创建并打开' }).click();
    const office = page.getByLabel('单位名称');
    await expect.poll(() => office.evaluate((e: HTMLInputElement) => e.validationMessage)).toBe('请填写此项');
    // typing clears it; the form is then checked again as it is
    await office.fill('松江区合作交流办');
    expect(await office.evaluate((e: HTMLInputElement) => e.validationMessage)).toBe('');
  });

  it('months read 2021年11月 on 月报 and 检查', async () => {
    await page.getByRole('button', { name: '打开演示台账' }).click();
    await page.getByRole('button', { name: '月报' }).click();
    await page.locator('.report-head h1').waitFor();
    const picker = page.getByRole('group', { name: '月份' });
    const text = await picker.innerText();
    expect(text).toMatch(/\d{4}年/);
    expect(text).toMatch(/\d{1,2}月/);
    expect(text).not.toMatch(/January|February|March|April|May|June|July|August|September|October|November|December/);
    const before = await page.locator('.report-head').innerText();
    await page.getByLabel('月份（月）').selectOption('1');
    await expect.poll(() => page.locator('.report-head').innerText()).not.toBe(before);
    await shot(page, '62-month-picker-english-browser');

    await page.getByRole('button', { name: '检查', exact: true }).click();
    await page.getByLabel('整个台账').uncheck();
    expect(await page.getByRole('group', { name: '检查月份' }).innerText()).toMatch(/\d{4}年[\s\S]*\d{1,2}月/);
    expect(app.errors).toEqual([]);
  });
});
