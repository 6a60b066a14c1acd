/**
 * Speed as the clerk feels it (issue 14): the built UI in Debian's Chromium over the grid's
 * 1,000,000-record ledger, through the real loopback door. Timed inside the page, from the
 * user's action (a header click, the last keystroke of a filter, a scrollbar dragged to the
 * end) to the frame in which the rows it asked for are on screen; each against the same
 * operation's SQL alone on better-sqlite3 (the page query the handler runs). Scrolling fast
 * for 3 s is timed by its frames (95th percentile of frame intervals).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { createCore } from '../electron/core/core';
import { startHttpDoor } from '../electron/http/server';
import { launchChromium } from '../test/e2e/support/app';
import { gridLedger } from './grid';
import { median, type Row } from './measure';
import { pagedView, readPage } from '../electron/core/records/paging';
import { INFINITE_ROW_MODEL } from '../renderer/src/grid/datasource';

const ATTACHMENTS = "(SELECT count(*) FROM attachment_links l WHERE l.entity = 'record' AND l.entity_id = records.id) AS attachment_count";
const ROW = (i: number) => `.ag-grid-scrolling-container > .ag-row[row-index="${i}"]`;

/** The text of a cell of the row at `index` (in the page, for the frame loops below). */
async function cellText(page: Page, index: number, col: string): Promise<string | null> {
  return page.evaluate(([sel, c]) => (document.querySelector(`${sel} .ag-cell[col-id="${c}"]`) as HTMLElement | null)?.innerText ?? null, [ROW(index), col] as const);
}

/**
 * Starts a frame loop in the page that notes the first frame in which the row at `index` shows
 * `want` in column `col`; returns ms since the user's action: the press of the mouse on the
 * header, the last keystroke of the filter, or the moment the scrollbar is set (in the page,
 * by `start`). Timed from there, not from when Playwright was asked: its round trips and
 * checks before the action are no part of what the clerk waits for.
 */
