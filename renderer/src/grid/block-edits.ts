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

/**
 * Fill down: `rows[0 .. sourceRows-1]` repeated over the rows after them, in the given columns.
 * With `series` (the fill handle, as Excel's AutoFill) a column of dates counts on (a single date
 * by a day) and a column of numbers that step evenly continues its step; everything else, and
 * Ctrl+D, repeats.
 */
export function fillOps(rows: readonly LedgerRecord[], sourceRows: number, fields: readonly RecordField[], opts: { series?: boolean } = {}): RecordOp[] {
  if (rows.length <= sourceRows) return [];
  const source = rows.slice(0, sourceRows);
  const series = new Map(fields.flatMap((f) => {
    const next = opts.series ? seriesOf(FIELD_BY_KEY[f].kind, source.map((r) => r[f] as Value)) : null;
    return next ? [[f, next] as const] : [];
  }));
  const ops: RecordOp[] = [];
  for (const { target, source: from } of fillSources(0, sourceRows, sourceRows, rows.length - 1)) {
    const to = rows[target];
    const values: Partial<Record<RecordField, Value>> = {};
    for (const f of fields) {
      const value = series.get(f)?.(target - sourceRows) ?? (rows[from][f] as Value);
      if (to[f] !== value) values[f] = value;
    }
    if (Object.keys(values).length > 0) ops.push({ type: 'update', id: to.id, values });
  }
  return ops;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const decimalsOf = (n: number) => (String(n).split('.')[1] ?? '').length;

/** The k-th value after the source (k = 0 first), or null when the column just repeats. */
function seriesOf(kind: string, values: readonly Value[]): ((k: number) => Value) | null {
  if (kind === 'date') {
    if (!values.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) return null;
    const days = (values as string[]).map(dayNumber);
    const step = days.length === 1 ? 1 : evenStep(days);
    return step ? (k) => isoOfDay(days[days.length - 1] + step * (k + 1)) : null;
  }
  if (kind !== 'decimal' && kind !== 'money' && kind !== 'integer') return null;
  if (values.length < 2 || !values.every((v) => typeof v === 'number')) return null;
  const nums = values as number[];
  const places = Math.max(...nums.map(decimalsOf));
  const step = evenStep(nums, places);
  if (!step) return null;
  const round = (n: number) => Number(n.toFixed(places));
  return (k) => round(nums[nums.length - 1] + step * (k + 1));
}

/** The common difference of a run of numbers (compared at `places` decimals), or null (uneven, or none). */
function evenStep(nums: readonly number[], places = 0): number | null {
  const step = Number((nums[1] - nums[0]).toFixed(places));
  for (let i = 2; i < nums.length; i++) if (Number((nums[i] - nums[i - 1]).toFixed(places)) !== step) return null;
  return step === 0 ? null : step;
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
