/**
 * AG Grid builds the rows that scroll into view in animation frames, working through its queue
 * of row and cell tasks for up to 60 ms a frame (AnimationFrameService.executeFrame(60), a
 * constant with no grid option). Scrolling fast through the million-record ledger keeps that
 * queue full, so nearly every frame ran 50–67 ms: the grid moved at 15–20 frames a second.
 * While the grid moves (a scroll event since the last frame), a frame here builds rows for 4 ms
 * and leaves the rest to the next frames; the grid builds in the scroll's direction, so the rows
 * coming into view go first and rows scrolled past are dropped unbuilt. The first frame without
 * a scroll event builds all that is left (AG Grid's 60 ms): the rows are there a frame after the
 * scroll stops.
 *
 * A block of records that arrives while the grid moves: AG Grid drops the rows it drew empty
 * for it and builds them again with their records at once, in the task that delivered the
 * block (30-odd rows of 22 cells; in the browser bench most of the frames over 50 ms were these).
 * While moving, they are built in the frames like the rows scrolling brings (`afterScroll`).
 *
 * A jump (the scrollbar dragged far, a new sort or filter: jump-buffer.ts then draws the window
 * alone, rowBuffer JUMP_BUFFER) keeps AG Grid's 60 ms and its building at once: the rows asked
 * for appear in one frame, not row by row over several.
 *
 * There are no options for these, so this module's bean replaces the frame service's
 * `requestFrame` and the row renderer's `onPageLoaded` and `recycleRows` on the grid's own
 * instances (beans are wired before any frame is asked for or any block arrives). If a later AG
 * Grid no longer has these methods, nothing is replaced and the grid keeps its own ways; the
 * grid's element says which (data-frame-budget, data-page-load, checked by the browser tests).
 */
import { AllCommunityModule, type Module } from 'ag-grid-community';
import { JUMP_BUFFER } from './jump-buffer';

/** Milliseconds of row building per animation frame while scrolling. */
export const SCROLL_FRAME_MS = 4;
/** After a jump: AG Grid's own. */
export const JUMP_FRAME_MS = 60;

interface AnimationFrames {
  executeFrame?: (millis: number) => void;
  requestFrame?: () => void;
}

interface RowRenderer {
  rowCtrlsByRowIndex?: Record<number, { rowNode?: { id?: string } } | undefined>;
  onPageLoaded?: (event: { keepRenderedRows?: boolean }) => void;
  recycleRows?: (rows: unknown, animate?: boolean, afterScroll?: boolean) => void;
}

interface Beans {
  animationFrameSvc?: AnimationFrames;
  focusSvc?: { getFocusCellToUseAfterRefresh?(): { rowIndex: number; rowPinned?: string | null } | null };
  rowRenderer?: RowRenderer;
  eGridDiv?: HTMLElement;
  gos?: { get(option: 'rowBuffer'): number | undefined };
}

export function applyFrameBudget(svc: AnimationFrames | undefined, win: Window, budget: () => number): boolean {
  if (!svc || typeof svc.executeFrame !== 'function' || typeof svc.requestFrame !== 'function') return false;
  const execute = svc.executeFrame;
  svc.requestFrame = function (this: AnimationFrames) {
    win.requestAnimationFrame(() => execute.call(this, budget()));
  };
  return true;
}

/** How long after its last scroll event the grid counts as moving. */
export const MOVING_MS = 100;

/**
 * Whether the grid is moving: a scroll event since the last frame asked (and not long ago).
 * A frame after the scroll has stopped is a frame without one, so the rows still queued are
 * built in that frame with AG Grid's own budget, not 4 ms at a time.
 */
export class Motion {
  private lastScroll = -Infinity;
  private scrolls = 0;
  private seen = 0;
  constructor(private readonly now: () => number = () => performance.now()) {}
  scrolled(): void {
    this.lastScroll = this.now();
    this.scrolls++;
  }
  /** For a frame: scrolled since the previous frame asked. */
  movedSinceLastFrame(): boolean {
    const moved = this.scrolls !== this.seen && this.moving();
    this.seen = this.scrolls;
    return moved;
  }
  moving(): boolean {
    return this.now() - this.lastScroll < MOVING_MS;
  }
}

/** Milliseconds of row building for the next frame. */
export function frameBudget(afterJump: boolean, motion: Motion): number {
  if (afterJump) return JUMP_FRAME_MS;
  return motion.movedSinceLastFrame() ? SCROLL_FRAME_MS : JUMP_FRAME_MS;
}

/**
 * A block that arrives while `moving()`: the rows AG Grid builds again for it (the empty ones it
 * drew are dropped at once, as before) are built in the frames, as after a scroll. Not when the
 * keyboard's focus is on one of those empty rows (PageDown held through rows not loaded yet):
 * AG Grid gives the focus back to the rebuilt row at once, so that row must have its cells.
 */
export function applyPageLoadInFrames(renderer: RowRenderer | undefined, scrolling: () => boolean, focus?: Beans['focusSvc']): boolean {
  if (!renderer || typeof renderer.onPageLoaded !== 'function' || typeof renderer.recycleRows !== 'function') return false;
  const onPageLoaded = renderer.onPageLoaded;
  const recycleRows = renderer.recycleRows;
  let inFrames = false;
  renderer.recycleRows = function (this: RowRenderer, rows, animate, afterScroll) {
    return recycleRows.call(this, rows, animate, afterScroll || inFrames);
  };
  renderer.onPageLoaded = function (this: RowRenderer, event) {
    inFrames = Boolean(event?.keepRenderedRows) && scrolling() && !focusOnEmptyRow(this, focus);
    try {
      onPageLoaded.call(this, event);
    } finally {
      inFrames = false;
    }
  };
  return true;
}

function focusOnEmptyRow(renderer: RowRenderer, focus: Beans['focusSvc']): boolean {
  const cell = focus?.getFocusCellToUseAfterRefresh?.();
  if (!cell || cell.rowPinned) return false;
  return renderer.rowCtrlsByRowIndex?.[cell.rowIndex]?.rowNode?.id == null;
}

class FrameBudgetBean {
  readonly beanName = 'ledgerFrameBudget';
  wireBeans(beans: Beans): void {
    const { gos, eGridDiv } = beans;
    const motion = new Motion();
    // the grid's scrollers (the scrollbar's and the body's): a listener that reads nothing
    eGridDiv?.addEventListener('scroll', () => motion.scrolled(), { capture: true, passive: true });
    const afterJump = () => gos!.get('rowBuffer') === JUMP_BUFFER;
    const applied = Boolean(gos) && applyFrameBudget(beans.animationFrameSvc, eGridDiv?.ownerDocument.defaultView ?? window, () => frameBudget(afterJump(), motion));
    const inFrames = applied && applyPageLoadInFrames(beans.rowRenderer, () => !afterJump() && motion.moving(), beans.focusSvc);
    eGridDiv?.setAttribute('data-frame-budget', applied ? String(SCROLL_FRAME_MS) : 'ag-grid');
    eGridDiv?.setAttribute('data-page-load', inFrames ? 'frames' : 'ag-grid');
  }
}

/** Passed to the grid as `modules` (grid-scoped: only the ledger grid gets the budget). */
export const FRAME_BUDGET_MODULE = {
  moduleName: 'LedgerFrameBudget',
  version: AllCommunityModule.version,
  beans: [FrameBudgetBean],
} as unknown as Module;
