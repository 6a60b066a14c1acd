/**
 * ＋新增一行 opens a draft row, pinned above the totals, and writes nothing: the record is
 * created when its first value is saved (issue 14: an empty record written up front stayed
 * behind when the clerk moved on, or when the first value was refused, and later failed
 * 必填项为空). A draft left without any value disappears; one holding a refused value stays,
 * red with the reason, until corrected or cleared, like any typed value the field cannot take.
 */
import type { IRowNode } from 'ag-grid-community';
import type { LedgerRecord } from '../../../shared/domain/record';
import { RECORD_FIELDS } from '../../../shared/record-fields';
import type { PendingEdits } from './pending';

/** Records are numbered from 1 and the totals row is -1: 0 is free for the draft. */
export const DRAFT_ID = 0;

export function emptyDraft(): LedgerRecord {
  const values = Object.fromEntries(RECORD_FIELDS.map((f) => [f.key, null]));
  return { ...values, id: DRAFT_ID, batchId: null, createdAt: '', updatedAt: '', attachmentCount: 0 } as LedgerRecord;
}

export function isDraft(record: { id: number } | null | undefined): boolean {
  return record?.id === DRAFT_ID;
}

/** The pinned totals row (not the draft, which is pinned too). */
export function isTotalsRow(node: IRowNode<LedgerRecord> | null | undefined): boolean {
  return Boolean(node?.rowPinned) && !isDraft(node?.data);
}

/** Whether the draft still shows something typed (a refused value): then it stays when left. */
export function draftHoldsText(pending: PendingEdits): boolean {
  return RECORD_FIELDS.some((f) => pending.get(DRAFT_ID, f.key) !== undefined);
}
