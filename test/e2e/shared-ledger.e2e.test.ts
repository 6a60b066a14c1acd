/**
 * Issue 17 in the browser: one ledger on a PostgreSQL server, opened from the welcome screen by
 * its address in two windows of two app instances (two staff PCs). Both see the same records;
 * when both edit the same record, the later save is refused with who changed it, and that
 * window then shows the other's value — never a silent overwrite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { databaseUrl, startThrowawayCluster, type ThrowawayCluster } from '../support/pg-cluster';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { cell, editCell, shot, startApp, totalsText, type RunningApp } from './support/app';

let cluster: ThrowawayCluster;
let address: string;
let first: RunningApp;
let second: RunningApp;

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  const admin = new PgSyncClient(cluster.adminUrl);
  admin.query('CREATE DATABASE songjiang');
  admin.close();
  address = databaseUrl(cluster.adminUrl, 'songjiang');
  // the office's ledger, made once on the server (as `npm run cli -- init postgres://…` does)
  const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-admin-')), actor: '管理员', rememberRecent: false });
  await core.call('ledger/create', { path: address, officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
  await core.call('records/apply', {
    label: '新增',
    ops: [{ type: 'insert', values: { date: '2021-11-05', purchaserName: '上海市松江区中心医院', productName: '勐海普洱茶', originCode: '532822', amountFen: 128_500 } }],
  });
  core.close();
  [first, second] = [await startApp(), await startApp()];
});
afterAll(async () => {
  await first?.stop();
  await second?.stop();
  cluster?.stop();
});

async function openByAddress(app: RunningApp): Promise<void> {
  await app.page.getByPlaceholder(/台账文件的完整路径/).fill(address);
  await app.page.getByRole('button', { name: '打开', exact: true }).click();
  await expect.poll(() => totalsText(app.page)).toContain('共 1 条');
}

describe('a shared ledger on PostgreSQL, two windows', () => {
  it('opens by its address in both, and refuses the later of two edits of one record', async () => {
    await openByAddress(first);
    await openByAddress(second);
    await shot(second.page, 'shared-ledger-open');

    await editCell(first.page, 0, 'remark', '王芳：已核对发票');
    await expect.poll(() => cell(first.page, 0, 'remark').innerText()).toBe('王芳：已核对发票');

    // the second window still shows the record as it was, and its clerk edits the same record
    await editCell(second.page, 0, 'remark', '李明：待补证明');
    await expect.poll(() => second.page.getByText(/该记录刚被.+修改，请刷新后再改/).count()).toBeGreaterThan(0);
    await expect.poll(() => cell(second.page, 0, 'remark').innerText()).toBe('王芳：已核对发票');
    await shot(second.page, 'shared-ledger-refused');

    // nothing was overwritten: the server holds the first clerk's value
    const check = new PgSyncClient(address);
    try {
      expect(check.query('SELECT remark FROM records').rows).toEqual([{ remark: '王芳：已核对发票' }]);
    } finally {
      check.close();
    }
    expect([...first.errors, ...second.errors]).toEqual([]);
  });

  it('refuses the later of two saves of one 名录 entry, and shows the colleague\'s value', async () => {
    const editStreet = async (app: RunningApp) => {
      await app.page.getByRole('button', { name: '名录' }).click();
      await app.page.getByRole('tab', { name: '购买主体' }).click();
      await app.page.getByRole('row', { name: /上海市松江区中心医院/ }).getByRole('button', { name: '修改' }).click();
    };
    await editStreet(first);
    await editStreet(second);
    await first.page.getByLabel('街镇').fill('岳阳街道');
    await first.page.getByRole('button', { name: '保存', exact: true }).click();
    await first.page.getByRole('cell', { name: '岳阳街道' }).waitFor();

    await second.page.getByLabel('街镇').fill('方松街道');
    await second.page.getByRole('button', { name: '保存', exact: true }).click();
    await second.page.getByText(/该条目刚被.+修改，请刷新后再改/).waitFor();
    await second.page.getByRole('cell', { name: '岳阳街道' }).waitFor();
    await shot(second.page, 'shared-ledger-list-refused');
    const check = new PgSyncClient(address);
    try {
      expect(check.query("SELECT street FROM purchasers WHERE name = '上海市松江区中心医院'").rows).toEqual([{ street: '岳阳街道' }]);
    } finally {
      check.close();
    }
    await second.page.locator('form.edit-form').getByRole('button', { name: '取消', exact: true }).click();
    expect([...first.errors, ...second.errors]).toEqual([]);
  });

  it('备份 copies the server ledger to a verified ledger file in the data folder', async () => {
    await first.page.getByRole('button', { name: '备份', exact: true }).click();
    await first.page.getByText(/由服务器负责备份/).waitFor();
    await first.page.getByLabel('文件名').fill('松江共用台账-留存');
    await first.page.getByRole('button', { name: '保存为台账文件' }).click();
    await first.page.locator('.ok-text').getByText(/已保存到“.+松江共用台账-留存\.db”：1 条记录、\d+ 条操作记录，已通过校验/).waitFor();
    await shot(first.page, 'shared-ledger-backup');

    // the copy is a ledger of its own: it opens as a file, holds the record and verifies
    const file = path.join(first.dataDir, '松江共用台账-留存.db');
    const core = createCore({ dataDir: path.dirname(file), rememberRecent: false });
    try {
      await core.call('ledger/open', { path: file });
      expect((await core.call('records/list', { startRow: 0, endRow: 10, filters: {}, sort: [] })).rows.map((r) => r.remark)).toEqual(['王芳：已核对发票']);
      expect(await core.call('verify/ledger', {})).toMatchObject({ ok: true });
    } finally {
      core.close();
    }
    expect(first.errors).toEqual([]);
  });

  it('lists the shared ledger under 打开台账 once opened, without its password, and opens it with a click', async () => {
    const third = await startApp(first.dataDir);
    try {
      await third.page.getByRole('list', { name: '最近打开的共用台账' }).getByRole('button').first().waitFor();
      await third.page.getByPlaceholder(/台账文件的完整路径/).fill(address);
      await third.page.getByLabel('数据库密码').fill('mima');
      await expect.poll(() => third.page.getByLabel(/记住密码/).isEnabled()).toBe(true);
      await shot(third.page, 'shared-ledger-welcome');
      await third.page.getByPlaceholder(/台账文件的完整路径/).fill('');
      await third.page.getByRole('list', { name: '最近打开的共用台账' }).getByRole('button', { name: /songjiang/ }).click();
      await expect.poll(() => totalsText(third.page)).toContain('共 1 条');
      expect(third.errors).toEqual([]);
    } finally {
      await third.stop();
    }
  });
});
