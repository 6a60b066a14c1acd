/**
 * The one streaming pass over the records in scope: every row rule on every record, plus the
 * small tallies the many-row checks finish from (names per credit code, prices per product,
 * invoice cells holding several numbers, purchases per purchaser and year). Rows are read as
 * raw arrays in id-ordered chunks, so no statement stays open between chunks (the caller may
 * yield, write, or cancel in between) and a million records never sit in memory.
 */
import { createRowChecker, type CheckRow, type RowRuleContext } from '../../../shared/checks/row-rules';
import { severityOf } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import { validateCreditCode } from '../../../shared/credit-code';
import type { Db } from '../db/connection';
import type { CheckScope } from './scope';

const COLUMNS = [
  'id', 'date', 'purchaser_name', 'credit_code', 'purchaser_type', 'product_name', 'origin_code', 'supplier_name', 'quantity',
  'unit_price', 'amount_fen', 'channel', 'invoice_no', 'households', 'order_no', 'remark', 'period', 'unit',
] as const;

export interface Tally {
  count: number;
  firstId: number;
}

export interface RowPassTallies {
  records: number;
  /** valid credit code → purchaser name → tally */
  namesByCode: Map<string, Map<string, Tally>>;
  /** purchaser name → valid credit code → tally */
  codesByName: Map<string, Map<string, Tally>>;
  /** 'product\0unit' → unit prices and their record ids (parallel arrays) */
  prices: Map<string, { prices: number[]; ids: number[] }>;
  /** invoice cells with more than one number: the duplicate check splits these */
  multiInvoice: { id: number; text: string }[];
  /** 'code:<credit code>|YYYY' or 'name:<purchaser>|YYYY' → fen */
  yearTotals: Map<string, number>;
}

export class RowPass {
  readonly tallies: RowPassTallies = {
    records: 0,
    namesByCode: new Map(),
    codesByName: new Map(),
    prices: new Map(),
    multiInvoice: [],
    yearTotals: new Map(),
  };
  private lastId = 0;
  private finished = false;
  private readonly check: (row: CheckRow) => ReturnType<ReturnType<typeof createRowChecker>>;
  private readonly validCodes = new Map<string, boolean>();
  private readonly row: CheckRow = {
    id: 0, date: null, purchaserName: null, creditCode: null, purchaserType: null, productName: null, originCode: null,
    supplierName: null, quantity: null, unitPrice: null, amountFen: null, channel: null, invoiceNo: null, households: null,
    orderNo: null, remark: null, period: null,
  };

  constructor(
    private readonly db: Db,
    private readonly scope: CheckScope,
    ctx: RowRuleContext,
    private readonly issues: CheckIssue[],
  ) {
    this.check = createRowChecker(ctx);
  }

  get done(): boolean {
    return this.finished;
  }

  /** Records in scope, for progress (cheap: a count over an index). */
  total(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM records r WHERE ${this.scope.where}`).get(this.scope.params) as { n: number }).n;
  }

  /** Checks the next `size` records; returns how many it read. */
  step(size: number): number {
    if (this.finished) return 0;
    const rows = this.db
      .prepare(`SELECT ${COLUMNS.map((c) => `r.${c}`).join(', ')} FROM records r WHERE r.id > @lastId AND ${this.scope.where} ORDER BY r.id LIMIT ${size}`)
      .raw()
      .all({ ...this.scope.params, lastId: this.lastId }) as unknown[][];
    for (const raw of rows) this.visit(raw);
    if (rows.length < size) this.finished = true;
    if (rows.length) this.lastId = rows[rows.length - 1][0] as number;
    return rows.length;
  }

  private visit(raw: unknown[]): void {
    const r = this.row;
    r.id = raw[0] as number;
    r.date = raw[1] as string | null;
    r.purchaserName = raw[2] as string | null;
    r.creditCode = raw[3] as string | null;
    r.purchaserType = raw[4] as string | null;
    r.productName = raw[5] as string | null;
    r.originCode = raw[6] as string | null;
    r.supplierName = raw[7] as string | null;
    r.quantity = raw[8] as number | null;
    r.unitPrice = raw[9] as number | null;
    r.amountFen = raw[10] as number | null;
    r.channel = raw[11] as string | null;
    r.invoiceNo = raw[12] as string | null;
    r.households = raw[13] as number | null;
    r.orderNo = raw[14] as string | null;
    r.remark = raw[15] as string | null;
    r.period = raw[16] as string | null;
    const unit = raw[17] as string | null;
    const t = this.tallies;
    t.records++;

    for (const issue of this.check(r)) {
      this.issues.push({ code: issue.code, severity: severityOf(issue.code), recordId: r.id, subject: `record:${r.id}`, message: issue.message });
    }

    const name = r.purchaserName;
    const code = r.creditCode;
    if (name && code && this.isValidCode(code)) {
      tally(t.namesByCode, code, name, r.id);
      tally(t.codesByName, name, code, r.id);
    }
    if (r.unitPrice !== null && r.unitPrice > 0 && r.productName) {
      const key = `${r.productName}\u0000${unit ?? ''}`;
      let list = t.prices.get(key);
      if (!list) t.prices.set(key, (list = { prices: [], ids: [] }));
      list.prices.push(r.unitPrice);
      list.ids.push(r.id);
    }
    if (r.invoiceNo && /[、,，;；/\s]/.test(r.invoiceNo)) t.multiInvoice.push({ id: r.id, text: r.invoiceNo });
    if (r.amountFen !== null && r.date && (code || name)) {
      const key = `${code ? `code:${code}` : `name:${name}`}|${r.date.slice(0, 4)}`;
      t.yearTotals.set(key, (t.yearTotals.get(key) ?? 0) + r.amountFen);
    }
  }

  private isValidCode(code: string): boolean {
    let ok = this.validCodes.get(code);
    if (ok === undefined) this.validCodes.set(code, (ok = validateCreditCode(code).ok));
    return ok;
  }
}

function tally(map: Map<string, Map<string, Tally>>, key: string, sub: string, id: number): void {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  const t = inner.get(sub);
  if (t) t.count++;
  else inner.set(sub, { count: 1, firstId: id });
}
