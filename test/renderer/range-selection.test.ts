/** Selecting a block of cells, copying it as Excel does, pasting and filling into it (renderer/src/grid/range-selection.ts). */
import { describe, expect, it } from 'vitest';
import { parseTsv } from '../../renderer/src/grid/clipboard';
import { boundsOf, contains, extend, fillSources, isSingleCell, single, tileInto, toTsv } from '../../renderer/src/grid/range-selection';

const limits = { rows: 10, cols: 5 };

describe('a block of cells', () => {
  it('has the same bounds whichever corner it was started from', () => {
    expect(boundsOf({ anchor: { row: 5, col: 3 }, focus: { row: 2, col: 1 } })).toEqual({ top: 2, bottom: 5, left: 1, right: 3 });
    expect(boundsOf(single({ row: 4, col: 2 }))).toEqual({ top: 4, bottom: 4, left: 2, right: 2 });
    expect(isSingleCell(single({ row: 4, col: 2 }))).toBe(true);
    expect(isSingleCell(null)).toBe(true);
    expect(contains({ top: 2, bottom: 5, left: 1, right: 3 }, 5, 1)).toBe(true);
    expect(contains({ top: 2, bottom: 5, left: 1, right: 3 }, 6, 1)).toBe(false);
  });

  it('grows and shrinks with Shift+arrows, keeping the anchor, never past the grid', () => {
    let r = single({ row: 1, col: 1 });
    r = extend(r, 1, 0, limits);
    r = extend(r, 1, 0, limits);
    r = extend(r, 0, 1, limits);
    expect(r).toEqual({ anchor: { row: 1, col: 1 }, focus: { row: 3, col: 2 } });
    r = extend(r, 0, -1, limits);
    r = extend(r, 0, -1, limits);
    expect(boundsOf(r)).toEqual({ top: 1, bottom: 3, left: 0, right: 1 });
    r = extend(r, 0, -1, limits);
    expect(r.focus.col).toBe(0);
    // Ctrl+Shift+↓ goes to the last row
    expect(extend(r, 1, 0, limits, true).focus).toEqual({ row: 9, col: 0 });
    expect(extend(r, -1, 0, limits, true).focus).toEqual({ row: 0, col: 0 });
  });
});

describe('copying a block', () => {
  it('writes tab-separated rows ending in CRLF that our own paste (and Excel) reads back', () => {
    const block = [['2021-11-06', '学校', '580'], ['', '有\t制表符', '说"好"']];
    const text = toTsv(block);
    expect(text).toBe('2021-11-06\t学校\t580\r\n\t"有\t制表符"\t"说""好"""\r\n');
    expect(parseTsv(text)).toEqual(block);
    expect(parseTsv(toTsv([['第一行\n第二行']]))).toEqual([['第一行\n第二行']]);
  });
});

describe('pasting into a selected block', () => {
  const target = { top: 0, bottom: 3, left: 0, right: 1 }; // 4 rows × 2 columns

  it('fills every cell with one value', () => {
    expect(tileInto([['党政机关']], target)).toEqual(Array(4).fill(['党政机关', '党政机关']));
  });

  it('repeats a smaller block whose size divides the selection', () => {
    expect(tileInto([['a', 'b'], ['c', 'd']], target)).toEqual([['a', 'b'], ['c', 'd'], ['a', 'b'], ['c', 'd']]);
    expect(tileInto([['x'], ['y']], target)).toEqual([['x', 'x'], ['y', 'y'], ['x', 'x'], ['y', 'y']]);
  });

  it('pastes the block as it is when it does not divide the selection, or only one cell is selected', () => {
    expect(tileInto([['a'], ['b'], ['c']], target)).toBeNull();
    expect(tileInto([['a', 'b', 'c']], target)).toBeNull();
    expect(tileInto([['a', 'b'], ['c', 'd']], { top: 2, bottom: 2, left: 1, right: 1 })).toBeNull();
    expect(tileInto([], target)).toBeNull();
  });

  it('fills short rows of a ragged block with empty cells', () => {
    expect(tileInto([['a', 'b'], ['c']], { top: 0, bottom: 1, left: 0, right: 1 })).toEqual([['a', 'b'], ['c', '']]);
  });
});

describe('filling', () => {
  it('copies the top row down (Ctrl+D) or repeats the dragged block (fill handle)', () => {
    expect(fillSources(3, 1, 4, 6)).toEqual([{ target: 4, source: 3 }, { target: 5, source: 3 }, { target: 6, source: 3 }]);
    expect(fillSources(0, 2, 2, 6).map((p) => p.source)).toEqual([0, 1, 0, 1, 0]);
  });
});
