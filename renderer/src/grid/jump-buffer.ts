/**
 * Rows beyond the window (AG Grid's rowBuffer) make fast scrolling smooth, since they are drawn
 * before they come into view, but after a jump (the scrollbar dragged far, Ctrl+End, 查看记录)
 * every one of them is drawn twice before the rows on screen are shown: once as a placeholder,
 * once with its record. In the browser bench on the million-record ledger, ten buffer rows gave
 * a jump of 371 ms, two rows 178–281 ms (median of 9 runs 249 ms) and rougher scrolling.
 * So a jump draws the window alone, and the buffer returns once the grid has come to rest; so
 * do a new sort and a new filter, which draw the whole window anew too.
 */
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useRef, type RefObject } from 'react';

/** Rows drawn beyond the window while scrolling (AG Grid's default). */
export const SCROLL_BUFFER = 10;
export const JUMP_BUFFER = 0;
/** Quiet time after the last scroll before the buffer rows are drawn. */
const SETTLE_MS = 400;

/**
 * A scroll far beyond the drawn rows (window and buffer). Scrolling fast moves the grid's own
 * viewport a screen or two between its scroll events (it follows the scrollbar a frame or
 * more behind), which must keep the buffer: only a move several times that far is a jump.
 */
export function isJump(fromTop: number, toTop: number, viewportHeight: number, rowHeight: number): boolean {
  return Math.abs(toTop - fromTop) > 4 * (viewportHeight + SCROLL_BUFFER * rowHeight);
}

const SCROLLERS = ['ag-body-vertical-scroll-viewport', 'ag-grid-viewport'];

/**
 * Wires the buffer to the grid's scrollers; `drop` is for the other moments that draw the whole
 * window anew (a new sort, a new filter), called from the grid's sortChanged/filterChanged.
 */
export function useJumpBuffer(host: RefObject<HTMLElement | null>, apiRef: RefObject<GridApi | null>, rowHeight: number): { drop(): void } {
  const settle = useRef<number | undefined>(undefined);
  const drop = useCallback(() => {
    const api = apiRef.current;
    if (!api || api.isDestroyed()) return;
    if (api.getGridOption('rowBuffer') !== JUMP_BUFFER) api.setGridOption('rowBuffer', JUMP_BUFFER);
    rest(api);
  }, [apiRef]);
  const rest = (api: GridApi) => {
    window.clearTimeout(settle.current);
    settle.current = window.setTimeout(() => {
      if (!api.isDestroyed() && api.getGridOption('rowBuffer') !== SCROLL_BUFFER) api.setGridOption('rowBuffer', SCROLL_BUFFER);
    }, SETTLE_MS);
  };

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // per scroller: the grid's own viewport follows the scrollbar a frame or more behind
    const lastTop = new WeakMap<EventTarget, number>();
    // Capture: this runs before the grid's own listener on the scrolled element draws the rows.
    const onScroll = (e: Event) => {
      const target = e.target as HTMLElement;
      const api = apiRef.current;
      if (!api || api.isDestroyed() || !SCROLLERS.some((c) => target.classList?.contains(c))) return;
      const top = target.scrollTop;
      const jumped = isJump(lastTop.get(target) ?? 0, top, target.clientHeight, rowHeight);
      lastTop.set(target, top);
      if (jumped) drop();
      else rest(api);
    };
    el.addEventListener('scroll', onScroll, true);
    return () => {
      el.removeEventListener('scroll', onScroll, true);
      window.clearTimeout(settle.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [host, apiRef, rowHeight, drop]);
  return { drop };
}
