/**
 * AG Grid builds the rows that scroll into view in animation frames, working through its queue
 * of row and cell tasks for up to 60 ms a frame (AnimationFrameService.executeFrame(60), a
 * constant with no grid option). Scrolling fast through the million-record ledger keeps that
 * queue full, so nearly every frame ran 50–67 ms: the grid moved at 15–20 frames a second.
 * While scrolling, a frame here builds rows for 4 ms and leaves the rest to the next frames; the
 * grid builds in the scroll's direction, so the rows coming into view go first and rows scrolled
 * past are dropped unbuilt, and once the scroll rests the queue empties in a few frames.
 *
 * A jump (the scrollbar dragged far, a new sort or filter: jump-buffer.ts then draws the window
 * alone, rowBuffer JUMP_BUFFER) keeps AG Grid's 60 ms: the rows asked for appear in one frame,
 * not row by row over several.
 *
 * There is no option for it, so this module's bean replaces the service's `requestFrame` on the
 * grid's own instance (beans are wired before any frame is asked for). If a later AG Grid no
 * longer has these methods, nothing is replaced and the grid keeps its own 60 ms; the grid's
 * element says which (data-frame-budget, checked by the browser tests).
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

interface Beans {
  animationFrameSvc?: AnimationFrames;
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

class FrameBudgetBean {
  readonly beanName = 'ledgerFrameBudget';
  wireBeans(beans: Beans): void {
    const { gos, eGridDiv } = beans;
    const applied = Boolean(gos) && applyFrameBudget(beans.animationFrameSvc, eGridDiv?.ownerDocument.defaultView ?? window, () => (gos!.get('rowBuffer') === JUMP_BUFFER ? JUMP_FRAME_MS : SCROLL_FRAME_MS));
    eGridDiv?.setAttribute('data-frame-budget', applied ? String(SCROLL_FRAME_MS) : 'ag-grid');
  }
}

/** Passed to the grid as `modules` (grid-scoped: only the ledger grid gets the budget). */
export const FRAME_BUDGET_MODULE = {
  moduleName: 'LedgerFrameBudget',
  version: AllCommunityModule.version,
  beans: [FrameBudgetBean],
} as unknown as Module;
