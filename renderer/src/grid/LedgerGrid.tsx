/**
 * The ledger grid: pages from SQLite (infinite row model; sort and filters run in SQL), a
 * pinned totals row, and Excel-like editing — type, Enter/Tab, pick lists, paste a block,
 * fill down, delete, undo/redo, find; files dropped on a row become its attachments.
 */
import type { CellFocusedEvent, CellKeyDownEvent, ColDef, GetRowIdParams, GridApi, GridReadyEvent, RowSelectionOptions, SelectionChangedEvent, SelectionColumnDef, ValueSetterParams } from 'ag-grid-community';
import { themeQuartz } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RecordChange, RecordOp, Totals } from '../../../shared/api';
import type { LedgerRecord, RecordField } from '../../../shared/domain/record';
import { formatFen } from '../../../shared/money';
import { FIELD_BY_KEY, parseFieldValue } from '../../../shared/record-fields';
import { AppError } from '../../../shared/result';
import { invoke, watchWaiting } from '../api/client';
import { AG_GRID_ZH } from '../i18n/ag-grid-zh';
import type { Reference } from '../state/reference';
import { download } from '../ui/download';
import { JobBar, useJob } from '../ui/useJob';
import { clearOps, fillOps, pasteOps, type Refused } from './block-edits';
import { parseTsv } from './clipboard';
import { buildColumns, displayValue } from './columns';
import { DeleteChoice, type DeleteChoiceState } from './DeleteChoice';
import { DRAFT_ID, draftHoldsText, emptyDraft, isDraft } from './draft-row';
import { FindBar } from './FindBar';
import { PlainGrid } from './PlainGrid';
import { isFiltered } from './filters';
import { createLedgerDatasource, INFINITE_ROW_MODEL } from './datasource';
import { useShowRecord, type ShowRecordRequest } from './show-record';
import { PendingEdits } from './pending';
import { loadRowMarks, NO_MARKS, type RowMarks } from './row-marks';
import { useRowFileDrop } from './row-file-drop';
import { deriveMoney } from './derived-amount';
import { tileInto, toTsv, type Bounds } from './range-selection';
import { displayedFields, useRangeSelection, type RangeMarks } from './use-range-selection';
import { useTypeToEdit } from './type-to-edit';
import { useJumpBuffer } from './jump-buffer';
import { FRAME_BUDGET_MODULE } from './frame-budget';
import { entryFromChanges, UndoStack } from './undo';
import { withSeenVersions } from './seen-versions';

const ROW_HEIGHT = 30;

