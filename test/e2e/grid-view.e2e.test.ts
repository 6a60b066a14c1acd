/**
 * The grid's view of a whole ledger in real Chromium, on the demo ledger (3,000 records): the
 * scrollbar spans every record from the first page, one drag reaches the last row, and
 * 检查 › 查看记录 scrolls the grid to the record and selects it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shot, startApp, type RunningApp } from './support/app';

let app: RunningApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

const viewport = '.ag-body-vertical-scroll-viewport';

describe('the grid over the whole ledger', () => {
  it('knows every row from the first page: one drag to the bottom shows the last record', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '打开演示台账' }).click();
    await page.locator('.ag-row[row-index="0"]').first().waitFor();
    // 3,000 rows of 30 px: the scrollbar's track is the whole ledger before any scrolling.
    await expect.poll(() => page.locator(viewport).evaluate((e) => e.scrollHeight)).toBeGreaterThan(2999 * 30);
    await page.locator(viewport).evaluate((e) => (e.scrollTop = e.scrollHeight));
    // A loaded row shows its date (the demo has no record without one); one still loading shows none.
    // How fast is the bench's business (bench/browser.ts): this machine is shared, so the wait is generous.
    const dateAt = (index: number) => page.locator(`.ag-grid-scrolling-container > .ag-row[row-index="${index}"] .ag-cell[col-id="date"]`).innerText();
    await expect.poll(() => dateAt(2999), { timeout: 15_000 }).toMatch(/^\d{4}-\d\d-\d\d$/);
    // the last row is whole and nothing lies over it: AG Grid's horizontal bar (where scrollbars
    // overlay the page, as in this Chromium) covered its lower half, just above the totals row
    const covered = await page.locator('.ag-grid-scrolling-container > .ag-row[row-index="2999"]').evaluate((row) => {
      const r = row.getBoundingClientRect();
      const x = r.x + 400;
      return [3, r.height / 2, r.height - 3].filter((dy) => !row.contains(document.elementFromPoint(x, r.y + dy)));
    });
    expect(covered).toEqual([]);
    await shot(page, '60-grid-scrolled-to-last-row');

    // a drag to the middle shows the rows there, not empty placeholders
    await page.locator(viewport).evaluate((e) => (e.scrollTop = 1500 * 30));
    await expect.poll(() => dateAt(1500), { timeout: 15_000 }).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(app.errors).toEqual([]);
  });

  it('scrolled fast, builds rows in short frames and fills every row in view once the scroll rests', async () => {
    const { page } = app;
    // the grid builds rows 4 ms a frame (frame-budget.ts), not AG Grid's 60: "ag-grid" here
    // means an AG Grid version without the methods it replaces
    expect(await page.locator('[data-frame-budget]').getAttribute('data-frame-budget')).toBe('4');
    // and builds the rows of a block that arrives mid-scroll in those frames, not all at once
    expect(await page.locator('[data-page-load]').getAttribute('data-page-load')).toBe('frames');
    await page.locator(viewport).evaluate((e) => (e.scrollTop = 0));
    // 20 rows a frame for a second, as the bench scrolls (bench/browser.ts)
    const top = await page.locator(viewport).evaluate(
      (e) =>
        new Promise<number>((resolve) => {
          const end = performance.now() + 1000;
          const tick = (now: number) => {
            e.scrollTop += 600;
            if (now < end) requestAnimationFrame(tick);
            else resolve(e.scrollTop);
          };
          requestAnimationFrame(tick);
        }),
    );
    const first = Math.ceil(top / 30);
    const rows = await page.locator(viewport).evaluate((e) => Math.floor(e.clientHeight / 30));
    const dates = () =>
      page.evaluate(
        ([from, to]) =>
          Array.from({ length: to - from }, (_, i) => (document.querySelector(`.ag-grid-scrolling-container > .ag-row[row-index="${from + i}"] .ag-cell[col-id="date"]`) as HTMLElement | null)?.innerText ?? ''),
        [first, first + rows] as const,
      );
    await expect.poll(async () => (await dates()).filter((d) => !/^\d{4}-\d\d-\d\d$/.test(d)), { timeout: 15_000 }).toEqual([]);
    await shot(page, '60b-grid-after-fast-scroll');
    expect(app.errors).toEqual([]);
  });

  it('keeps the keyboard focus moving when PageDown is held through rows not loaded yet', async () => {
    const { page } = app;
    await page.locator(viewport).evaluate((e) => (e.scrollTop = 0));
    const date0 = page.locator('.ag-grid-scrolling-container > .ag-row[row-index="0"] .ag-cell[col-id="date"]');
    await expect.poll(() => date0.innerText()).toMatch(/^\d{4}-/);
    await date0.click();
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const cell = el?.closest('.ag-cell');
      return cell ? { row: Number(cell.closest('.ag-row')?.getAttribute('row-index')), col: cell.getAttribute('col-id'), text: (cell as HTMLElement).innerText } : null;
    });
    // as a key held down repeats (AG Grid takes one page key per 100 ms): rows arrive empty while
    // their blocks load, and the grid keeps moving
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(110);
    }
    await expect.poll(async () => (await focused())?.row ?? -1, { timeout: 15_000 }).toBeGreaterThan(100);
    await expect.poll(async () => (await focused())?.text ?? '', { timeout: 15_000 }).toMatch(/^\d{4}-/);
    const at = (await focused())!;
    expect(at.col).toBe('date');
    // the focus is still the grid's: the next key moves it on
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused())?.row).toBe(at.row + 1);
    expect(app.errors).toEqual([]);
  });

  it('检查 › 查看记录 scrolls the grid to the record and selects it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '检查', exact: true }).click();
    await page.getByRole('button', { name: '运行检查' }).click();
    const group = page.locator('section.check-group', { hasText: 'CERT_MISSING' });
    await group.waitFor();
    await group.locator('header').click();
    const link = group.getByRole('button', { name: /查看记录/ }).last();
    const id = Number(/(\d+)/.exec(await link.innerText())![1]);
    await link.click();
    const row = page.locator('.ag-grid-scrolling-container > .ag-row.ag-row-selected');
    await row.waitFor({ timeout: 40_000 });
    expect(await row.count()).toBe(1);
    // the selected row is that record: the panel (记录 id) shows the same date, product and amount
    const panel = page.locator('.side-panel');
    await expect.poll(() => panel.innerText()).toContain(`记录 ${id}`);
    for (const col of ['date', 'productName', 'amountFen']) {
      const text = (await row.locator(`.ag-cell[col-id="${col}"]`).innerText()).trim();
      expect(text).not.toBe('');
      expect(await panel.innerText()).toContain(text);
    }
    expect(await row.isVisible()).toBe(true);
    const box = await row.boundingBox();
    const host = await page.locator('.grid-host').boundingBox();
    expect(box!.y).toBeGreaterThan(host!.y - 1);
    expect(box!.y + box!.height).toBeLessThan(host!.y + host!.height + 1);
    await shot(page, '61-checks-view-record-in-grid');
    expect(app.errors).toEqual([]);
  });
});
