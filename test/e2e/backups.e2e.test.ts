/**
 * 备份 by hand in real Chromium: the automatic backup taken when the ledger was made, a manual
 * one, a restore (which keeps a "before restore" copy), and a ledger damaged on disk that the
 * welcome screen refuses and restores from its newest good backup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRecord, createLedger, shot, startApp, totalsText, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('backups', () => {
  it('lists automatic and manual backups and restores one', async () => {
    const { page } = app;
    await createLedger(page, '备份测试');
    await addRecord(page, '2021-11-05', '100', '共 1 条');

    await page.getByRole('button', { name: '备份', exact: true }).click();
    await page.getByRole('button', { name: '立即备份' }).click();
    await page.locator('.ok-text').getByText(/已备份（1 条记录/).waitFor();
    const rows = page.locator('table.backups-table tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    await shot(page, '19-backups');

    // the automatic backup taken when the ledger was created holds no records yet
    const first = rows.filter({ hasText: '自动' }).last();
    expect(await first.innerText()).toContain('0');
    await first.getByRole('button', { name: '恢复…' }).click();
    await page.getByText(/已恢复备份/).waitFor();
    await expect.poll(() => rows.filter({ hasText: '恢复前' }).count()).toBe(1);
    await page.getByRole('button', { name: '台账明细' }).click();
    await expect.poll(() => totalsText(page)).toContain('共 0 条');
  });

  it('refuses a ledger damaged on disk and restores it from the newest good backup', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '切换台账' }).click();
    const file = path.join(app.dataDir, '备份测试.db');
    const bytes = fs.readFileSync(file);
    for (let i = 4096 * 2; i < Math.min(bytes.length, 4096 * 5); i++) bytes[i] = (i * 13) & 0xff;
    fs.writeFileSync(file, bytes);
    await page.getByRole('button', { name: /备份测试\.db/ }).click();
    await page.getByText(/已损坏/).waitFor();
    await shot(page, '20-damaged-ledger-offered-backup');
    await page.getByRole('button', { name: '用这个备份恢复台账' }).click();
    await page.getByRole('button', { name: '台账明细' }).waitFor();
    await page.getByText(/损坏的文件保留为/).waitFor();
    expect(fs.readdirSync(app.dataDir).some((n) => n.startsWith('备份测试.db.damaged-'))).toBe(true);
    expect(app.errors).toEqual([]);
  });
});
