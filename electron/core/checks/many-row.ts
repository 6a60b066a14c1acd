/**
 * The checks that judge records against each other: duplicates (invoice, record), purchaser
 * name/code conflicts, price outliers. Invoice and record duplicates are SQL GROUP BY queries
 * (the invoice one walks its index); conflicts and outliers finish from the row pass's tallies.
 */
import { severityOf, type CheckCode } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import { splitInvoiceNumbers } from '../../../shared/invoice';
import type { Db } from '../db/connection';
import type { RowPassTallies, Tally } from './row-pass';
import { inScope, type CheckScope } from './scope';

function issue(code: CheckCode, subject: string, message: string, recordId?: number): CheckIssue {
  return { code, severity: severityOf(code), ...(recordId !== undefined ? { recordId } : {}), subject, message };
}

function ids(list: string): number[] {
  return list.split(',').map(Number);
}

interface InvoiceRow {
  id: number;
  date: string | null;
  period: string | null;
  purchaser: string;
  product: string | null;
}

/**
 * INVOICE_DUPLICATE: one invoice number counted on records of different purchasers (a union and
 * its employer), or twice for the same product by one purchaser. One invoice covering several
 * products of one purchaser is normal and not reported.
 */
export function invoiceDuplicates(db: Db, scope: CheckScope, tallies: RowPassTallies): CheckIssue[] {
  const holders = new Map<string, Set<number>>();
  const add = (no: string, id: number) => {
    let s = holders.get(no);
    if (!s) holders.set(no, (s = new Set()));
    s.add(id);
  };
  // Cells holding exactly one number: equal cells, found on the index.
  const exact = db
    .prepare("SELECT invoice_no AS no, group_concat(id) AS ids FROM records WHERE invoice_no IS NOT NULL AND invoice_no != '' GROUP BY invoice_no HAVING count(*) > 1")
    .all() as { no: string; ids: string }[];
  for (const g of exact) for (const id of ids(g.ids)) add(g.no, id);
  // Cells holding several numbers: each number against every other cell.
  const multi = scope.period
    ? (db
        .prepare(
          `SELECT id, invoice_no AS text FROM records WHERE invoice_no IS NOT NULL AND (${['、', ',', '，', ';', '；', '/', ' '].map((c) => `instr(invoice_no, '${c}') > 0`).join(' OR ')})`,
        )
        .all() as { id: number; text: string }[])
    : tallies.multiInvoice;
  if (multi.length) {
    const byExactCell = db.prepare('SELECT id FROM records WHERE invoice_no = ?').pluck();
    for (const cell of multi) {
      for (const no of splitInvoiceNumbers(cell.text)) {
        add(no, cell.id);
        for (const id of byExactCell.all(no) as number[]) add(no, id);
      }
    }
  }
  const shared = [...holders].filter(([, s]) => s.size > 1);
  if (shared.length === 0) return [];

  const rowOf = db.prepare('SELECT id, date, period, coalesce(credit_code, purchaser_name, \'\') AS purchaser, product_name AS product FROM records WHERE id = ?');
  const found = new Map<number, string[]>();
  for (const [no, set] of shared) {
    const rows = [...set].sort((a, b) => a - b).map((id) => rowOf.get(id) as InvoiceRow);
    const purchasers = new Set(rows.map((r) => r.purchaser));
    const flagged =
      purchasers.size > 1
        ? rows
        : rows.filter((r) => rows.some((o) => o.id !== r.id && o.product === r.product));
    for (const r of flagged) {
      if (!inScope(scope, r.date, r.period)) continue;
      const others = flagged.filter((o) => o.id !== r.id).map((o) => o.id);
      const why = purchasers.size > 1 ? '被不同购买主体重复计入' : '同一产品被重复计入';
      const list = found.get(r.id) ?? [];
      list.push(`发票 ${no} ${why}（另见记录 ${others.slice(0, 5).join('、')}${others.length > 5 ? ' 等' : ''}）`);
      found.set(r.id, list);
    }
  }
  return [...found].sort(([a], [b]) => a - b).map(([id, messages]) => issue('INVOICE_DUPLICATE', `record:${id}`, messages.join('；'), id));
}

