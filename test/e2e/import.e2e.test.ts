/**
 * Issue 3 by hand, in real Chromium: download the template, drop three unit files (the team's
 * two samples and a messy one with a title, a two-row header, 万元 and a totals row), correct
 * the one bad cell in the preview, commit, see the totals in the grid, export the ledger and
 * read the workbook back, roll a batch back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_FIXTURES } from '../support/fixtures';
import { createLedger, downloadFrom, shot, startApp, totalsText, type RunningApp } from './support/app';

let app: RunningApp;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-import-e2e-'));
const samples = JSON.parse(fs.readFileSync(path.join(TEAM_FIXTURES, 'samples.json'), 'utf8')) as { files: { file: string; records: number; totalFen: number }[] };

/** A school's November list as such files come: title rows, a merged two-row header, 万元, a 合计 row. */
function messyWorkbook(file: string): void {
  const rows = [
    ['松江区2021年11月消费帮扶采购明细表'],
    ['填报单位：上海市松江区第二中学', '', '', '', '填报日期：2021年12月3日'],
    ['序号', '采购单位', '', '采购日期', '产品名称', '产地', '金额（万元）', '发票号码'],
    ['', '单位名称', '统一社会信用代码', '', '', '', '', ''],
    [1, '上海市松江区第二中学', '12310117425031234X', '2021-11-03', '莎车巴旦木', '新疆喀什莎车县', 0.58, '21312000000000000001'],
    [2, '上海市松江区第二中学', '12310117425031234X', '2021/11/10', '江孜青稞面', '火星县', 0.1, '21312000000000000002'],
    [3, '上海市松江区第二中学', '12310117425031234X', '2021年11月18日', '勐海普洱茶', '云南省西双版纳州勐海县', 1.2, '21312000000000000003'],
    ['合计', '', '', '', '', '', 1.88, ''],
  ];
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = [
    { s: { r: 2, c: 1 }, e: { r: 2, c: 2 } },
    { s: { r: 2, c: 0 }, e: { r: 3, c: 0 } },
    { s: { r: 2, c: 3 }, e: { r: 3, c: 3 } },
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['填表说明：金额以万元计']]), '说明');
  XLSX.utils.book_append_sheet(wb, ws, '11月明细');
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
}

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('the import wizard', () => {
  it('offers the blank template with the import layout', async () => {
    const { page } = app;
    await createLedger(page, '导入测试');
    await page.getByRole('button', { name: '导入' }).click();
    const t = await downloadFrom(page, () => page.getByRole('button', { name: '下载填报模板' }).click());
    expect(t.name).toBe('消费帮扶采购明细-填报模板.xlsx');
    expect(XLSX.read(t.bytes).SheetNames).toEqual(['台账明细', '填表说明', '填写选项']);
  });

  it('previews three files, lets the bad cell be corrected, and commits each as a batch', async () => {
    const { page } = app;
    const messy = path.join(work, '松江二中-11月.xlsx');
    messyWorkbook(messy);
    await page.locator('input[type="file"]').setInputFiles([...samples.files.map((s) => path.join(TEAM_FIXTURES, s.file)), messy]);
    for (const s of samples.files) {
      const card = page.locator('section.import-file', { hasText: s.file });
      await card.getByText('待确认').waitFor();
      await expect.poll(() => card.innerText()).toContain(`${s.records} 行可导入`);
    }
    const card = page.locator('section.import-file', { hasText: '松江二中-11月.xlsx' });
    await card.getByText('待确认').waitFor();
    const summary = await card.innerText();
    // two sheets: the data one is chosen, not the 说明 sheet; the two-row header is found
    expect(await card.getByLabel('选择工作表').inputValue()).toBe('11月明细');
    expect(summary).toContain('两行表头：第 3、4 行');
    expect(summary).toContain('2 行可导入');
    expect(summary).toContain('1 行有无法读取的值');
    // 检查 runs on the preview: the school's credit code has a wrong check character on every row
    expect(summary).toContain('检查发现 3 行有错误');
    expect(summary).toContain('统一社会信用代码有误 3');
    await shot(page, '10-import-preview');

    await card.getByLabel('只看有错误的行').check();
    const fix = card.getByLabel('更正第 6 行产地（县）');
    await fix.fill('西藏日喀则江孜县');
    await fix.blur();
    await expect.poll(() => card.getByRole('button', { name: /确认导入/ }).innerText()).toBe('确认导入 3 行');
    await shot(page, '11-import-corrected');
    await card.getByRole('button', { name: /确认导入/ }).click();
    await expect.poll(() => card.innerText()).toContain('已导入 3 条，合计 18,800.00 元');

    for (const s of samples.files) {
      const c = page.locator('section.import-file', { hasText: s.file });
      await c.getByRole('button', { name: /确认导入/ }).click();
      await expect.poll(() => c.innerText()).toContain(`已导入 ${s.records} 条`);
    }
    await expect.poll(() => page.locator('section.batches tbody tr').count()).toBe(3);
    await shot(page, '12-import-batches');
  });

  it('shows the imported records in the grid and exports them to a workbook that reads back', async () => {
    const { page } = app;
    const records = samples.files.reduce((n, s) => n + s.records, 0) + 3;
    const totalFen = samples.files.reduce((n, s) => n + s.totalFen, 0) + 1_880_000;
    await page.getByRole('button', { name: '台账明细' }).click();
    await expect.poll(() => totalsText(page)).toContain(`共 ${records} 条`);
    expect(await totalsText(page)).toContain((totalFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }));
    const x = await downloadFrom(page, () => page.getByRole('button', { name: '导出 Excel' }).click());
    expect(x.name).toMatch(/^松江区合作交流办-台账明细-全部-\d{8}\.xlsx$/);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(XLSX.read(x.bytes).Sheets['台账明细']);
    expect(rows).toHaveLength(records);
    expect(Math.round(rows.reduce((sum, r) => sum + Number(r['金额（元）']), 0) * 100)).toBe(totalFen);
    await page.locator('.message.info').getByText(`已导出 ${records} 条记录`).waitFor();
    await shot(page, '13-grid-after-import-and-export');
  });

  it('rolls a batch back whole', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '导入' }).click();
    const first = page.locator('section.batches tbody tr').last();
    await first.getByRole('button', { name: '撤销整批' }).click();
    await first.getByText(/已于 .* 撤销/).waitFor();
    await page.getByRole('button', { name: '台账明细' }).click();
    await expect.poll(() => totalsText(page)).toContain(`共 ${samples.files.reduce((n, s) => n + s.records, 0)} 条`);
    expect(app.errors).toEqual([]);
  });

  it('parses a unit file dropped onto the page like a chosen one', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '导入' }).click();
    const file = path.join(work, '松江三中-拖入.xlsx');
    messyWorkbook(file);
    const dropped = await page.evaluateHandle(
      (bytes) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], '松江三中-拖入.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
        return dt;
      },
      Array.from(fs.readFileSync(file)),
    );
    const zone = page.locator('.page.import');
    await zone.dispatchEvent('dragover', { dataTransfer: dropped });
    await expect.poll(() => zone.getAttribute('class')).toContain('dragging');
    await zone.dispatchEvent('drop', { dataTransfer: dropped });
    const card = page.locator('section.import-file', { hasText: '松江三中-拖入.xlsx' });
    await card.getByText('待确认').waitFor();
    expect(await card.innerText()).toContain('2 行可导入');
    expect(await zone.getAttribute('class')).not.toContain('dragging');
    expect(app.errors).toEqual([]);
  });
});
