/**
 * A block of cells selected as in Excel: an anchor (where the selection began, the active cell)
 * and a focus (the opposite corner, moved by the mouse or Shift+arrows). Rows are indexes in the
 * grid's current order; columns are indexes into the grid's displayed record columns. Pure, so
 * copy, clear, fill and paste into a block are tested without a browser.
 */

export interface CellPos {
  row: number;
  col: number;
}

export interface CellRange {
  anchor: CellPos;
  focus: CellPos;
}

export interface Bounds {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function single(pos: CellPos): CellRange {
  return { anchor: pos, focus: pos };
}

export function boundsOf(r: CellRange): Bounds {
  return {
    top: Math.min(r.anchor.row, r.focus.row),
    bottom: Math.max(r.anchor.row, r.focus.row),
    left: Math.min(r.anchor.col, r.focus.col),
    right: Math.max(r.anchor.col, r.focus.col),
  };
}

export function rowCount(b: Bounds): number {
  return b.bottom - b.top + 1;
}

export function colCount(b: Bounds): number {
  return b.right - b.left + 1;
}

export function isSingleCell(r: CellRange | null): boolean {
  return !r || (r.anchor.row === r.focus.row && r.anchor.col === r.focus.col);
}

export function contains(b: Bounds, row: number, col: number): boolean {
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

/** Shift+arrow: the focus corner moves one cell (or to the edge with Ctrl), kept inside the grid. */
export function extend(r: CellRange, dRow: number, dCol: number, limits: { rows: number; cols: number }, toEdge = false): CellRange {
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max - 1, v));
  const row = toEdge && dRow !== 0 ? (dRow > 0 ? limits.rows - 1 : 0) : clamp(r.focus.row + dRow, limits.rows);
  const col = toEdge && dCol !== 0 ? (dCol > 0 ? limits.cols - 1 : 0) : clamp(r.focus.col + dCol, limits.cols);
  return { anchor: r.anchor, focus: { row, col } };
}

/** One TSV cell as Excel writes it: quoted when it holds a tab, a newline or a quote. */
function tsvCell(text: string): string {
  return /[\t\r\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A block as Excel/WPS put it on the clipboard (rows end in CRLF, the last one too). */
export function toTsv(block: readonly (readonly string[])[]): string {
  return block.map((row) => row.map(tsvCell).join('\t') + '\r\n').join('');
}

/**
 * What a pasted block writes into a selected block, as Excel does: one value fills every cell;
 * a smaller block whose size divides the selection is repeated over it. Otherwise (or with no
 * block selected) the block is pasted as it is, from the selection's top-left cell: null.
 */
export function tileInto(block: readonly (readonly string[])[], target: Bounds): string[][] | null {
  const rows = block.length;
  const cols = Math.max(0, ...block.map((r) => r.length));
  if (rows === 0 || cols === 0) return null;
  const tRows = rowCount(target);
  const tCols = colCount(target);
  if (tRows * tCols === 1) return null;
  if (tRows % rows !== 0 || tCols % cols !== 0) return null;
  if (tRows === rows && tCols === cols) return block.map((r) => Array.from({ length: cols }, (_, c) => r[c] ?? ''));
  return Array.from({ length: tRows }, (_, r) => Array.from({ length: tCols }, (_, c) => block[r % rows][c % cols] ?? ''));
}

/**
 * Fill: the source rows (the selection's top row for Ctrl+D, the whole selection for the fill
 * handle) repeated down over the target rows. Returns, per target row, the source row to copy.
 */
export function fillSources(sourceTop: number, sourceRows: number, targetTop: number, targetBottom: number): { target: number; source: number }[] {
  const out: { target: number; source: number }[] = [];
  for (let t = targetTop; t <= targetBottom; t++) out.push({ target: t, source: sourceTop + ((t - targetTop) % sourceRows) });
  return out;
}
