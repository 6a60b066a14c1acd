/**
 * Undo and redo of every change, paste and delete included. The core answers each change with
 * the record before and after; from those the inverse is exact: an insert is undone by a
 * delete, an update by writing the old values back, a delete by re-inserting under the old id.
 */
import type { RecordChange, RecordOp } from '../../../shared/api';
import type { LedgerRecord, RecordField } from '../../../shared/domain/record';
import { RECORD_FIELDS } from '../../../shared/record-fields';

export interface UndoEntry {
  label: string;
  undo: RecordOp[];
  redo: RecordOp[];
}

function valuesOf(r: LedgerRecord, fields: readonly RecordField[] = RECORD_FIELDS.map((f) => f.key)) {
  return Object.fromEntries(fields.map((f) => [f, r[f]])) as Partial<Record<RecordField, string | number | null>>;
}

function changedFields(before: LedgerRecord, after: LedgerRecord): RecordField[] {
  return RECORD_FIELDS.map((f) => f.key).filter((f) => before[f] !== after[f]);
}

export function entryFromChanges(label: string, changes: RecordChange[]): UndoEntry | null {
  if (changes.length === 0) return null;
  const undo: RecordOp[] = [];
  const redo: RecordOp[] = [];
  for (const c of changes) {
    if (!c.before && c.after) {
      undo.push({ type: 'delete', id: c.id });
      redo.push({ type: 'insert', id: c.id, values: valuesOf(c.after) });
    } else if (c.before && c.after) {
      const fields = changedFields(c.before, c.after);
      undo.push({ type: 'update', id: c.id, values: valuesOf(c.before, fields) });
      redo.push({ type: 'update', id: c.id, values: valuesOf(c.after, fields) });
    } else if (c.before && !c.after) {
      undo.push({ type: 'insert', id: c.id, values: valuesOf(c.before) });
      redo.push({ type: 'delete', id: c.id });
    }
  }
  // Undo runs in reverse order, so a later change to the same record is undone first.
  return { label, undo: undo.reverse(), redo };
}

export class UndoStack {
  private done: UndoEntry[] = [];
  private undone: UndoEntry[] = [];
  constructor(private readonly limit = 200) {}

  push(entry: UndoEntry | null): void {
    if (!entry) return;
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }
  takeUndo(): UndoEntry | undefined {
    const e = this.done.pop();
    if (e) this.undone.push(e);
    return e;
  }
  takeRedo(): UndoEntry | undefined {
    const e = this.undone.pop();
    if (e) this.done.push(e);
    return e;
  }
  /** put back an entry whose undo/redo failed, so nothing is lost from the history */
  restore(entry: UndoEntry, from: 'undo' | 'redo'): void {
    if (from === 'undo') this.done.push(this.undone.pop() ?? entry);
    else this.undone.push(this.done.pop() ?? entry);
  }
  get canUndo(): boolean {
    return this.done.length > 0;
  }
  get canRedo(): boolean {
    return this.undone.length > 0;
  }
  peekUndo(): string | null {
    return this.done.at(-1)?.label ?? null;
  }
  peekRedo(): string | null {
    return this.undone.at(-1)?.label ?? null;
  }
}
