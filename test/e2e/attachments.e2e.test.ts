/**
 * Issue 4 by hand, in real Chromium: attach an invoice PDF to a record from its panel, see it
 * listed and counted in the grid, preview it, keep a certificate in the 证书 registry, and add a
 * batch of invoice files matched to records by the invoice number in their names, drop files
 * from the desktop onto a grid row, and clean up an unlinked file in 设置.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyJpeg, tinyPdf, tinyPng } from '../support/documents';
import { cell, createLedger, editCell, pasteText, shot, startApp, totalsText, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('attachments and certificates in the browser', () => {
  it('attaches an invoice PDF to a record and previews it', async () => {
    const { page } = app;
    await createLedger(page, '附件台账');
    await page.getByRole('button', { name: /新增一行/ }).click();
    await page.waitForSelector('.cell-editor');
    await page.keyboard.type('2021-11-05');
    await page.keyboard.press('Enter');
    await editCell(page, 0, 'purchaserName', '上海市松江区教育局');
    await editCell(page, 0, 'productName', '勐海普洱茶');
    await editCell(page, 0, 'amountFen', '1,285.50');
    expect(await cell(page, 0, 'attachmentCount').innerText()).toBe('');

    // back to the grid's left edge, where the 📎 column is
    await page.locator('.ag-center-cols-viewport, .ag-body-horizontal-scroll-viewport').evaluateAll((els) => els.forEach((el) => (el.scrollLeft = 0)));
    await cell(page, 0, 'rowNumber').click();
    const panel = page.getByRole('complementary', { name: '记录详情' });
    const section = panel.getByRole('region', { name: '附件' });
    await section.getByText('还没有附件').waitFor();
    await section.getByLabel('附件类型').selectOption('发票');
    await section.getByLabel('选择附件文件').setInputFiles({
      name: '发票21312000000012345678.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(tinyPdf()),
    });
    await section.getByText('发票21312000000012345678.pdf').waitFor();
    expect(await section.locator('.attachment-list li').count()).toBe(1);
    expect(await section.locator('.attachment-list li .badge').innerText()).toBe('发票');
    expect(await section.getByRole('status').innerText()).toContain('已添加 1 个文件（发票）');
    await expect.poll(() => cell(page, 0, 'attachmentCount').innerText()).toBe('📎 1');
    await shot(page, '21-record-attachment-listed');

    await section.getByRole('button', { name: '预览' }).click();
    const frame = section.locator('.attachment-preview iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    await page.waitForTimeout(1500); // the PDF viewer draws the page after the frame loads
    await shot(page, '22-attachment-pdf-preview');
  });

  it('refuses an empty file with a Chinese message', async () => {
    const { page } = app;
    const section = page.getByRole('region', { name: '附件' });
    await section.getByLabel('选择附件文件').setInputFiles({ name: '空.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
    await expect.poll(() => section.getByRole('status').innerText()).toContain('“空.pdf”是空文件，未添加');
    expect(await section.locator('.attachment-list li').count()).toBe(1);
  });

  it('adds a drop of more files than one call takes, in several calls', async () => {
    const { page } = app;
    const section = page.getByRole('region', { name: '附件' });
    // more than the 500 files one addMany call takes: the window must split them
    const drop = Array.from({ length: 520 }, (_, i) => ({ name: `回单-${String(i).padStart(3, '0')}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(tinyPdf(`回单 ${i}`)) }));
    const calls: string[] = [];
    const count = (r: { url(): string }) => r.url().endsWith('/rpc/attachments/addMany') && calls.push(r.url());
    page.on('request', count);
    await section.getByLabel('附件类型').selectOption('其他');
    await section.getByLabel('选择附件文件').setInputFiles(drop);
    await expect.poll(() => section.getByRole('status').innerText(), { timeout: 60_000 }).toContain('已添加 520 个文件（其他）');
    page.off('request', count);
    expect(calls).toHaveLength(6);
    await expect.poll(() => section.locator('.attachment-list li').count()).toBe(521); // the list reloads after the status is set
    await expect.poll(() => cell(page, 0, 'attachmentCount').innerText()).toBe('📎 521');
  });

  it('adds a certificate on the 证书 page and lists it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '证书', exact: true }).click();
    await page.getByText('还没有证书。').waitFor();
    await page.getByRole('button', { name: '＋ 新增证书' }).click();
    const form = page.locator('form.edit-form');
    await form.getByLabel('证书编号').fill('RD-2021-0001');
    await form.getByLabel('产品名称').fill('勐海普洱茶');
    await form.getByLabel('企业（供应商）').fill('勐海茶业有限公司');
    await form.getByLabel('发证机构').fill('国务院扶贫办');
    await form.getByLabel('有效期自').fill('2021-01-01');
    await form.getByLabel('有效期至').fill('2099-12-31');
    await form.getByRole('button', { name: '保存' }).click();
    const row = page.locator('.certificate-table tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('RD-2021-0001');
    expect(text).toContain('勐海普洱茶');
    expect(text).toContain('有效');
    // the record attached an invoice above, so nothing is missing one
    await page.getByText('缺发票附件的记录：0 条').waitFor();

    // its scanned document, offered as 认定证书 by default
    await row.getByRole('button', { name: '修改' }).click();
    const scans = page.locator('form.edit-form').getByRole('region', { name: '附件' });
    await scans.getByText('还没有附件').waitFor();
    expect(await scans.getByLabel('附件类型').inputValue()).toBe('认定证书');
    await scans.getByLabel('选择附件文件').setInputFiles({ name: '认定证书扫描件.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(tinyJpeg()) });
    await scans.getByText('认定证书扫描件.jpg').waitFor();
    expect(await scans.locator('.attachment-list .badge').allInnerTexts()).toEqual(['认定证书']);
    await scans.getByRole('button', { name: '预览' }).click();
    await scans.locator('.attachment-preview img').waitFor();
    expect(await page.locator('form.edit-form h3').innerText()).toBe('修改证书'); // previewing did not submit the form
    await shot(page, '23b-certificate-scan');
    await page.locator('form.edit-form').getByRole('button', { name: '取消', exact: true }).click();

    await page.getByLabel('即将到期（60 天内）').check();
    await page.getByText('60 天内没有到期的证书。').waitFor();
    await page.getByLabel('即将到期（60 天内）').uncheck();
    await expect.poll(() => row.count()).toBe(1);
    await shot(page, '23-certificates');
    expect(app.errors).toEqual([]);
  });

  it('adds a batch of invoice files by the invoice numbers in their names', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '台账明细' }).click();
    await cell(page, 0, 'date').click();
    const rows = ['2021-11-06\t上海市松江区第一中学\t\t学校\t莎车巴旦木\t加工食品\t莎车县\t\t10\t袋\t58\t580', '2021-11-07\t上海市松江区中心医院\t\t医疗卫生机构\t江孜青稞面\t粮油\t江孜县\t\t20\t袋\t50\t1000'];
    await pasteText(page, rows.join('\r\n') + '\r\n', 'append');
    await expect.poll(() => totalsText(page)).toContain('共 3 条');
    await editCell(page, 1, 'invoiceNo', '21312000000000000601');
    await editCell(page, 2, 'invoiceNo', '21312000000000000602');

    await page.getByRole('button', { name: '证书', exact: true }).click();
    await page.getByText('缺发票附件的记录：2 条').waitFor();
    const box = page.getByRole('region', { name: '按发票号添加发票' });
    await box.getByLabel('选择发票文件').setInputFiles([
      { name: 'dzfp_21312000000000000601_松江一中.pdf', mimeType: 'application/pdf', buffer: Buffer.from(tinyPdf('601')) },
      { name: '21312000000000000602.pdf', mimeType: 'application/pdf', buffer: Buffer.from(tinyPdf('602')) },
      { name: '会议纪要.pdf', mimeType: 'application/pdf', buffer: Buffer.from(tinyPdf('x')) },
    ]);
    const plan = box.locator('.invoice-plan');
    await plan.waitFor();
    expect(await plan.innerText()).toContain('2 个文件可按发票号关联到 2 条记录');
    expect(await plan.innerText()).toContain('未找到对应记录（1 个）：会议纪要.pdf');
    await shot(page, '24-invoice-match-plan');

    await box.getByRole('button', { name: '添加 2 个发票附件' }).click();
    await expect.poll(() => box.getByRole('status').innerText()).toContain('已添加 2 个发票附件，关联 2 条记录');
    await page.getByText('缺发票附件的记录：0 条').waitFor();
    await shot(page, '25-invoice-match-done');

    await page.getByRole('button', { name: '台账明细' }).click();
    await expect.poll(() => cell(page, 1, 'attachmentCount').innerText()).toBe('📎 1');
    expect(await cell(page, 2, 'attachmentCount').innerText()).toBe('📎 1');
    expect(app.errors).toEqual([]);
  });

  it('attaches files dropped on a grid row, each with the role its name suggests', async () => {
    const { page } = app;
    await page.locator('.ag-center-cols-viewport, .ag-body-horizontal-scroll-viewport').evaluateAll((els) => els.forEach((el) => (el.scrollLeft = 0)));
    const files = await page.evaluateHandle(
      ([pdf, png]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(pdf)], '采购合同-松江一中.pdf', { type: 'application/pdf' }));
        dt.items.add(new File([new Uint8Array(png)], '现场照片.png', { type: 'image/png' }));
        return dt;
      },
      [Array.from(tinyPdf('合同')), Array.from(tinyPng())],
    );
    const target = cell(page, 1, 'productName');
    await target.dispatchEvent('dragenter', { dataTransfer: files });
    await target.dispatchEvent('dragover', { dataTransfer: files });
    await expect.poll(() => page.locator('.ag-row.file-drop-target').count()).toBeGreaterThan(0);
    await shot(page, '26-file-dragged-over-row');
    await target.dispatchEvent('drop', { dataTransfer: files });

    await expect.poll(() => page.locator('.message').innerText()).toContain('已为第 2 行（莎车巴旦木');
    expect(await page.locator('.message').innerText()).toContain('添加 2 个附件：合同 1、照片 1');
    expect(await page.locator('.ag-row.file-drop-target').count()).toBe(0);
    await expect.poll(() => cell(page, 1, 'attachmentCount').innerText()).toBe('📎 3');
    // The first record holds the 521 files of the drop above: its count must show whole, not clipped.
    const many = cell(page, 0, 'attachmentCount');
    expect(await many.innerText()).toBe('📎 521');
    expect(await many.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const section = page.getByRole('complementary', { name: '记录详情' }).getByRole('region', { name: '附件' });
    await section.getByText('采购合同-松江一中.pdf').waitFor();
    expect(await section.locator('.attachment-list .badge').allInnerTexts()).toEqual(['发票', '合同', '照片']);
    const certified = page.getByRole('region', { name: '产品认定' });
    await expect.poll(() => certified.innerText()).toContain('证书库中没有“莎车巴旦木”的认定证书');
    await shot(page, '27-files-dropped-on-row');

    // the first record's product has a certificate valid on its purchase date (added above)
    await cell(page, 0, 'rowNumber').click();
    await expect.poll(() => certified.innerText()).toContain('✓ 购买日 2021-11-05 在认定有效期内：帮扶产品认定 RD-2021-0001（2021-01-01 至 2099-12-31）');
    await shot(page, '28-record-product-certified');

    // the totals row is no record: nothing is added, and the message says where to drop
    const totals = page.locator('.ag-floating-bottom .ag-row, .ag-grid-pinned-bottom-rows .ag-row').first();
    await totals.dispatchEvent('drop', { dataTransfer: files });
    await expect.poll(() => page.locator('.message').innerText()).toContain('请把文件拖到要关联的那一行上');
    expect(app.errors).toEqual([]);
  });

  it('keeps an unlinked file until the user cleans up in 设置, after seeing how much', async () => {
    const { page } = app;
    await cell(page, 1, 'rowNumber').click();
    const section = page.getByRole('complementary', { name: '记录详情' }).getByRole('region', { name: '附件' });
    await section.locator('li', { hasText: '现场照片.png' }).getByRole('button', { name: '取消关联' }).click(); // confirm accepted
    await expect.poll(() => section.locator('.attachment-list li').count()).toBe(2);
    await expect.poll(() => cell(page, 1, 'attachmentCount').innerText()).toBe('📎 2');

    // just added, so kept for now: the page says so and offers nothing
    await page.getByRole('button', { name: '设置' }).click();
    const storage = page.getByRole('region', { name: '附件文件' });
    await expect.poll(() => storage.innerText()).toContain('另有 1 个未使用的文件是几分钟内刚添加的，暂不清理');
    expect(await storage.getByRole('button', { name: '清理未使用的文件…' }).isDisabled()).toBe(true);
    const photo = Buffer.from(tinyPng());
    expect(filesUnder(app.dataDir).some((f) => fs.readFileSync(f).equals(photo))).toBe(true);

    // an hour later (the store's files made older), the photo is offered and removed
    const old = new Date(Date.now() - 3_600_000);
    for (const f of filesUnder(app.dataDir)) fs.utimesSync(f, old, old);
    await page.getByRole('button', { name: '台账明细' }).click();
    await page.getByRole('button', { name: '设置' }).click();
    await expect.poll(() => storage.innerText()).toContain(`其中 1 个（${photo.length} B）已不属于任何记录、名录或证书，可以清理`);
    await storage.scrollIntoViewIfNeeded();
    await shot(page, '29-settings-attachment-cleanup');
    await storage.getByRole('button', { name: '清理未使用的文件…' }).click(); // confirm accepted
    await expect.poll(() => storage.getByRole('status').innerText()).toBe(`已清理 1 个文件，释放 ${photo.length} B`);
    await expect.poll(() => storage.innerText()).toContain('没有可清理的文件');
    expect(filesUnder(app.dataDir).some((f) => fs.readFileSync(f).equals(photo))).toBe(false);
    expect(app.errors).toEqual([]);
  });

  it('shows a program attached as an invoice as 不支持预览, offering only to save a copy', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '台账明细' }).click();
    await cell(page, 1, 'rowNumber').click();
    const section = page.getByRole('complementary', { name: '记录详情' }).getByRole('region', { name: '附件' });
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120, 0)]);
    await section.getByLabel('选择附件文件').setInputFiles({ name: 'invoice.pdf.exe', mimeType: 'application/pdf', buffer: exe });
    const item = section.locator('li', { hasText: 'invoice.pdf.exe' });
    await item.getByText('不支持预览').waitFor();
    expect(await item.getByRole('button', { name: /预览|打开|下载/ }).count()).toBe(0);
    const [saved] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: '另存副本' }).click()]);
    expect(saved.suggestedFilename()).toBe('invoice.pdf.exe');
    expect(fs.readFileSync((await saved.path())!).equals(exe)).toBe(true);
    await shot(page, '29b-attachment-program-not-opened');
    expect(app.errors).toEqual([]);
  });
});

/** Every file in the ledger's attachment store(s) under `dataDir`. */
function filesUnder(dataDir: string): string[] {
  return fs
    .readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.split(path.sep).some((part) => part.endsWith('.files')))
    .map((p) => path.join(dataDir, p))
    .filter((p) => fs.statSync(p).isFile());
}
