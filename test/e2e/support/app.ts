/** Starts the app's browser door on a temp data folder and opens it in Debian's Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, 'test/e2e/screenshots');

export interface RunningApp {
  url: string;
  dataDir: string;
  browser: Browser;
  page: Page;
  errors: string[];
  stop(): Promise<void>;
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/http/serve.ts'), '--data-dir', dataDir, '--static', path.join(ROOT, 'dist-web')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LEDGER_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

/** Debian's Chromium as the tests (and the browser bench) drive it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export async function startApp(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-'))): Promise<RunningApp> {
  const { child, url } = await startServer(dataDir);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('dialog', (d) => void d.accept());
  await page.goto(url);
  return {
    url,
    dataDir,
    browser,
    page,
    errors,
    async stop() {
      await browser.close();
      child.kill('SIGTERM');
    },
  };
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** A cell of the ledger grid by row index and column id. */
export function cell(page: Page, rowIndex: number, colId: string) {
  return page.locator(`.ag-grid-scrolling-container > .ag-row:not(.ag-row-pinned)[row-index="${rowIndex}"] .ag-cell[col-id="${colId}"]`);
}

/** Edit a cell as in Excel: click it, F2 to edit (Enter moves down), type, Enter to save. */
export async function editCell(page: Page, rowIndex: number, colId: string, text: string): Promise<void> {
  await cell(page, rowIndex, colId).click();
  await page.keyboard.press('F2');
  await page.waitForSelector('.cell-editor');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(250);
}

/** What the person sees in the pinned totals row. */
export async function totalsText(page: Page): Promise<string> {
  return (await page.locator('.ag-grid-pinned-bottom-rows').innerText()).replace(/\s+/g, ' ');
}

/**
 * Paste as a person does after copying from Excel/WPS: the tab-separated text goes onto the real
 * clipboard, then Ctrl+V (overwrite from the focused cell) or Ctrl+Shift+V (append) is pressed.
 */
export async function pasteText(page: Page, text: string, how: 'overwrite' | 'append' = 'overwrite'): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press(how === 'append' ? 'Control+Shift+V' : 'Control+V');
}

/** The welcome screen's form, filled as a person does; resolves once the grid shows. */
export async function createLedger(page: Page, fileName = '测试台账'): Promise<void> {
  await page.getByText('新建台账').waitFor();
  await page.getByLabel('单位名称').fill('松江区合作交流办');
  await page.getByLabel('所在区').fill('松江区');
  await page.getByLabel('区县代码').fill('310117');
  await page.getByLabel('文件名').fill(fileName);
  await page.getByRole('button', { name: '创建并打开' }).click();
  await page.getByRole('button', { name: '台账明细' }).waitFor();
}

/** 新增一行 with a date and an amount typed in, as a person does; resolves once the totals show it. */
export async function addRecord(page: Page, date: string, amountYuan: string, expectTotal: string): Promise<void> {
  await page.getByRole('button', { name: /新增一行/ }).click();
  await page.waitForSelector('.cell-editor');
  await page.keyboard.type(date);
  await page.keyboard.press('Enter');
  await editCell(page, 0, 'amountFen', amountYuan);
  await expect.poll(() => totalsText(page)).toContain(expectTotal);
}

/** Clicks what starts a download and returns the downloaded bytes. */
export async function downloadFrom(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}