async function frameUntil(page: Page, start: () => Promise<unknown>, index: number, col: string, wantSource: string, action: 'mousedown' | 'input' | 'scrollbar'): Promise<number> {
  await page.evaluate(
    ([sel, c, src, on]) => {
      const w = window as unknown as { __bench: { since: number; done: number | null } };
      const test = new Function('text', `return (${src})(text)`) as (t: string) => boolean;
      w.__bench = { since: performance.now(), done: null };
      // the last keystroke (the filter waits for typing to pause), the first press of the mouse
      let pressed = false;
      const noted = (e: Event) => {
        if (on === 'input' || !pressed) w.__bench.since = e.timeStamp;
        pressed = true;
      };
      if (on !== 'scrollbar') document.addEventListener(on, noted, true);
      const tick = () => {
        const el = document.querySelector(`${sel} .ag-cell[col-id="${c}"]`) as HTMLElement | null;
        if (el && test(el.innerText)) {
          w.__bench.done = performance.now();
          if (on !== 'scrollbar') document.removeEventListener(on, noted, true);
        } else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    [ROW(index), col, wantSource, action] as const,
  );
  await start();
  await page.waitForFunction(() => (window as unknown as { __bench: { done: number | null } }).__bench.done !== null, undefined, { timeout: 60_000, polling: 50 });
  return page.evaluate(() => {
    const b = (window as unknown as { __bench: { since: number; done: number } }).__bench;
    return b.done - b.since;
  });
}

export async function benchBrowser(workDir: string, rows: number): Promise<Row[]> {
  const { file } = gridLedger(workDir, rows);
  // Always built anew: a dist-web left from an earlier checkout would measure old code.
  console.error('构建界面（npm run build:web）…');
  if (spawnSync('npm', ['run', 'build:web'], { stdio: 'ignore' }).status !== 0) throw new Error('build:web failed');
  const raw = new Database(file, { readonly: true });
  const count = Number(raw.prepare('SELECT count(*) FROM records').pluck().get());
  const sql = (q: string, ...args: unknown[]) => () => raw.prepare(q).all(...args);

  // The core and its loopback door in this process, without the app's automatic backups (a
  // backup of a 1.5 GB ledger on open would be timed instead of the grid).
  const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-browser-')) });
  await core.call('ledger/open', { path: file });
  const door = await startHttpDoor({ core, staticDir: path.resolve('dist-web'), port: 0 });
  const browser = await launchChromium();
  const errors: string[] = [];
  const out: Row[] = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    // tsx (esbuild) names the functions inside the callbacks below with a helper the page lacks
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(door.launchUrl);
    console.error('浏览器：等待首屏…');
    await page.locator(`${ROW(0)} .ag-cell[col-id="date"]`).filter({ hasText: /\d{4}-/ }).waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);

    console.error('浏览器：排序…');
    // 1. A click on 购买主体: the first page in pinyin order painted (three clicks cycle asc, desc, none).
    const firstByPinyin = String(raw.prepare('SELECT r.purchaser_name FROM record_sort_keys k JOIN records r ON r.id = k.record_id ORDER BY k.purchaser_key, k.record_id LIMIT 1').pluck().get());
    const header = page.locator('.ag-header-cell[col-id="purchaserName"] .ag-header-cell-label');
    const sortTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      sortTimes.push(await frameUntil(page, () => header.click(), 0, 'purchaserName', `(t) => t === ${JSON.stringify(firstByPinyin)}`, 'mousedown'));
      await header.click();
      await header.click();
      await page.waitForTimeout(500);
    }
    const sortSql = await median(
      sql(`SELECT records.*, ${ATTACHMENTS} FROM records JOIN record_sort_keys ON record_sort_keys.record_id = records.id ORDER BY record_sort_keys.purchaser_key ASC, record_sort_keys.record_id ASC LIMIT ? OFFSET ?`, BLOCK, 0),
      9,
      2,
    );
    out.push({ what: '浏览器：单击“购买主体”表头到按拼音排好的首屏画出', appMs: mid(sortTimes), baselineMs: sortSql, limitMs: 300, maxRatio: null });

    console.error('浏览器：筛选…');
    // 2. Typing a filter (购买主体 contains a name that is not on the first row) to its rows painted.
    const first = (await cellText(page, 0, 'purchaserName')) ?? '';
    const name = String(raw.prepare('SELECT purchaser_name FROM records WHERE purchaser_name <> ? AND purchaser_name IS NOT NULL LIMIT 1 OFFSET 5000').pluck().get(first));
    const needle = [...name].slice(-4).join('');
    await page.locator('.ag-header-cell[col-id="purchaserName"] .ag-header-cell-filter-button, .ag-header-cell[col-id="purchaserName"] .ag-header-cell-menu-button').first().click();
    const input = page.locator('.ag-filter-body input[type="text"], .ag-filter-body input:not([type])').first();
    await input.waitFor();
    const filterTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      await input.fill('');
      await page.waitForTimeout(800);
      if ((await cellText(page, 0, 'purchaserName'))?.includes(needle)) throw new Error('the filter test needs a first row without the name');
      await input.click();
      filterTimes.push(await frameUntil(page, () => page.keyboard.type(needle), 0, 'purchaserName', `(t) => t.includes(${JSON.stringify(needle)})`, 'input'));
    }
    await input.fill('');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(800);
    const filterSql = await median(sql(`SELECT records.*, ${ATTACHMENTS} FROM records WHERE purchaser_name LIKE ? ESCAPE '\\' ORDER BY id ASC LIMIT ? OFFSET ?`, `%${needle}%`, BLOCK, 0), 9, 2);
    out.push({ what: `浏览器：在“购买主体”筛选框输入“${needle}”到结果画出（含 150 ms 输入停顿）`, appMs: mid(filterTimes), baselineMs: filterSql, limitMs: 300, maxRatio: null });

    console.error('浏览器：跳转…');
    // 3. The scrollbar dragged to the end (and to four other far places, none of them cached): rows there painted.
    const viewport = page.locator('.ag-body-vertical-scroll-viewport');
    const jumpTimes: number[] = [];
    for (const target of jumpTargets(count)) {
      jumpTimes.push(
        await frameUntil(
          page,
          () =>
            viewport.evaluate((e, t) => {
              (window as unknown as { __bench: { since: number } }).__bench.since = performance.now();
              e.scrollTop = t === -1 ? e.scrollHeight : t * 30 - e.clientHeight / 2;
            }, target === count - 1 ? -1 : target),
          target,
          'date',
          '(t) => /\\d{4}-/.test(t)',
          'scrollbar',
        ),
      );
      await page.waitForTimeout(500);
    }
    // The SQL alone of the same five jumps, as the handler reads them (records/paging.ts): the
    // grid's blocks at those rows, in the same order, each from the anchors the ones before left
    // (the first walks the ledger in hops). The old query, OFFSET from the top, for comparison.
    const jumpSql = mid(timedJumps(raw, jumpTargets(count).map((t) => Math.floor(t / BLOCK) * BLOCK)));
    out.push({ what: '浏览器：滚动条拖到末行（及另外 4 处远处）到该处的行画出（中位数）', appMs: mid(jumpTimes), baselineMs: jumpSql, limitMs: 200, maxRatio: null });
    const offsetSql = await median(sql(`SELECT records.*, ${ATTACHMENTS} FROM records ORDER BY id ASC LIMIT ? OFFSET ?`, BLOCK, count - BLOCK), 5, 1);
    out.push({ what: '（对照）改用锚点前的末行一页 SQL：LIMIT … OFFSET 从头数起', appMs: offsetSql, baselineMs: null, limitMs: null, maxRatio: null });

    console.error('浏览器：快速滚动…');
    // 4. Scrolling fast for 3 s (20 rows a frame, from the top): the 95th percentile of frame intervals.
    await viewport.evaluate((e) => (e.scrollTop = 0));
    await page.waitForTimeout(1000);
    const frames = await viewport.evaluate(
      (e) =>
        new Promise<number[]>((resolve) => {
          const intervals: number[] = [];
          let last = performance.now();
          const end = last + 3000;
          const tick = (now: number) => {
            intervals.push(now - last);
            last = now;
            e.scrollTop += 600;
            if (now < end) requestAnimationFrame(tick);
            else resolve(intervals.slice(1));
          };
          requestAnimationFrame(tick);
        }),
    );
    frames.sort((a, b) => a - b);
    const p95 = frames[Math.floor(frames.length * 0.95)];
    const next = pagedView(DEFAULT_VIEW);
    readPage(raw, next, 2000 - BLOCK, BLOCK); // the block before, whose last row is the anchor
    const pageSql = await median(() => readPage(raw, next, 2000, BLOCK), 9, 2);
    out.push({ what: `浏览器：快速滚动 3 秒的帧间隔 p95（${frames.length} 帧；基线为一页的 SQL）`, appMs: p95, baselineMs: pageSql, limitMs: 50, maxRatio: null });
    if (errors.length) console.error('页面错误：', errors.join('\n'));
  } finally {
    raw.close();
    await browser.close();
    await door.close();
    core.close();
  }
  return out;
}