/**
 * RECORD_DUPLICATE: the same purchaser, date, product and amount more than once. A later record
 * repeats an earlier one unless both carry invoice numbers and they differ (two real purchases).
 */
export function recordDuplicates(db: Db, scope: CheckScope): CheckIssue[] {
  const groups = db
    .prepare(
      `SELECT group_concat(r.id) AS ids FROM records r
       WHERE ${scope.where} AND r.purchaser_name IS NOT NULL AND r.date IS NOT NULL AND r.product_name IS NOT NULL AND r.amount_fen IS NOT NULL
       GROUP BY r.purchaser_name, r.date, r.product_name, r.amount_fen HAVING count(*) > 1`,
    )
    .all(scope.params) as { ids: string }[];
  if (groups.length === 0) return [];
  const invoiceOf = db.prepare('SELECT invoice_no FROM records WHERE id = ?').pluck();
  const out: CheckIssue[] = [];
  for (const g of groups) {
    const rows = ids(g.ids)
      .sort((a, b) => a - b)
      .map((id) => ({ id, invoice: (invoiceOf.get(id) as string | null) || null }));
    for (let i = 1; i < rows.length; i++) {
      const r = rows[i];
      const original = rows.slice(0, i).find((o) => !o.invoice || !r.invoice || o.invoice === r.invoice);
      if (original) out.push(issue('RECORD_DUPLICATE', `record:${r.id}`, `与记录 ${original.id} 的购买主体、日期、产品和金额完全相同`, r.id));
    }
  }
  return out.sort((a, b) => a.recordId! - b.recordId!);
}

function describe(inner: Map<string, Tally>): string {
  return [...inner]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([k, t]) => `“${k}”（${t.count} 条）`)
    .join('、');
}

/** The least used variant is the likely slip: the issue points at its first record. */
function rarest(inner: Map<string, Tally>): Tally {
  return [...inner.values()].sort((a, b) => a.count - b.count || a.firstId - b.firstId)[0];
}

/** PURCHASER_CONFLICT: one (valid) credit code under two names, or one name under two codes. */
export function purchaserConflicts(tallies: RowPassTallies): CheckIssue[] {
  const out: CheckIssue[] = [];
  for (const [code, names] of tallies.namesByCode) {
    if (names.size > 1) out.push(issue('PURCHASER_CONFLICT', `creditCode:${code}`, `统一社会信用代码 ${code} 对应 ${names.size} 个名称：${describe(names)}`, rarest(names).firstId));
  }
  for (const [name, codes] of tallies.codesByName) {
    if (codes.size > 1) out.push(issue('PURCHASER_CONFLICT', `purchaserName:${name}`, `购买主体“${name}”对应 ${codes.size} 个统一社会信用代码：${describe(codes)}`, rarest(codes).firstId));
  }
  return out;
}

/** Fewer prices than this say nothing about what is normal. */
const MIN_PRICES = 3;
const OUTLIER_FACTOR = 3;

function median(sorted: ArrayLike<number>): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** PRICE_OUTLIER: a unit price above 3× the median of the same product in the same unit. */
export function priceOutliers(tallies: RowPassTallies): CheckIssue[] {
  const out: CheckIssue[] = [];
  for (const [key, { prices, ids: recordIds }] of tallies.prices) {
    if (prices.length < MIN_PRICES) continue;
    const m = median(Float64Array.from(prices).sort());
    const limit = m * OUTLIER_FACTOR;
    const [product, unit] = key.split('\u0000');
    for (let i = 0; i < prices.length; i++) {
      if (prices[i] > limit) {
        out.push(
          issue(
            'PRICE_OUTLIER',
            `record:${recordIds[i]}`,
            `“${product}”单价 ${prices[i]} 元${unit ? `/${unit}` : ''}，是同类 ${prices.length} 笔单价中位数 ${m} 元的 ${(prices[i] / m).toFixed(1)} 倍`,
            recordIds[i],
          ),
        );
      }
    }
  }
  return out.sort((a, b) => a.recordId! - b.recordId!);
}

