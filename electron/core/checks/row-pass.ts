/**
 * The record pass: the shared row rules on every record in scope. SQLite first narrows the
 * records to candidates (prefilter.ts) — on a clean ledger almost none — and only those become
 * JavaScript values. The whole ledger is walked in id ranges, so no statement stays open
 * between chunks (the caller may yield, write, or cancel in between).
 */
import { createRowChecker, type CheckRow, type RowRuleContext } from '../../../shared/checks/row-rules';
import { severityOf } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import type { Db } from '../db/connection';
import type { Prefilter } from './prefilter';
import type { CheckScope } from './scope';

const COLUMNS = [
  'id', 'date', 'purchaser_name', 'credit_code', 'purchaser_type', 'product_name', 'origin_code', 'supplier_name', 'quantity',
  'unit_price', 'amount_fen', 'channel', 'invoice_no', 'households', 'order_no', 'remark', 'period',
] as const;

export class RowPass {
  private lastId = 0;
  private readonly maxId: number;
  private finished = false;
  private readonly check: ReturnType<typeof createRowChecker>;
  private readonly sql: string;
  private readonly params: Record<string, string | number>;

  constructor(
    private readonly db: Db,
    private readonly scope: CheckScope,
    ctx: RowRuleContext,
    /** null: every record goes to the rules (the reference the prefilter is tested against) */
    prefilter: Prefilter | null,
    private readonly issues: CheckIssue[],
  ) {
    this.check = createRowChecker(ctx);
    this.maxId = (db.prepare('SELECT coalesce(max(id), 0) FROM records').pluck().get() as number) ?? 0;
    // A month is read in one go off the date index; the whole ledger in id ranges.
    const range = scope.period ? '' : 'r.id > @lastId AND r.id <= @untilId AND ';
    this.sql = `SELECT ${COLUMNS.map((c) => `r.${c}`).join(', ')} FROM records r WHERE ${range}${scope.where}${prefilter ? ` AND (${prefilter.sql})` : ''} ORDER BY r.id`;
    this.params = { ...scope.params, ...(prefilter?.params ?? {}) };
  }

  get done(): boolean {
    return this.finished;
  }

  /** Progress units: record ids for the whole ledger, one unit for a month. */
  total(): number {
    return this.scope.period ? 1 : this.maxId;
  }

  /** Checks the next id range of `size`; returns the progress units done. */
  step(size: number): number {
    if (this.finished) return 0;
    const from = this.lastId;
    const until = this.scope.period ? this.maxId : Math.min(this.maxId, from + size);
    const params = this.scope.period ? this.params : { ...this.params, lastId: from, untilId: until };
    const rows = this.db.prepare(this.sql).raw().all(params) as unknown[][];
    for (const raw of rows) this.visit(raw);
    this.lastId = until;
    if (until >= this.maxId) this.finished = true;
    return this.scope.period ? 1 : until - from;
  }

  private visit(raw: unknown[]): void {
    const r: CheckRow = {
      id: raw[0] as number,
      date: raw[1] as string | null,
      purchaserName: raw[2] as string | null,
      creditCode: raw[3] as string | null,
      purchaserType: raw[4] as string | null,
      productName: raw[5] as string | null,
      originCode: raw[6] as string | null,
      supplierName: raw[7] as string | null,
      quantity: raw[8] as number | null,
      unitPrice: raw[9] as number | null,
      amountFen: raw[10] as number | null,
      channel: raw[11] as string | null,
      invoiceNo: raw[12] as string | null,
      households: raw[13] as number | null,
      orderNo: raw[14] as string | null,
      remark: raw[15] as string | null,
      period: raw[16] as string | null,
    };
    for (const issue of this.check(r)) {
      this.issues.push({ code: issue.code, severity: severityOf(issue.code), recordId: r.id, subject: `record:${r.id}`, message: issue.message });
    }
  }
}
