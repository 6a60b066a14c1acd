/**
 * The changes a block operation makes, as record ops for one records/apply (so one undo step):
 * clear a block, fill it down, paste a TSV block over rows. Pure: the rows come in, the ops and
 * the values a field refused (to show in red in their cells) go out.
 */
import type { RecordOp } from '../../../shared/api';
import type { LedgerRecord, RecordField } from '../../../shared/domain/record';
import { FIELD_BY_KEY, parseFieldValue, type FieldParseContext } from '../../../shared/record-fields';
import { deriveMoney, type MoneyFields } from './derived-amount';
import { fillSources } from './range-selection';

type Value = string | number | null;

/** A pasted value a field could not take: which op (so which row) and field, what was pasted, why. */
export interface Refused {
  op: number;
  field: RecordField;
  text: string;
  message: string;
}

/** Delete over a block: every cell of it emptied; rows already empty there are left alone. */
export function clearOps(rows: readonly LedgerRecord[], fields: readonly RecordField[]): RecordOp[] {
  const ops: RecordOp[] = [];
  for (const r of rows) {
    if (fields.every((f) => r[f] === null)) continue;
    ops.push({ type: 'update', id: r.id, values: Object.fromEntries(fields.map((f) => [f, null])) });
  }
  return ops;
}

/** Fill down: `rows[0 .. sourceRows-1]` repeated over the rows after them, in the given columns. */
export function fillOps(rows: readonly LedgerRecord[], sourceRows: number, fields: readonly RecordField[]): RecordOp[] {
  if (rows.length <= sourceRows) return [];
  const ops: RecordOp[] = [];
  for (const { target, source } of fillSources(0, sourceRows, sourceRows, rows.length - 1)) {
    const to = rows[target];
    const from = rows[source];
    const values: Partial<Record<RecordField, Value>> = {};
    for (const f of fields) if (to[f] !== from[f]) values[f] = from[f] as Value;
    if (Object.keys(values).length > 0) ops.push({ type: 'update', id: to.id, values });
  }
  return ops;
}

/**
 * Paste: block row i over `rows[i]` (an update) or, past the last given row, a new record (an
 * insert when `insertBeyond`), cell c into `fields[c]`. Values are parsed as if typed; a refused
 * value is left out of the op and reported. 金额 / 单价 are derived as when typed.
 */
export function pasteOps(
  block: readonly (readonly string[])[],
  rows: readonly LedgerRecord[],
  fields: readonly RecordField[],
  ctx: FieldParseContext,
  insertBeyond = true,
): { ops: RecordOp[]; refused: Refused[] } {
  const ops: RecordOp[] = [];
  const refused: Refused[] = [];
  block.forEach((cells, i) => {
    const target = rows[i];
    if (!target && !insertBeyond) return;
    const values: Partial<Record<RecordField, Value>> = {};
    cells.slice(0, fields.length).forEach((cell, c) => {
      const field = FIELD_BY_KEY[fields[c]];
      const r = parseFieldValue(field, cell, ctx);
      if (r.ok) values[field.key] = r.value;
      else refused.push({ op: ops.length, field: field.key, text: cell, message: r.message });
    });
    // a refused quantity, price or amount stays red in its cell: nothing is derived over it
    const moneyRefused = refused.some((x) => x.op === ops.length && (x.field === 'quantity' || x.field === 'unitPrice' || x.field === 'amountFen'));
    if (!moneyRefused) Object.assign(values, deriveMoney(target ?? { quantity: null, unitPrice: null, amountFen: null }, values as Partial<MoneyFields>)?.values);
    ops.push(target ? { type: 'update', id: target.id, values } : { type: 'insert', values });
  });
  return { ops, refused };
}
