/** Column definitions of the ledger grid, from the shared record fields. */
import type { CellClassParams, ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { LedgerRecord } from '../../../shared/domain/record';
import { formatFen } from '../../../shared/money';
import { RECORD_FIELDS, type FieldDef } from '../../../shared/record-fields';
import { validateCreditCode } from '../../../shared/credit-code';
import type { Reference } from '../state/reference';
import { PickEditor, TextEditor } from './editors';
import { reactEditor } from './react-editor';
import { isDraft, isTotalsRow } from './draft-row';
import type { PendingEdits } from './pending';
import { messagesAt, NO_MARKS, severityAt, type RowMarks } from './row-marks';
import type { RangeMarks } from './use-range-selection';

// the plain grid's editors (PlainGrid.tsx), made once: a new class per column list would be a new editor type
const PICK_EDITOR = reactEditor(PickEditor);
const TEXT_EDITOR = reactEditor(TextEditor);

const NO_RANGE: RangeMarks = { inRange: () => false, isCorner: () => false };

const FILTER_BY_KIND: Record<FieldDef['kind'], string> = {
  date: 'agDateColumnFilter',
  text: 'agTextColumnFilter',
  code: 'agTextColumnFilter',
  enum: 'agTextColumnFilter',
  county: 'agTextColumnFilter',
  money: 'agNumberColumnFilter',
  decimal: 'agNumberColumnFilter',
  integer: 'agNumberColumnFilter',
};

export function displayValue(field: FieldDef, value: unknown, ref: Reference | null): string {
  if (value === null || value === undefined) return '';
  if (field.kind === 'money') return formatFen(value as number);
  if (field.kind === 'county') return ref?.countyShort(value as string) ?? String(value);
  return String(value);
}

/**
 * The narrowest column whose header reads whole (单价（元） not 单价···): the label at the
 * header's bold 13px (a Chinese character or full-width bracket ~14px, other characters ~8px),
 * the cell padding, the filter button and the sort arrow a sorted column shows.
 */
export function headerWidth(label: string): number {
  let text = 0;
  for (const ch of label) text += /[\u2E80-\uFFEF]/.test(ch) ? 14 : 8;
  return text + 76;
}

export function buildColumns(ref: Reference | null, pending: PendingEdits, marks: RowMarks = NO_MARKS, range: RangeMarks = NO_RANGE): ColDef<LedgerRecord>[] {
  const rowNumber: ColDef<LedgerRecord> = {
    colId: 'rowNumber',
    headerName: '#',
    width: 76,
    pinned: 'left',
    sortable: false,
    filter: false,
    editable: false,
    suppressNavigable: true,
    cellClass: 'row-number',
    valueGetter: (p) => (isDraft(p.data) ? '新' : p.node?.rowPinned ? '合计' : p.node?.rowIndex !== null && p.node?.rowIndex !== undefined ? p.node.rowIndex + 1 : ''),
    tooltipValueGetter: (p) => (isDraft(p.data) ? '新行：填入第一个值即保存为新记录' : p.node?.rowPinned ? undefined : '单击查看详情与修改记录'),
  };
  const fields = RECORD_FIELDS.map((field): ColDef<LedgerRecord> => {
    const numeric = field.kind === 'money' || field.kind === 'decimal' || field.kind === 'integer';
    return {
      field: field.key,
      colId: field.key,
      headerName: field.label,
      width: Math.max(field.width, headerWidth(field.label)),
      editable: (p) => !isTotalsRow(p.node),
      sortable: true,
      filter: FILTER_BY_KIND[field.kind],
      filterParams: {
        maxNumConditions: 1,
        buttons: ['reset'],
        // rows follow the typing after a short pause (AG Grid waits 500 ms by default)
        debounceMs: 150,
        ...(field.kind === 'date' ? { browserDatePicker: true } : {}),
        ...(field.kind === 'county' ? { filterOptions: ['contains', 'notContains', 'equals', 'blank', 'notBlank'] } : {}),
      },
      type: numeric ? 'rightAligned' : undefined,
      cellEditor: field.kind === 'enum' || field.kind === 'county' ? PICK_EDITOR : TEXT_EDITOR,
      cellEditorParams: { fieldDef: field, reference: ref },
      cellEditorPopup: field.kind === 'enum' || field.kind === 'county',
      cellEditorPopupPosition: 'under',
      valueFormatter: (p: ValueFormatterParams<LedgerRecord>) => {
        const bad = p.data && pending.get(p.data.id, field.key);
        return bad ? bad.text : displayValue(field, p.value, ref);
      },
      tooltipValueGetter: (p) => {
        const bad = p.data && pending.get(p.data.id, field.key);
        if (bad) return bad.message;
        if (field.key === 'creditCode' && typeof p.value === 'string' && p.value) {
          const check = validateCreditCode(p.value);
          return check.ok ? undefined : check.message;
        }
        const checked = messagesAt(marks, p.data, field.key);
        if (checked) return checked;
        if (field.kind === 'county' && p.value) return ref?.countyFull(p.value as string);
        return undefined;
      },
      // One function, not seven class rules: AG Grid toggles every rule's class on every cell it
      // draws and refreshes (thousands a frame while scrolling fast); this adds only the classes
      // that apply. Every refresh that can change them is forced (refreshCells force, setData).
      cellClass: (p: CellClassParams<LedgerRecord>) => {
        // a colDef's own cellClass replaces the one its 'rightAligned' type gives: keep numbers right
        const classes: string[] = numeric ? ['ag-right-aligned-cell'] : [];
        if (p.data && pending.get(p.data.id, field.key)) classes.push('cell-invalid');
        if (field.key === 'creditCode' && typeof p.value === 'string' && p.value !== '' && !validateCreditCode(p.value).ok) classes.push('cell-warning');
        if (isTotalsRow(p.node)) classes.push('cell-total');
        if (p.node.rowPinned) return classes; // the draft and the totals row: no block, no check marks
        // the selected block and its fill handle (use-range-selection.ts)
        if (range.inRange(p.node.rowIndex, field.key)) classes.push('cell-in-range');
        if (range.isCorner(p.node.rowIndex, field.key)) classes.push('range-corner');
        // the shared row rules, as the checks page would report them
        const severity = severityAt(marks, p.data, field.key);
        if (severity) classes.push(severity === 'error' ? 'cell-check-error' : 'cell-check-warning');
        return classes;
      },
    };
  });
  // Read-only: files are added in the record panel (click the row number).
  const attachments: ColDef<LedgerRecord> = {
    colId: 'attachmentCount',
    headerName: '📎',
    headerTooltip: '附件数（单击行号在详情中查看与添加）',
    width: 72,
    sortable: false,
    filter: false,
    editable: false,
    suppressNavigable: true,
    cellClass: 'attachment-count',
    valueGetter: (p) => (p.node?.rowPinned ? '' : p.data?.attachmentCount ? `📎 ${p.data.attachmentCount}` : ''),
    tooltipValueGetter: (p) => (p.data?.attachmentCount ? `${p.data.attachmentCount} 个附件` : null),
  };
  return [rowNumber, attachments, ...fields];
}
