/** What an audit entry changed, in words: '金额（元）：1,285.00 → 999.99'. */
import type { AuditEntry } from '../../../../shared/api';
import { RECORD_FIELDS } from '../../../../shared/record-fields';
import { displayValue } from '../../grid/columns';
import type { Reference } from '../../state/reference';

const COLUMN_TO_FIELD = new Map(RECORD_FIELDS.map((f) => [f.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), f]));
const HIDDEN = new Set(['id', 'created_at', 'updated_at', 'batch_id']);

function show(column: string, value: unknown, ref: Reference | null): string {
  const field = COLUMN_TO_FIELD.get(column);
  if (value === null || value === undefined || value === '') return '（空）';
  return field ? displayValue(field, value, ref) : String(value);
}

function label(column: string): string {
  return COLUMN_TO_FIELD.get(column)?.label ?? column;
}

export function describeChanges(entry: AuditEntry, ref: Reference | null): string[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  if (entry.action === 'update') {
    return Object.keys(after)
      .filter((k) => !HIDDEN.has(k) && before[k] !== after[k])
      .map((k) => `${label(k)}：${show(k, before[k], ref)} → ${show(k, after[k], ref)}`);
  }
  if (entry.action === 'insert' && !entry.after && entry.afterSha256) {
    return [`批量写入，操作记录保存了内容指纹 ${entry.afterSha256.slice(0, 12)}…；该行此后的内容与指纹不符，原值无法还原`];
  }
  const row = entry.action === 'delete' ? before : after;
  return Object.keys(row)
    .filter((k) => !HIDDEN.has(k) && row[k] !== null && row[k] !== '')
    .map((k) => `${label(k)}：${show(k, row[k], ref)}`);
}