const theme = themeQuartz.withParams({
  fontFamily: ['Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'sans-serif'],
  fontSize: 13,
  headerFontWeight: 600,
  rowHeight: ROW_HEIGHT,
  headerHeight: 34,
  accentColor: '#b3261e',
});

const DEFAULT_COL_DEF: ColDef<LedgerRecord> = {
  resizable: true,
  suppressHeaderMenuButton: false,
  // Delete is ours (onCellKeyDown: a block, checked rows or the cell); the grid's own would clear the cell a second time
  suppressKeyboardEvent: (p) => !p.editing && p.event.key === 'Delete',
};

// Grid options as constants: a new object on every render of this component (the totals
// arriving, a message, the selection count) made AG Grid apply it again (the selection
// column's definition and state were set anew each time).
const ROW_SELECTION: RowSelectionOptions<LedgerRecord> = { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false };
const SELECTION_COLUMN: SelectionColumnDef = { pinned: 'left', width: 44 };
const rowId = (p: GetRowIdParams<LedgerRecord>) => String(p.data.id);
const MODULES = [FRAME_BUDGET_MODULE];

interface Props {
  reference: Reference | null;
  onOpenRecord(id: number): void;
  /** bumped by the parent when records changed elsewhere (import, rollback) */
  refreshKey: number;
  /** a record to scroll to and select (检查 › 查看记录) */
  showRecord?: ShowRecordRequest | null;
}

type Message = { kind: 'info' | 'error'; text: string } | null;

export function LedgerGrid({ reference, onOpenRecord, refreshKey, showRecord }: Props) {
  const apiRef = useRef<GridApi<LedgerRecord> | null>(null);
  const pending = useMemo(() => new PendingEdits(), []);
  const undo = useMemo(() => new UndoStack(), []);
  const [totals, setTotals] = useState<Totals | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [selection, setSelection] = useState<{ count: number; amountFen: number }>({ count: 0, amountFen: 0 });
  const [findOpen, setFindOpen] = useState(false);
  const [draft, setDraft] = useState<LedgerRecord | null>(null);
  const [deleteChoice, setDeleteChoice] = useState<DeleteChoiceState | null>(null);
  const [, setUndoVersion] = useState(0);
  const container = useRef<HTMLDivElement>(null);
  const gridHost = useRef<HTMLDivElement>(null);
  const fileDrop = useRowFileDrop(apiRef, gridHost, setMessage, (id) => {
    apiRef.current?.refreshInfiniteCache();
    onOpenRecord(id);
  });

  useTypeToEdit(gridHost, apiRef);
  const rowBuffer = useJumpBuffer(gridHost, apiRef, ROW_HEIGHT);

  const [marks, setMarks] = useState<RowMarks>(() => NO_MARKS);
  useEffect(() => {
    if (!reference) return;
    const codes = new Set(reference.counties.map((c) => c.code));
    void loadRowMarks((code) => codes.has(code), reference.countyWithCode, reference.resolveCounty).then((m) => setMarks(() => m), () => undefined);
  }, [reference, refreshKey]);
  const rangeMarks = useRef<RangeMarks>({ inRange: () => false, isCorner: () => false });
  const columnDefs = useMemo(() => buildColumns(reference, pending, marks, { inRange: (r, c) => rangeMarks.current.inRange(r, c), isCorner: (r, c) => rangeMarks.current.isCorner(r, c) }), [reference, pending, marks]);
  const ctx = useMemo(() => ({ resolveCounty: reference?.resolveCounty ?? (() => ({ error: '地区数据尚未加载' })) }), [reference]);

  const datasource = useMemo(() => createLedgerDatasource({ onTotals: setTotals, onError: (text) => setMessage({ kind: 'error', text }) }), []);
  // `query` mirrors the datasource's view for the commands below (paste, export, find).
  const query = useMemo(() => ({ get current() { return datasource.view(); } }), [datasource]);
  const refreshTotals = useCallback(() => void datasource.totals(true).catch(() => undefined), [datasource]);
  useShowRecord(apiRef, datasource, showRecord, (text) => setMessage({ kind: 'info', text }));

  useEffect(() => {
    if (refreshKey > 0) {
      refreshTotals();
      apiRef.current?.refreshInfiniteCache();
    }
  }, [refreshKey, refreshTotals]);

  /** Records whose last change was refused because someone else saved them since (records/stale.ts). */
  const refusedAsStale = useRef(new Set<number>());

  /** Every change goes through here: one records/apply, one undo entry, the grid updated. */
  const apply = useCallback(
    async (label: string, ops: RecordOp[], remember = true) => {
      if (ops.length === 0) return null;
      // A save that takes long may be waiting for another program's import: say so meanwhile.
      const watch = watchWaiting((text) => setMessage({ kind: 'info', text }));
      try {
        const { changes } = await invoke('records/apply', { label, ops: withSeenVersions(ops, apiRef.current) });
        if (watch.stop()) setMessage({ kind: 'info', text: '另一个程序的写入已完成，您的修改已保存' });
        if (remember) undo.push(entryFromChanges(label, changes));
        setUndoVersion((v) => v + 1);
        const api = apiRef.current;
        const structural = changes.some((c) => !c.before || !c.after);
        refreshTotals(); // first, so the blocks reloaded below get the new row count
        if (api) {
          if (structural) api.refreshInfiniteCache();
          else for (const c of changes) api.getRowNode(String(c.id))?.setData(c.after!);
        }
        return changes;
      } catch (err) {
        watch.stop();
        setMessage({ kind: 'error', text: (err as AppError).message });
        // Someone else saved the record meanwhile: show their version, not the refused text
        if ((err as AppError).code === 'STALE_RECORD') {
          for (const op of ops) if (op.type !== 'insert') refusedAsStale.current.add(op.id);
          apiRef.current?.refreshInfiniteCache();
        }
        return null;
      }
    },
    [undo, refreshTotals],
  );

  /**
   * The draft's first saved value creates the record; the draft then gives way to it, and the
   * focus (when still on the draft) moves to the same column of the new record.
   */
  const saveDraft = useCallback(
    async (field: RecordField, value: string | number, raw: string) => {
      const changes = await apply('新增一行', [{ type: 'insert', values: { [field]: value } }]);
      const api = apiRef.current;
      if (!changes || !api) {
        pending.set(DRAFT_ID, field, { text: raw, message: '未能保存，请重试' });
        api?.refreshCells({ rowNodes: api.getPinnedBottomRow(0) ? [api.getPinnedBottomRow(0)!] : [], force: true });
        return;
      }
      const focus = api.getFocusedCell();
      const column = focus?.rowPinned ? focus.column.getColId() : null;
      for (const f of Object.keys(FIELD_BY_KEY)) pending.clear(DRAFT_ID, f);
      setDraft(null);
      const id = changes[0].id;
      if (query.current.sort.length > 0 || Object.keys(query.current.query.filters).length > 0) {
        setMessage({ kind: 'info', text: `已新增记录 ${id}；当前有排序或筛选，新行不一定显示在末尾` });
        return;
      }
      if (!column && focus) return; // the clerk has moved on elsewhere: leave the focus there
      // Without sort or filter the new record is the last row: wait until its block is loaded.
      const { count } = await invoke('records/totals', query.current.query);
      const index = count - 1;
      api.ensureIndexVisible(index, 'bottom');
      for (let tries = 0; tries < 40; tries++) {
        if (api.getDisplayedRowAtIndex(index)?.data?.id === id) {
          api.setFocusedCell(index, column ?? field);
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    [apply, pending],
  );

  const valueSetter = useCallback(
    (p: ValueSetterParams<LedgerRecord>) => {
      const field = FIELD_BY_KEY[p.colDef.field as RecordField];
      const record = p.data;
      if (!field || !record) return false;
      const raw = p.newValue === undefined ? '' : p.newValue;
      const parsed = parseFieldValue(field, raw, ctx);
      if (isDraft(record) && parsed.ok) {
        pending.clear(DRAFT_ID, field.key);
        setTimeout(() => p.api.refreshCells({ rowNodes: p.node ? [p.node] : [], columns: [field.key], force: true }), 0);
        if (parsed.value !== null) void saveDraft(field.key, parsed.value, String(raw));
        return false;
      }
      if (!parsed.ok) {
        pending.set(record.id, field.key, { text: String(raw), message: parsed.message });
        setMessage({ kind: 'error', text: `${isDraft(record) ? '新行' : `第 ${(p.node?.rowIndex ?? 0) + 1} 行`}“${field.label}”：${parsed.message}` });
        setTimeout(() => p.api.refreshCells({ rowNodes: p.node ? [p.node] : [], columns: [field.key], force: true }), 0);
        return false;
      }
      pending.clear(record.id, field.key);
      // 金额 from 数量 × 单价 (or 单价 from 金额 ÷ 数量) when the third is empty, in the same change
      const derived = deriveMoney(record, { [field.key]: parsed.value });
      if (parsed.value === record[field.key] && !derived) {
        setTimeout(() => p.api.refreshCells({ rowNodes: p.node ? [p.node] : [], columns: [field.key], force: true }), 0);
        return false;
      }
      const values = { [field.key]: parsed.value, ...derived?.values };
      const previous = { ...record };
      Object.assign(record, values);
      setMessage(derived ? { kind: 'info', text: derived.note } : null);
      void apply(`编辑“${field.label}”`, [{ type: 'update', id: record.id, values }]).then((changes) => {
        if (!changes) {
          Object.assign(record, previous);
          if (!refusedAsStale.current.delete(record.id)) pending.set(record.id, field.key, { text: String(raw), message: '未能保存，请重试' });
          p.api.refreshCells({ rowNodes: p.node ? [p.node] : [], columns: [field.key], force: true });
        }
      });
      return true;
    },
    [ctx, pending, apply, saveDraft],
  );

  const columns = useMemo(() => columnDefs.map((c) => (c.field ? { ...c, valueSetter } : c)), [columnDefs, valueSetter]);

  // ---------- commands ----------

  /** ＋新增一行: a draft row above the totals, written to the ledger only with its first value (draft-row.ts). */
  const addRow = useCallback(() => {
    setDraft((d) => d ?? emptyDraft());
    setFindOpen(false);
    // the pinned row exists once React has rendered it
    setTimeout(() => {
      const api = apiRef.current;
      if (!api) return;
      api.setFocusedCell(0, 'date', 'bottom');
      api.startEditingCell({ rowIndex: 0, colKey: 'date', rowPinned: 'bottom' });
    }, 0);
  }, []);

  /** A draft left without anything typed in it disappears. */
  const onCellFocused = useCallback(
    (e: CellFocusedEvent<LedgerRecord>) => {
      const onDraft = e.rowPinned === 'bottom' && e.rowIndex === 0;
      if (!onDraft && !draftHoldsText(pending)) setDraft(null);
    },
    [pending],
  );

  const runUndo = useCallback(
    async (which: 'undo' | 'redo') => {
      const entry = which === 'undo' ? undo.takeUndo() : undo.takeRedo();
      if (!entry) return;
      const ops = which === 'undo' ? entry.undo : entry.redo;
      const done = await apply(`${which === 'undo' ? '撤销' : '重做'}：${entry.label}`, ops, false);
      if (!done) undo.restore(entry, which);
      else setMessage({ kind: 'info', text: `已${which === 'undo' ? '撤销' : '重做'}：${entry.label}` });
      setUndoVersion((v) => v + 1);
    },
    [undo, apply],
  );

  const editableColumnsFrom = (api: GridApi<LedgerRecord>, colId: string): RecordField[] => {
    const cols = displayedFields(api);
    return cols.slice(Math.max(0, cols.indexOf(colId as RecordField)));
  };

  /** Rows top..bottom of the current view: from the grid's cache when loaded, else from the ledger. */
  const rowsAt = useCallback(async (top: number, bottom: number): Promise<LedgerRecord[]> => {
    const api = apiRef.current;
    const cached: LedgerRecord[] = [];
    for (let i = top; i <= bottom; i++) {
      const data = api?.getDisplayedRowAtIndex(i)?.data;
      if (!data) break;
      cached.push(data);
    }
    if (cached.length === bottom - top + 1) return cached;
    return (await invoke('records/list', { ...query.current.query, sort: query.current.sort, startRow: top, endRow: bottom + 1 })).rows;
  }, []);

  /** Values a paste could not write stay in their cells, red, with the reason on hover, like typed ones. */
  const showRefused = useCallback(
    (ops: RecordOp[], changes: RecordChange[], refused: Refused[]) => {
      const inserted = changes.filter((c) => !c.before).map((c) => c.id);
      const insertIds = new Map<number, number>();
      ops.forEach((op, i) => op.type === 'insert' && insertIds.set(i, inserted[insertIds.size]));
      for (const r of refused) {
        const op = ops[r.op];
        const id = op.type === 'insert' ? insertIds.get(r.op) : op.id;
        if (id !== undefined) pending.set(id, r.field, { text: r.text, message: r.message });
      }
      if (refused.length) apiRef.current?.refreshCells({ force: true });
    },
    [pending],
  );

  const range = useRangeSelection(gridHost, apiRef, (source, fields, toRow) => void fillBlock(source, fields, toRow, { series: true }));
  rangeMarks.current = range.marks;

  /** 'overwrite': from the selected cell down (or into the selected block), appending past the end; 'append': all as new rows. */
  const paste = useCallback(
    async (text: string, mode: 'overwrite' | 'append') => {
      const api = apiRef.current;
      const focus = api?.getFocusedCell();
      if (!api || (mode === 'overwrite' && (!focus || focus.rowPinned))) {
        setMessage({ kind: 'error', text: '请先单击要粘贴到的起始单元格' });
        return;
      }
      const block = parseTsv(text);
      if (block.length === 0) return;
      const selected = mode === 'overwrite' ? range.block() : null;
      const tiled = selected ? tileInto(block, selected.bounds) : null;
      let plan: ReturnType<typeof pasteOps>;
      let rows: number;
      if (selected && tiled) {
        // one value, or a smaller block repeated, over the selected block (Excel's paste into a selection)
        plan = pasteOps(tiled, await rowsAt(selected.bounds.top, selected.bounds.bottom), selected.fields, ctx, false);
        rows = tiled.length;
      } else {
        const top = selected ? selected.bounds.top : (focus?.rowIndex ?? 0);
        const firstColumn = mode === 'append' ? 'date' : selected ? selected.fields[0] : focus!.column.getColId();
        const existing = mode === 'append' ? [] : await rowsAt(top, top + block.length - 1).catch(() => []);
        plan = pasteOps(block, existing, editableColumnsFrom(api, firstColumn), ctx);
        rows = block.length;
      }
      const ops = plan.ops.filter((op) => op.type !== 'update' || Object.keys(op.values).length > 0);
      const changes = await apply(mode === 'append' ? `粘贴 ${rows} 行到末尾` : `粘贴 ${rows} 行`, ops);
      if (changes) {
        showRefused(plan.ops, changes, plan.refused);
        setMessage(
          plan.refused.length
            ? { kind: 'error', text: `已粘贴 ${rows} 行，其中 ${plan.refused.length} 个单元格的值无法写入，已在单元格中标红（鼠标移到单元格上可看原因）` }
            : { kind: 'info', text: `已粘贴 ${rows} 行（可按 Ctrl+Z 撤销）` },
        );
      }
    },
    [apply, ctx, range, rowsAt, showRefused],
  );

  /** Fill the block's rows down to `toRow`: the fill handle continues dates and even number steps; Ctrl+D repeats the top row. */
  async function fillBlock(source: Bounds, fields: RecordField[], toRow: number, opts: { series?: boolean; sourceRows?: number } = {}) {
    const rows = await rowsAt(source.top, toRow);
    const ops = fillOps(rows, opts.sourceRows ?? source.bottom - source.top + 1, fields, { series: opts.series });
    await apply(fields.length === 1 ? `填充“${FIELD_BY_KEY[fields[0]].label}”` : `填充 ${fields.length} 列`, ops);
  }

  const fillDown = useCallback(async () => {
    const api = apiRef.current;
    const focus = api?.getFocusedCell();
    if (!api || !focus) return;
    const block = range.block();
    if (block && block.bounds.bottom > block.bounds.top) {
      // Ctrl+D over a block: its top row into every row below, in each of its columns
      await fillBlock(block.bounds, block.fields, block.bounds.bottom, { sourceRows: 1 });
      return;
    }
    const field = focus.column.getColId() as RecordField;
    if (!(field in FIELD_BY_KEY)) return;
    const selected = api.getSelectedNodes().filter((n) => n.data).sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
    let source: LedgerRecord | undefined;
    let targets: LedgerRecord[];
    if (selected.length >= 2) {
      source = selected[0].data!;
      targets = selected.slice(1).map((n) => n.data!);
    } else {
      source = focus.rowIndex > 0 ? api.getDisplayedRowAtIndex(focus.rowIndex - 1)?.data : undefined;
      const here = api.getDisplayedRowAtIndex(focus.rowIndex)?.data;
      targets = here ? [here] : [];
    }
    if (!source || targets.length === 0) return;
    const value = source[field];
    await apply(
      `向下填充“${FIELD_BY_KEY[field].label}”`,
      targets.map((t) => ({ type: 'update' as const, id: t.id, values: { [field]: value as string | number | null } })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [apply, range]);

  const deleteRecords = useCallback(
    async (ids: number[]) => {
      setDeleteChoice(null);
      if (ids.length === 0) return;
      await apply(`删除 ${ids.length} 行`, ids.map((id) => ({ type: 'delete' as const, id })));
      apiRef.current?.deselectAll();
    },
    [apply],
  );

  /**
   * 删除选中行 deletes what the clerk sees selected. Rows a filter now hides keep their
   * selection (the grid remembers it by id); they are deleted only when the clerk says so.
   */
  const deleteSelected = useCallback(async () => {
    const api = apiRef.current;
    if (!api) return;
    const ids = api.getSelectedNodes().filter((n) => n.data && !isDraft(n.data)).map((n) => n.data!.id);
    if (ids.length === 0) {
      setMessage({ kind: 'info', text: '请先勾选要删除的行' });
      return;
    }
    const { ids: visible } = await invoke('records/inView', { ...query.current.query, ids });
    if (visible.length < ids.length) {
      setDeleteChoice({ all: ids, visible });
      return;
    }
    if (!window.confirm(`删除选中的 ${ids.length} 条记录？删除后可按 Ctrl+Z 撤销。`)) return;
    await deleteRecords(ids);
  }, [deleteRecords]);

  const copy = useCallback((e: ClipboardEvent) => {
    const api = apiRef.current;
    if (!api || api.getEditingCells().length > 0) return;
    const selected = api.getSelectedNodes().filter((n) => n.data);
    const fields = api.getAllDisplayedColumns().map((c) => c.getColId()).filter((c): c is RecordField => c in FIELD_BY_KEY);
    const cellText = (r: LedgerRecord, f: RecordField) => {
      const field = FIELD_BY_KEY[f];
      return field.kind === 'money' && r[f] !== null ? String((r[f] as number) / 100) : displayValue(field, r[f], reference);
    };
    let text: string | null = null;
    const block = range.block();
    if (block) {
      const { top, bottom } = block.bounds;
      const toText = (rows: LedgerRecord[]) => toTsv(rows.map((r) => block.fields.map((f) => cellText(r, f))));
      const cached = Array.from({ length: bottom - top + 1 }, (_, i) => api.getDisplayedRowAtIndex(top + i)?.data);
      if (cached.every(Boolean)) text = toText(cached as LedgerRecord[]);
      else {
        // rows not loaded yet: fetched, then written to the clipboard
        e.preventDefault();
        void rowsAt(top, bottom).then((rows) => navigator.clipboard.writeText(toText(rows)));
        return;
      }
    } else if (selected.length > 0) text = selected.map((n) => fields.map((f) => cellText(n.data!, f)).join('\t')).join('\r\n');
    else {
      const focus = api.getFocusedCell();
      const row = focus ? api.getDisplayedRowAtIndex(focus.rowIndex)?.data : undefined;
      const f = focus?.column.getColId() as RecordField;
      if (row && f in FIELD_BY_KEY) text = cellText(row, f);
    }
    if (text !== null) {
      e.clipboardData?.setData('text/plain', text);
      e.preventDefault();
    }
  }, [reference, range, rowsAt]);

  // Paste and copy arrive as clipboard events while the grid (not an editor) has focus.
  // Ctrl+Shift+V marks the next paste as "append below the last record".
  const appendNext = useRef(false);
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const api = apiRef.current;
      if (!api || !container.current?.contains(document.activeElement) || api.getEditingCells().length > 0) return;
      const text = e.clipboardData?.getData('text/plain');
      const mode = appendNext.current ? 'append' : 'overwrite';
      appendNext.current = false;
      if (!text) return;
      e.preventDefault();
      void paste(text, mode);
    };
    document.addEventListener('paste', onPaste);
    document.addEventListener('copy', copy);
    return () => {
      document.removeEventListener('paste', onPaste);
      document.removeEventListener('copy', copy);
    };
  }, [paste, copy]);

  // Shortcuts anywhere in the grid area (not while typing in a cell, except Escape).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!container.current?.contains(document.activeElement)) return;
      const editing = (apiRef.current?.getEditingCells().length ?? 0) > 0 || (document.activeElement as HTMLElement)?.closest('.find-bar');
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        setFindOpen(true);
        return;
      }
      if (editing) return;
      if (mod && e.key.toLowerCase() === 'v') appendNext.current = e.shiftKey;
      if (mod && !e.shiftKey && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void runUndo('undo');
      } else if (mod && (e.key.toLowerCase() === 'y' || (e.shiftKey && e.key.toLowerCase() === 'z'))) {
        e.preventDefault();
        void runUndo('redo');
      } else if (mod && e.key.toLowerCase() === 'd') {
        e.preventDefault();
        void fillDown();
      } else if (mod && e.key === 'Enter') {
        e.preventDefault();
        void addRow();
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [runUndo, fillDown, addRow]);

  const onCellKeyDown = useCallback(
    (e: CellKeyDownEvent<LedgerRecord>) => {
      const key = (e.event as KeyboardEvent | undefined)?.key;
      if (key === 'Delete' && isDraft(e.data)) {
        pending.clear(DRAFT_ID, e.column.getColId());
        e.api.refreshCells({ rowNodes: [e.node], force: true });
        return;
      }
      if (key !== 'Delete' || e.node.rowPinned) return;
      const api = e.api;
      const block = range.block();
      if (block) {
        // Delete over a block clears every cell of it, as one change (one undo step)
        void rowsAt(block.bounds.top, block.bounds.bottom).then((rows) => {
          for (const r of rows) for (const f of block.fields) pending.clear(r.id, f);
          return apply(`清除 ${rows.length} 行 × ${block.fields.length} 列`, clearOps(rows, block.fields));
        });
        return;
      }
      if (api.getSelectedNodes().length > 0) {
        void deleteSelected();
        return;
      }
      // Delete on one cell clears it, as in Excel.
      const field = e.column.getColId() as RecordField;
      if (e.data && field in FIELD_BY_KEY && e.data[field] !== null) {
        pending.clear(e.data.id, field);
        void apply(`清除“${FIELD_BY_KEY[field].label}”`, [{ type: 'update', id: e.data.id, values: { [field]: null } }]);
      }
    },
    [deleteSelected, apply, pending, range, rowsAt],
  );

  const onSelectionChanged = useCallback((e: SelectionChangedEvent<LedgerRecord>) => {
    const nodes = e.api.getSelectedNodes();
    setSelection({ count: nodes.length, amountFen: nodes.reduce((s, n) => s + (n.data?.amountFen ?? 0), 0) });
  }, []);

  const { job, run, cancel } = useJob();
  const exportView = async () => {
    try {
      const r = await run('导出 Excel', (jobId) => invoke('exports/ledger', { ...query.current.query, sort: query.current.sort, jobId }));
      download(r.fileName, r.content);
      setMessage({ kind: 'info', text: `已导出 ${r.records.toLocaleString('zh-CN')} 条记录：${r.fileName}` });
    } catch (e) {
      setMessage({ kind: (e as AppError).code === 'CANCELLED' ? 'info' : 'error', text: (e as AppError).code === 'CANCELLED' ? '已取消导出' : (e as AppError).message });
    }
  };

  const pinnedBottom = useMemo(
    () => [
      ...(draft ? [draft] : []),
      ...(totals ? [{ id: -1, purchaserName: `共 ${totals.count.toLocaleString('zh-CN')} 条`, amountFen: totals.amountFen } as unknown as LedgerRecord] : []),
    ],
    [totals, draft],
  );

  return (
    <div className="grid-page" ref={container}>
      <div className="toolbar" role="toolbar">
        <button onClick={() => void addRow()} title="Ctrl+Enter">＋ 新增一行</button>
        <button
          title="把从 Excel/WPS 复制的多行追加到台账末尾（Ctrl+Shift+V）"
          onClick={() =>
            navigator.clipboard.readText().then(
              (text) => void paste(text, 'append'),
              () => setMessage({ kind: 'error', text: '无法读取剪贴板，请单击表格后按 Ctrl+Shift+V' }),
            )
          }
        >
          粘贴到末尾
        </button>
        <button onClick={() => void deleteSelected()} disabled={selection.count === 0}>删除选中行</button>
        <span className="sep" />
        <button onClick={() => void runUndo('undo')} disabled={!undo.canUndo} title={undo.peekUndo() ? `撤销：${undo.peekUndo()}（Ctrl+Z）` : '没有可撤销的操作'}>↶ 撤销</button>
        <button onClick={() => void runUndo('redo')} disabled={!undo.canRedo} title={undo.peekRedo() ? `重做：${undo.peekRedo()}（Ctrl+Y）` : '没有可重做的操作'}>↷ 重做</button>
        <button onClick={() => void fillDown()} title="Ctrl+D：把上一行（或选中的第一行）的值填到下面">⇩ 向下填充</button>
        <button onClick={() => setFindOpen(true)} title="Ctrl+F">查找</button>
        <button
          onClick={() => {
            apiRef.current?.setFilterModel(null);
            apiRef.current?.applyColumnState({ defaultState: { sort: null } });
          }}
        >
          清除筛选与排序
        </button>
        <span className="sep" />
        <button onClick={() => void exportView()} disabled={Boolean(job)} title="按当前的筛选和排序导出为 Excel（可再导入）">
          导出 Excel
        </button>
        <span className="hint">单击单元格直接输入，Enter 下移、Tab 右移；Ctrl+V 从所选单元格起粘贴，Ctrl+Shift+V 追加到末尾；把文件拖到某一行即添加为附件</span>
      </div>
      <JobBar job={job} onCancel={cancel} />
      {findOpen && (
        <FindBar
          onClose={() => setFindOpen(false)}
          search={async (text, fromIndex, backwards) => {
            const api = apiRef.current;
            const r = await invoke('records/find', { ...query.current.query, sort: query.current.sort, text, fromIndex, backwards });
            if (r && api) {
              api.ensureIndexVisible(r.index, 'middle');
              api.setFocusedCell(r.index, r.field);
            }
            return r;
          }}
          startIndex={() => apiRef.current?.getFocusedCell()?.rowIndex ?? -1}
        />
      )}
      {message && (
        <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          <span>{message.text}</span>
          <button className="link" onClick={() => setMessage(null)} aria-label="关闭">×</button>
        </div>
      )}
      <div className="grid-host" ref={gridHost} onDragOver={fileDrop.onDragOver} onDragLeave={fileDrop.onDragLeave} onDrop={(e) => void fileDrop.onDrop(e)}>
        <PlainGrid<LedgerRecord>
          theme={theme}
          modules={MODULES}
          localeText={AG_GRID_ZH}
          columnDefs={columns}
          defaultColDef={DEFAULT_COL_DEF}
          {...INFINITE_ROW_MODEL}
          datasource={datasource}
          getRowId={rowId}
          rowSelection={ROW_SELECTION}
          selectionColumnDef={SELECTION_COLUMN}
          pinnedBottomRowData={pinnedBottom}
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          singleClickEdit={false}
          stopEditingWhenCellsLoseFocus
          // Seventeen columns render cheaply; keeping all of them in the DOM lets the totals
          // row, find and the keyboard reach every column without scrolling first.
          suppressColumnVirtualisation
          tooltipShowDelay={300}
          onGridReady={(e: GridReadyEvent<LedgerRecord>) => {
            apiRef.current = e.api;
            datasource.attach(e.api);
          }}
          onCellKeyDown={onCellKeyDown}
          onCellFocused={(e) => {
            onCellFocused(e);
            range.onCellFocused(e);
          }}
          onSelectionChanged={onSelectionChanged}
          onSortChanged={rowBuffer.drop}
          onFilterChanged={rowBuffer.drop}
          onCellClicked={(e) => {
            if (e.colDef.colId === 'rowNumber' && e.data && !e.node.rowPinned) onOpenRecord(e.data.id);
          }}
        />
      </div>
      {deleteChoice && <DeleteChoice choice={deleteChoice} onDelete={(ids) => void deleteRecords(ids)} onCancel={() => setDeleteChoice(null)} />}
      <div className="statusbar">
        <span>{totals ? `${isFiltered(datasource.view().query) ? '筛选结果' : '共'} ${totals.count.toLocaleString('zh-CN')} 条，金额合计 ${formatFen(totals.amountFen)} 元` : '正在统计…'}</span>
        {selection.count > 0 && <span>已选 {selection.count} 行，金额 {formatFen(selection.amountFen)} 元</span>}
      </div>
    </div>
  );
}
