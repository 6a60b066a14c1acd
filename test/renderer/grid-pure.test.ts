/**
 * The grid's pure parts, which had no tests: the clipboard's TSV reader, undo entries and the
 * undo stack, AG Grid filter and sort models → the contract's query, and pending (rejected) edits.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../shared/domain/record';
import { emptyRecordValues } from '../../shared/record-fields';
import { parseTsv } from '../../renderer/src/grid/clipboard';
import { isFiltered, toRecordQuery, toSortSpec } from '../../renderer/src/grid/filters';
import { PendingEdits } from '../../renderer/src/grid/pending';
import { entryFromChanges, UndoStack } from '../../renderer/src/grid/undo';
import { isJump } from '../../renderer/src/grid/jump-buffer';
import { frameBudget, JUMP_FRAME_MS, Motion, MOVING_MS, SCROLL_FRAME_MS } from '../../renderer/src/grid/frame-budget';

const record = (id: number, values: Partial<LedgerRecord> = {}): LedgerRecord => ({ ...emptyRecordValues(), id, ...values }) as LedgerRecord;

describe('reading what Excel and WPS put on the clipboard', () => {
  it('splits rows on CRLF or LF and cells on tabs, dropping the final newline', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseTsv('a\tb\nc\td')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseTsv('单值')).toEqual([['单值']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('keeps empty cells, and quoted cells holding tabs, newlines and doubled quotes', () => {
    expect(parseTsv('a\t\tc\r\n')).toEqual([['a', '', 'c']]);
    expect(parseTsv('"第一行\r\n第二行"\t"有\t制表符"\t"说""好"""\r\n')).toEqual([['第一行\r\n第二行', '有\t制表符', '说"好"']]);
    // a quote inside a cell that did not start with one is text
    expect(parseTsv('5" 屏\tx')).toEqual([['5" 屏', 'x']]);
    expect(parseTsv('"1,000.00"\t"2021/11/8"')).toEqual([['1,000.00', '2021/11/8']]);
  });
});

describe('undo entries from the changes the core reports', () => {
  it('undoes an update by writing back only the fields that changed, and redoes it', () => {
    const before = record(7, { productName: '核桃', amountFen: 100 });
    const after = record(7, { productName: '核桃仁', amountFen: 100 });
    const entry = entryFromChanges('编辑', [{ id: 7, before, after }])!;
    expect(entry.undo).toEqual([{ type: 'update', id: 7, values: { productName: '核桃' } }]);
    expect(entry.redo).toEqual([{ type: 'update', id: 7, values: { productName: '核桃仁' } }]);
  });

  it('undoes an insert by a delete and a delete by re-inserting under the old id, in reverse order', () => {
    const added = record(9, { productName: '新' });
    const removed = record(3, { productName: '旧', amountFen: 500 });
    const entry = entryFromChanges('批量', [{ id: 9, before: null, after: added }, { id: 3, before: removed, after: null }])!;
    expect(entry.undo.map((o) => [o.type, 'id' in o ? o.id : null])).toEqual([['insert', 3], ['delete', 9]]);
    expect(entry.undo[0]).toMatchObject({ values: { productName: '旧', amountFen: 500 } });
    expect(entry.redo.map((o) => o.type)).toEqual(['insert', 'delete']);
    expect(entryFromChanges('空', [])).toBeNull();
  });

  it('keeps undo and redo stacks: a new change clears redo, a failed undo is put back, the oldest falls off', () => {
    const stack = new UndoStack(2);
    const e = (label: string) => ({ label, undo: [], redo: [] });
    stack.push(e('一'));
    stack.push(e('二'));
    stack.push(e('三'));
    expect(stack.takeUndo()?.label).toBe('三');
    expect(stack.takeUndo()?.label).toBe('二');
    expect(stack.takeUndo()).toBeUndefined();
    expect(stack.peekRedo()).toBe('二');
    const again = stack.takeRedo()!;
    stack.restore(again, 'redo'); // the redo failed: it is still there to redo
    expect(stack.peekRedo()).toBe('二');
    expect(stack.canUndo).toBe(false);
    stack.push(e('四'));
    expect(stack.canRedo).toBe(false);
    expect(stack.peekUndo()).toBe('四');
  });
});

describe('AG Grid filter and sort models to the contract', () => {
  it('turns amounts typed in 元 into fen, exactly', () => {
    const q = toRecordQuery({ amountFen: { filterType: 'number', type: 'inRange', filter: 0.1, filterTo: 1194.35 } });
    expect(q.filters.amountFen).toEqual({ type: 'number', op: 'inRange', value: 10, valueTo: 119435 });
    expect(toRecordQuery({ quantity: { filterType: 'number', type: 'greaterThan', filter: 2.5 } }).filters.quantity).toMatchObject({ value: 2.5 });
  });

  it('keeps the first condition of a combined filter, dates as days, and drops what SQL cannot take', () => {
    const q = toRecordQuery(
      {
        productName: { filterType: 'text', operator: 'OR', conditions: [{ type: 'contains', filter: '茶' }, { type: 'contains', filter: '米' }] },
        date: { filterType: 'date', type: 'lessThan', dateFrom: '2021-11-02 00:00:00' },
        remark: { filterType: 'text', type: 'contains', filter: '' },
        supplierName: { filterType: 'text', type: 'blank' },
        unknown: { filterType: 'text', type: 'contains', filter: 'x' },
        channel: { filterType: 'text', type: 'regex', filter: '.*' },
      },
      '2021-11',
    );
    expect(q).toEqual({
      filters: {
        productName: { type: 'text', op: 'contains', value: '茶' },
        date: { type: 'date', op: 'lessThan', value: '2021-11-02', valueTo: undefined },
        supplierName: { type: 'text', op: 'blank', value: undefined },
      },
      period: '2021-11',
    });
    expect(toRecordQuery(null)).toEqual({ filters: {} });
  });

  it('keeps sorts of known columns only, in order', () => {
    expect(
      toSortSpec([
        { colId: 'amountFen', sort: 'desc' },
        { colId: 'rowNumber', sort: 'asc' },
        { colId: 'date', sort: null },
        { colId: 'id', sort: 'asc' },
      ]),
    ).toEqual([{ field: 'amountFen', dir: 'desc' }, { field: 'id', dir: 'asc' }]);
  });
});

describe('pending edits: values a field refused stay in their cell', () => {
  it('keeps the text and the reason per record and field until cleared', () => {
    const pending = new PendingEdits();
    pending.set(1, 'quantity', { text: '十箱', message: '数量应为数字' });
    pending.set(2, 'quantity', { text: 'x', message: 'm' });
    expect(pending.get(1, 'quantity')).toEqual({ text: '十箱', message: '数量应为数字' });
    expect(pending.get(1, 'unit')).toBeUndefined();
    expect(pending.size).toBe(2);
    pending.clear(1, 'quantity');
    expect(pending.get(1, 'quantity')).toBeUndefined();
    expect(pending.size).toBe(1);
  });
});

describe('a filtered view', () => {
  it('is one with a column filter or a month, not the whole ledger', () => {
    expect(isFiltered(toRecordQuery({}))).toBe(false);
    expect(isFiltered(toRecordQuery(null, '2021-11'))).toBe(true);
    expect(isFiltered(toRecordQuery({ quantity: { filterType: 'number', type: 'greaterThan', filter: 2.5 } }))).toBe(true);
  });
});

describe('rows drawn beyond the window (jump-buffer.ts)', () => {
  it('takes a scroll far beyond the drawn rows for a jump, and a fast scroll for scrolling', () => {
    // a 700 px window of 30 px rows; ten buffer rows are 300 px
    expect(isJump(0, 600, 700, 30)).toBe(false);
    expect(isJump(6_000, 7_200, 700, 30)).toBe(false); // the grid's viewport two frames behind a fast scroll
    expect(isJump(4_000, 0, 700, 30)).toBe(false);
    expect(isJump(0, 4_001, 700, 30)).toBe(true);
    expect(isJump(29_000_000, 0, 700, 30)).toBe(true);
  });
});

describe('row building per frame (frame-budget.ts)', () => {
  it('builds 4 ms a frame while the grid moves, and all that is queued in the first frame after it stops', () => {
    let now = 1000;
    const motion = new Motion(() => now);
    expect(frameBudget(false, motion)).toBe(JUMP_FRAME_MS); // at rest: AG Grid's own
    expect(motion.moving()).toBe(false);
    // a scroll event before each of three frames
    for (let i = 0; i < 3; i++) {
      motion.scrolled();
      now += 16;
      expect(motion.moving()).toBe(true);
      expect(frameBudget(false, motion)).toBe(SCROLL_FRAME_MS);
    }
    // the next frame saw no scroll: the scroll has stopped, the rows left are built at once
    now += 16;
    expect(frameBudget(false, motion)).toBe(JUMP_FRAME_MS);
    // a scroll long before a frame that follows an idle spell is no scrolling either
    motion.scrolled();
    now += MOVING_MS;
    expect(motion.moving()).toBe(false);
    expect(frameBudget(false, motion)).toBe(JUMP_FRAME_MS);
    // after a jump (the window drawn alone): AG Grid's own, scroll or not
    motion.scrolled();
    expect(frameBudget(true, motion)).toBe(JUMP_FRAME_MS);
  });
});
