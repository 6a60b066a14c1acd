/**
 * Issue 14's old ledgers in the window: a ledger where schema 8 gave a deleted record's number
 * to a new one. The record's panel keeps the two records' histories apart, 验证台账 names the
 * reuse, and 修复重复编号 names what it will end before ending it; verify then passes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reusedLedger } from '../support/reused-ledger';
import { cell, shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'));
  await reusedLedger(path.join(dataDir, '旧台账.db'));
  app = await startApp(dataDir);
});
afterAll(async () => {
  await app?.stop();
});

describe('a number reused before migration 9, in the window', () => {
  it('the panel shows the record’s own history and names the deleted record; 修复重复编号 ends what it left, after confirming', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /旧台账\.db/ }).click();
    await page.getByRole('button', { name: '台账明细' }).waitFor();
    await expect.poll(() => cell(page, 1, 'productName').innerText()).toBe('江孜青稞面');
    // the deleted record's invoice still hangs on number 2
    await expect.poll(() => cell(page, 1, 'attachmentCount').innerText()).toContain('1');

    await cell(page, 1, 'rowNumber').click();
    const panel = page.getByRole('complementary', { name: '记录详情' });
    const earlier = panel.getByRole('region', { name: '此前使用这个编号的已删除记录' });
    await expect.poll(() => earlier.innerText()).toContain('编号 2 此前属于一条已删除的记录（2021-11-06，松江区第一中学，勐海普洱茶，1,285.00 元');
    expect(await panel.locator('.timeline:not(.deleted-owner) > li').count()).toBe(1);
    await earlier.getByRole('button', { name: '查看已删除记录的修改记录' }).click();
    await expect.poll(() => earlier.locator('.timeline.deleted-owner > li').count()).toBe(3);
    expect(await earlier.locator('.timeline.deleted-owner > li .badge.deleted').count()).toBe(3);
    await earlier.locator('.timeline.deleted-owner > li').last().scrollIntoViewIfNeeded();
    await shot(page, '67-reused-number-history-apart');
    await panel.getByLabel('关闭').click();

    await page.getByRole('button', { name: '操作记录' }).click();
    await page.getByRole('button', { name: '验证台账' }).click();
    await expect.poll(() => page.locator('.page-head .error-text').innerText()).toContain('记录编号 2 被重复使用');
    await page.getByRole('button', { name: '修复重复编号' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('h3').innerText()).toBe('修复重复使用的编号');
    const plan = await dialog.locator('.repair-plan').innerText();
    expect(plan).toContain('记录 2');
    expect(plan).toContain('结束附件“旧发票.pdf”（发票）的关联');
    expect(plan).toContain('结束检查豁免 CREDIT_CODE_INVALID（已向单位核实）');
    await shot(page, '68-repair-reused-number-confirm');

    await dialog.getByRole('button', { name: '结束这 2 项' }).click();
    await expect.poll(() => page.locator('.page-head').innerText()).toContain('已修复 1 个重复使用的编号，结束了原记录遗留的 2 项');
    await expect.poll(() => page.locator('.page-head').innerText()).toContain('✓ 验证通过');
    expect(await page.getByRole('button', { name: '修复重复编号' }).count()).toBe(0);
    await expect.poll(() => page.locator('table.history tbody tr').first().innerText()).toContain('修复重复使用的编号');
    await shot(page, '69-reused-number-repaired');

    await page.getByRole('button', { name: '台账明细' }).click();
    await expect.poll(() => cell(page, 1, 'attachmentCount').innerText()).toBe('');
    expect(app.errors).toEqual([]);
  });
});
