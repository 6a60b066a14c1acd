/**
 * The office PC as the audit chain's witness, in real Chromium: five saved edits, the ledger file
 * put back as it was before them behind the app's back (what a lost WAL or an older copy does),
 * and reopening warns loudly with the right count and offers the newest backup that holds them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRecord, cell, createLedger, editCell, shot, startApp, totalsText, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('the office PC as a witness', () => {
  it('warns on opening a ledger that lost five saved edits, and restores them from a backup', async () => {
    const { page } = app;
    await createLedger(page, '见证测试');
    await addRecord(page, '2021-11-05', '100', '共 1 条');

    // closing checkpoints the file: keep a copy as it is now
    const file = path.join(app.dataDir, '见证测试.db');
    await page.getByRole('button', { name: '切换台账' }).click();
    await page.getByText('新建台账').waitFor();
    const older = path.join(app.dataDir, 'older-copy');
    fs.copyFileSync(file, older);

    await page.getByRole('button', { name: /见证测试\.db/ }).click();
    await page.getByRole('button', { name: '台账明细' }).waitFor();
    for (let i = 1; i <= 5; i++) await editCell(page, 0, 'amountFen', String(100 + i));
    await expect.poll(() => totalsText(page)).toContain('105');
    await page.getByRole('button', { name: '切换台账' }).click();
    await page.getByText('新建台账').waitFor();

    // behind the app's back: the file as it was before the five edits, no WAL
    for (const s of ['-wal', '-shm']) fs.rmSync(file + s, { force: true });
    fs.copyFileSync(older, file);

    await page.getByRole('button', { name: /见证测试\.db/ }).click();
    const warning = page.locator('.chain-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain('台账比上次关闭时少了 5 条已保存的修改');
    await expect.poll(() => cell(page, 0, 'amountFen').innerText()).toContain('100');
    await shot(page, '46-chain-warning-lost-edits');

    await warning.getByRole('button', { name: /的备份恢复/ }).click();
    await page.getByText(/已恢复备份/).waitFor();
    expect(await page.locator('.chain-warning').count()).toBe(0);
    await expect.poll(() => cell(page, 0, 'amountFen').innerText()).toContain('105');
    expect(app.errors).toEqual([]);
  });
});
