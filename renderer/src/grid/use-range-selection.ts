/**
 * Block selection in the grid, as in Excel/WPS (AG Grid Community has none): drag with the
 * mouse, Shift+click, Shift+arrows (Ctrl+Shift+arrows to the edge); the block is drawn through
 * cell classes; a small square at its bottom-right corner is the fill handle, dragged down to
 * repeat the block. The block logic is pure (range-selection.ts); this file is the wiring.
 */
import type { CellFocusedEvent, GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { LedgerRecord, RecordField } from '../../../shared/domain/record';
import { FIELD_BY_KEY } from '../../../shared/record-fields';
import { boundsOf, contains, extend, isSingleCell, single, type Bounds, type CellPos, type CellRange } from './range-selection';

/** What the column definitions ask to draw the block. */
export interface RangeMarks {
  inRange(rowIndex: number | null, colId: string): boolean;
  isCorner(rowIndex: number | null, colId: string): boolean;
}

/** The record columns in the order the grid shows them: the block's column indexes point here. */
export function displayedFields(api: GridApi): RecordField[] {
  return api
    .getAllDisplayedColumns()
    .map((c) => c.getColId())
    .filter((c): c is RecordField => c in FIELD_BY_KEY);
}

const HANDLE = 9; // px of the corner square that starts a fill drag

function cellAt(target: EventTarget | null, fields: RecordField[]): CellPos | null {
  const el = (target as HTMLElement | null)?.closest?.('.ag-cell');
  const row = el?.closest('.ag-row');
  if (!el || !row || row.classList.contains('ag-row-pinned')) return null;
  const col = fields.indexOf(el.getAttribute('col-id') as RecordField);
  const index = Number(row.getAttribute('row-index'));
  return col >= 0 && Number.isInteger(index) ? { row: index, col } : null;
}

export interface RangeSelection {
  marks: RangeMarks;
  /** the selected block and its columns, when it is more than one cell */
  block(): { bounds: Bounds; fields: RecordField[] } | null;
  onCellFocused(e: CellFocusedEvent<LedgerRecord>): void;
}

export function useRangeSelection(
  host: RefObject<HTMLElement | null>,
  apiRef: RefObject<GridApi<LedgerRecord> | null>,
  onFillHandle: (source: Bounds, fields: RecordField[], toRow: number) => void,
): RangeSelection {
  const range = useRef<CellRange | null>(null);
  const fill = useRef<{ source: Bounds; toRow: number } | null>(null);
  const drawn = useRef<Bounds | null>(null);
  /** set by a Shift+click: the grid's focus on the clicked cell goes back to where the block began */
  const refocusAnchor = useRef(false);
  const fillHandle = useRef(onFillHandle);
  fillHandle.current = onFillHandle;

  /** the block as drawn: the selection, or during a fill drag the selection grown down to the pointer */
  const shown = (): Bounds | null => {
    if (fill.current) return { ...fill.current.source, bottom: Math.max(fill.current.source.bottom, fill.current.toRow) };
    return range.current ? boundsOf(range.current) : null;
  };

  const redraw = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    const now = shown();
    const before = drawn.current;
    drawn.current = now;
    const all = [before, now].filter((b): b is Bounds => Boolean(b));
    if (all.length === 0) return;
    const top = Math.min(...all.map((b) => b.top));
    const bottom = Math.max(...all.map((b) => b.bottom));
    const rowNodes = api.getRenderedNodes().filter((n) => n.rowIndex !== null && n.rowIndex >= top && n.rowIndex <= bottom && !n.rowPinned);
    api.refreshCells({ rowNodes, columns: displayedFields(api), force: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [apiRef]);

  const marks = useMemo<RangeMarks>(
    () => ({
      inRange(rowIndex, colId) {
        const b = drawn.current;
        const api = apiRef.current;
        if (!b || rowIndex === null || !api || (b.top === b.bottom && b.left === b.right)) return false;
        return contains(b, rowIndex, displayedFields(api).indexOf(colId as RecordField));
      },
      isCorner(rowIndex, colId) {
        const b = drawn.current;
        const api = apiRef.current;
        if (!b || rowIndex === null || !api) return false;
        return rowIndex === b.bottom && displayedFields(api).indexOf(colId as RecordField) === b.right;
      },
    }),
    [apiRef],
  );

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let selecting = false;
    const fields = () => (apiRef.current ? displayedFields(apiRef.current) : []);

    const onMouseDown = (e: MouseEvent) => {
      if (e.button !== 0) return;
      const pos = cellAt(e.target, fields());
      if (!pos) return;
      const cellEl = (e.target as HTMLElement).closest('.ag-cell')!;
      const rect = cellEl.getBoundingClientRect();
      const current = shown();
      if (current && cellEl.classList.contains('range-corner') && e.clientX >= rect.right - HANDLE && e.clientY >= rect.bottom - HANDLE) {
        fill.current = { source: current, toRow: current.bottom };
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      if (e.shiftKey && range.current) {
        // Shift+click grows the block from where it began, and (as in Excel) the active cell
        // stays there: the grid's focus on the clicked cell is sent back (onCellFocused).
        range.current = { anchor: range.current.anchor, focus: pos };
        // (the active cell is the anchor: a Shift+click on it moves no focus, so nothing to send back)
        const { anchor } = range.current;
        refocusAnchor.current = anchor.row !== pos.row || anchor.col !== pos.col;
        window.getSelection()?.removeAllRanges();
        redraw();
        return;
      }
      range.current = single(pos);
      selecting = true;
      redraw();
    };
    const onMouseOver = (e: MouseEvent) => {
      if (!selecting && !fill.current) return;
      const pos = cellAt(e.target, fields());
      if (!pos) return;
      if (fill.current) fill.current.toRow = pos.row;
      else if (range.current) range.current = { anchor: range.current.anchor, focus: pos };
      window.getSelection()?.removeAllRanges();
      redraw();
    };
    const onMouseUp = () => {
      // a drag over the active cell (editable, for input methods) must not leave its text selected
      if (selecting && !isSingleCell(range.current)) window.getSelection()?.removeAllRanges();
      selecting = false;
      const f = fill.current;
      if (!f) return;
      fill.current = null;
      const api = apiRef.current;
      if (f.toRow > f.source.bottom && api) {
        range.current = { anchor: { row: f.source.top, col: f.source.left }, focus: { row: f.toRow, col: f.source.right } };
        fillHandle.current(f.source, fields().slice(f.source.left, f.source.right + 1), f.toRow);
      }
      redraw();
    };
    const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const onKeyDown = (e: KeyboardEvent) => {
      const api = apiRef.current;
      const move = ARROWS[e.key];
      if (!api || !move || !e.shiftKey || !range.current) return;
      if (!(e.target as HTMLElement).classList?.contains('ag-cell') || api.getEditingCells().length > 0) return;
      e.preventDefault();
      e.stopPropagation();
      range.current = extend(range.current, move[0], move[1], { rows: api.getDisplayedRowCount(), cols: fields().length }, e.ctrlKey || e.metaKey);
      const f = range.current.focus;
      api.ensureIndexVisible(f.row);
      api.ensureColumnVisible(fields()[f.col]);
      redraw();
    };
    el.addEventListener('mousedown', onMouseDown, true);
    el.addEventListener('mouseover', onMouseOver);
    document.addEventListener('mouseup', onMouseUp);
    el.addEventListener('keydown', onKeyDown, true);
    return () => {
      el.removeEventListener('mousedown', onMouseDown, true);
      el.removeEventListener('mouseover', onMouseOver);
      document.removeEventListener('mouseup', onMouseUp);
      el.removeEventListener('keydown', onKeyDown, true);
    };
  }, [host, apiRef, redraw]);

  const onCellFocused = useCallback(
    (e: CellFocusedEvent<LedgerRecord>) => {
      const api = apiRef.current;
      const colId = typeof e.column === 'string' ? e.column : e.column?.getColId();
      if (!api || e.rowIndex === null || e.rowPinned || !colId) return;
      const col = displayedFields(api).indexOf(colId as RecordField);
      if (col < 0) return;
      const a = range.current?.anchor;
      if (refocusAnchor.current && a) {
        refocusAnchor.current = false;
        if (a.row !== e.rowIndex || a.col !== col) api.setFocusedCell(a.row, displayedFields(api)[a.col]);
        return;
      }
      // the keyboard (or find) moved the active cell: the block is that cell again
      if (!a || a.row !== e.rowIndex || a.col !== col) {
        range.current = single({ row: e.rowIndex, col });
        redraw();
      }
    },
    [apiRef, redraw],
  );

  const block = useCallback(() => {
    const api = apiRef.current;
    if (!api || isSingleCell(range.current)) return null;
    const bounds = boundsOf(range.current!);
    return { bounds, fields: displayedFields(api).slice(bounds.left, bounds.right + 1) };
  }, [apiRef]);

  return { marks, block, onCellFocused };
}