/** The scrollbar dragged to the end, then to four other far places, none of them cached. */
function jumpTargets(count: number): number[] {
  return [count - 1, Math.floor(count * 0.9), Math.floor(count * 0.7), Math.floor(count * 0.5), Math.floor(count * 0.3)];
}

/** The grid's block: the rows one page query reads (renderer/src/grid/datasource.ts). */
const BLOCK = INFINITE_ROW_MODEL.cacheBlockSize;

/**
 * The default view (no filter, no sort) as records/app.ts builds it: every column, the 📎 count,
 * the id as its key, and the view's own LIMIT and OFFSET placeholders (records/paging.ts binds them).
 */
const DEFAULT_VIEW = {
  plain: `SELECT records.*, ${ATTACHMENTS}, id AS __k0 FROM records ORDER BY id ASC LIMIT ? OFFSET ?`,
  keyset: `SELECT records.*, ${ATTACHMENTS}, id AS __k0 FROM records WHERE id > ? ORDER BY id ASC LIMIT ? OFFSET ?`,
  parameters: [],
  terms: [{ expr: 'id', dir: 'ASC' as const }],
};

/** Each block read as the handler reads it, one view for all (anchors carry over), in ms. */
function timedJumps(db: Database.Database, starts: number[]): number[] {
  const view = pagedView(DEFAULT_VIEW);
  return starts.map((start) => {
    const t = performance.now();
    readPage(db, view, start, BLOCK);
    return performance.now() - t;
  });
}

function mid(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
