/**
 * 报送 in real Chromium on the demo ledger: build a month's package (forced with a reason if the
 * checks find unwaived errors), see the month locked, check the downloaded package against its
 * manifest in the window, reopen the month with a reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFrom, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('submission', () => {
  it('builds a package, locks the month, verifies the package and reopens the month', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '打开演示台账' }).click();
    await page.getByRole('button', { name: '报送' }).click();
    const row = page.locator('table.periods tbody tr').nth(1);
    await row.waitFor();
    const month = (await row.locator('td').first().innerText()).trim();

    const { name, bytes } = await downloadFrom(page, async () => {
      await row.getByRole('button', { name: '生成报送包并锁定' }).click();
      const blocked = page.getByLabel('强制报送原因');
      const outcome = await Promise.race([blocked.waitFor().then(() => 'blocked'), page.locator('.ok-text').waitFor().then(() => 'built')]);
      if (outcome === 'blocked') {
        await shot(page, '16-submission-blocked');
        await blocked.fill('演示：问题已与单位核实，先行报送');
        await page.getByRole('button', { name: `强制报送 ${month}` }).click();
      }
    });
    expect(name).toMatch(new RegExp(`-${month}-报送包-第1版\\.zip$`));
    await expect.poll(() => row.innerText()).toContain('已报送（第 1 版');
    await shot(page, '17-submission-locked');

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-')), name);
    fs.writeFileSync(file, bytes);
    await page.getByLabel('选择报送包').setInputFiles(file);
    await expect.poll(() => page.locator('section.card .ok-text').innerText()).toContain('与清单一致');

    await row.getByRole('button', { name: '重新打开…' }).click();
    await page.getByLabel('重新打开原因').fill('单位补报发票');
    await page.getByRole('button', { name: '重新打开', exact: true }).click();
    await expect.poll(() => row.innerText()).toContain('已重新打开（单位补报发票）');
    await shot(page, '18-submission-reopened');
    expect(app.errors).toEqual([]);
  });
});
