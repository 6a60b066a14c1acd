/**
 * The checks that judge records against each other: duplicates (invoice, record), purchaser
 * name/code conflicts, price outliers. Invoice and record duplicates are SQL GROUP BY queries
 * (each walks an index, see migration 005's CHECK_INDEXES).
 */
import { severityOf, type CheckCode } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import { splitInvoiceNumbers } from '../../../shared/invoice';
import { isPostgres, type Db } from '../db/connection';
import { groupOrder, isSame, joinedText, positionOf } from '../db/dialect-sql';
import { validateCreditCode } from '../../../shared/credit-code';
import { invoiceDuplicateMessages, recordDuplicateMessages } from './duplicate-rules';
import { inScope, type CheckScope } from './scope';

function issue(code: CheckCode, subject: string, message: string, recordId?: number): CheckIssue {
  return { code, severity: severityOf(code), ...(recordId !== undefined ? { recordId } : {}), subject, message };
}

function ids(list: string): number[] {
  return list.split(',').map(Number);
}

/** Fewer prices than this say nothing about what is normal. */
const MIN_PRICES = 3;

/**
 * The GROUP BY of each many-row check and the index it walks (migration 005's CHECK_INDEXES,
 * records_invoice_no), so the groups come off the index in order instead of a sort of the whole
 * table; test/checks/group-plans.test.ts holds each to its index on both backends.
 */
export function groupQueries(db: Db, scope: CheckScope): Record<'invoices' | 'duplicates' | 'purchasers' | 'prices', { index: string; sql: string }> {
  return {
    // (the whole ledger: one invoice number in two months is still counted twice)
    // Only the numbers: the index holds them, so PostgreSQL reads no table row (an index entry
    // there has no id, unlike SQLite's rowid); the few repeated numbers' records are looked up after.
    invoices: {
      index: 'records_invoice_no',
      sql: `SELECT invoice_no AS no FROM records WHERE invoice_no IS NOT NULL AND invoice_no != ''
            GROUP BY invoice_no HAVING count(*) > 1${groupOrder(db, ['invoice_no'])}`,
    },
    // SQLite: each group's ids, off the covering index (its entries carry the rowid). PostgreSQL:
    // only the groups' keys, so the server reads the index alone (its entries carry no id: with
    // the ids it sorted the whole table instead, twice as long on 1,000,000); the few repeated
    // keys' records are looked up after (duplicateIdsOnServer).
    duplicates: {
      index: 'records_check_duplicate',
      sql: `SELECT ${isPostgres(db) ? 'r.purchaser_name, r.date, r.product_name, r.amount_fen' : `${joinedText(db, 'r.id', "','")} AS ids`} FROM records r
            WHERE ${scope.where} AND r.purchaser_name IS NOT NULL AND r.date IS NOT NULL AND r.product_name IS NOT NULL AND r.amount_fen IS NOT NULL
            GROUP BY r.purchaser_name, r.date, r.product_name, r.amount_fen HAVING count(*) > 1${groupOrder(db, ['r.purchaser_name', 'r.date', 'r.product_name', 'r.amount_fen'])}`,
    },
    purchasers: {
      index: 'records_check_purchaser',
      sql: `SELECT r.credit_code AS code, r.purchaser_name AS name, count(*) AS count, min(r.id) AS "firstId" FROM records r
            WHERE ${scope.where} AND r.credit_code IS NOT NULL AND r.credit_code != '' AND r.purchaser_name IS NOT NULL AND r.purchaser_name != ''
            GROUP BY r.credit_code, r.purchaser_name${groupOrder(db, ['r.credit_code', 'r.purchaser_name'])}`,
    },
    prices: {
      index: 'records_check_price',
      sql: `SELECT r.product_name AS product, r.unit AS unit, count(*) AS n FROM records r
            WHERE ${scope.where} AND r.product_name IS NOT NULL AND r.unit_price > 0
            GROUP BY r.product_name, r.unit HAVING count(*) >= ${MIN_PRICES}${groupOrder(db, ['r.product_name', 'r.unit'])}`,
    },
  };
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
export function invoiceDuplicates(db: Db, scope: CheckScope): CheckIssue[] {
  const holders = new Map<string, Set<number>>();
  const add = (no: string, id: number) => {
    let s = holders.get(no);
    if (!s) holders.set(no, (s = new Set()));
    s.add(id);
  };
  const byExactCell = db.prepare('SELECT id FROM records WHERE invoice_no = ?').pluck();
  // Cells holding exactly one number: equal cells, found on the index.
  const exact = db.prepare(groupQueries(db, scope).invoices.sql).pluck().all() as string[];
  for (const no of exact) for (const id of byExactCell.all(no) as number[]) add(no, id);
  // Cells holding several numbers: each number against every other cell.
  // (over the invoice index: no table rows are read; the cells' records are looked up after)
  const multi = db
    .prepare(`SELECT DISTINCT invoice_no FROM records WHERE invoice_no IS NOT NULL AND (${[...'、,，;；/ \t'].map((c) => `${positionOf(db, 'invoice_no', `'${c}'`)} > 0`).join(' OR ')})`)
    .pluck()
    .all() as string[];
  for (const text of multi) {
    const cellIds = byExactCell.all(text) as number[];
    for (const no of splitInvoiceNumbers(text)) {
      for (const id of cellIds) add(no, id);
      for (const id of byExactCell.all(no) as number[]) add(no, id);
    }
  }
  const shared = [...holders].filter(([, s]) => s.size > 1);
  if (shared.length === 0) return [];

  const rowOf = db.prepare('SELECT id, date, period, coalesce(credit_code, purchaser_name, \'\') AS purchaser, product_name AS product FROM records WHERE id = ?');
  const found = new Map<number, string[]>();
  for (const [no, set] of shared) {
    const rows = [...set].sort((a, b) => a - b).map((id) => rowOf.get(id) as InvoiceRow);
    const judged = invoiceDuplicateMessages(no, rows.map((r) => ({ ref: `记录 ${r.id}`, purchaser: r.purchaser, product: r.product })));
    for (const { index, message } of judged) {
      const r = rows[index];
      if (!inScope(scope, r.date, r.period)) continue;
      const list = found.get(r.id) ?? [];
      list.push(message);
      found.set(r.id, list);
    }
  }
  return [...found].sort(([a], [b]) => a - b).map(([id, messages]) => issue('INVOICE_DUPLICATE', `record:${id}`, messages.join('；'), id));
}

/**
 * RECORD_DUPLICATE: the same purchaser, date, product and amount more than once; each later
 * record repeats an earlier one, also under a different invoice number (duplicate-rules.ts).
 */
export function recordDuplicates(db: Db, scope: CheckScope): CheckIssue[] {
  const sql = groupQueries(db, scope).duplicates.sql;
  const groups = isPostgres(db) ? duplicateIdsOnServer(db, scope, db.prepare(sql).raw().all(scope.params) as DuplicateKey[]) : (db.prepare(sql).all(scope.params) as { ids: string }[]);
  if (groups.length === 0) return [];
  const invoiceOf = db.prepare('SELECT invoice_no FROM records WHERE id = ?').pluck();
  const out: CheckIssue[] = [];
  for (const g of groups) {
    const rows = ids(g.ids).sort((a, b) => a - b);
    const holders = rows.map((id) => ({ ref: `记录 ${id}`, invoice: (invoiceOf.get(id) as string | null) || null }));
    for (const { index, message } of recordDuplicateMessages(holders)) out.push(issue('RECORD_DUPLICATE', `record:${rows[index]}`, message, rows[index]));
  }
  return out.sort((a, b) => a.recordId! - b.recordId!);
}

type DuplicateKey = [purchaser: string, date: string, product: string, amountFen: number];
/** Keys sent per statement: each one an index probe on the server. */
const KEYS_PER_LOOKUP = 1_000;

/** The records in scope of each repeated (purchaser, date, product, amount), found by key on the check index. */
function duplicateIdsOnServer(db: Db, scope: CheckScope, keys: DuplicateKey[]): { ids: string }[] {
  const lookup = db.prepare(
    `SELECT ${joinedText(db, 'r.id', "','")} AS ids FROM unnest(@purchasers::text[], @dates::text[], @products::text[], @amounts::bigint[]) AS k(purchaser, date, product, amount)
     JOIN records r ON r.purchaser_name = k.purchaser AND r.date = k.date AND r.product_name = k.product AND r.amount_fen = k.amount
     WHERE ${scope.where} GROUP BY k.purchaser, k.date, k.product, k.amount`,
  );
  const out: { ids: string }[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
    const chunk = keys.slice(i, i + KEYS_PER_LOOKUP);
    const column = (n: number) => chunk.map((k) => k[n]);
    out.push(...(lookup.all({ ...scope.params, purchasers: column(0), dates: column(1), products: column(2), amounts: column(3) }) as { ids: string }[]));
  }
  return out;
}

interface Tally {
  count: number;
  firstId: number;
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

function tally(map: Map<string, Map<string, Tally>>, key: string, sub: string, t: Tally): void {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  inner.set(sub, t);
}

/**
 * PURCHASER_CONFLICT: one credit code under two names, or one name under two codes. Invalid codes
 * are left out: CREDIT_CODE_INVALID already names them, and a mistyped code is not a second unit.
 */
export function purchaserConflicts(db: Db, scope: CheckScope): CheckIssue[] {
  const pairs = db.prepare(groupQueries(db, scope).purchasers.sql).all(scope.params) as { code: string; name: string; count: number; firstId: number }[];
  const namesByCode = new Map<string, Map<string, Tally>>();
  const codesByName = new Map<string, Map<string, Tally>>();
  const valid = new Map<string, boolean>();
  for (const p of pairs) {
    let ok = valid.get(p.code);
    if (ok === undefined) valid.set(p.code, (ok = validateCreditCode(p.code).ok));
    if (!ok) continue;
    const t = { count: p.count, firstId: p.firstId };
    tally(namesByCode, p.code, p.name, t);
    tally(codesByName, p.name, p.code, t);
  }
  const out: CheckIssue[] = [];
  for (const [code, names] of namesByCode) {
    if (names.size > 1) out.push(issue('PURCHASER_CONFLICT', `creditCode:${code}`, `统一社会信用代码 ${code} 对应 ${names.size} 个名称：${describe(names)}`, rarest(names).firstId));
  }
  for (const [name, codes] of codesByName) {
    if (codes.size > 1) out.push(issue('PURCHASER_CONFLICT', `purchaserName:${name}`, `购买主体“${name}”对应 ${codes.size} 个统一社会信用代码：${describe(codes)}`, rarest(codes).firstId));
  }
  return out;
}

const OUTLIER_FACTOR = 3;

/**
 * PRICE_OUTLIER: a unit price above 3× the median of the same product in the same unit. The
 * median is read off the (product, unit, price) index by offset, the outliers by a range on it.
 */
export function priceOutliers(db: Db, scope: CheckScope): CheckIssue[] {
  const groups = db.prepare(groupQueries(db, scope).prices.sql).all(scope.params) as { product: string; unit: string | null; n: number }[];
  const nth = db
    .prepare(`SELECT r.unit_price FROM records r WHERE r.product_name = @product AND ${isSame(db, 'r.unit', '@unit')} AND r.unit_price > 0 AND ${scope.where} ORDER BY r.unit_price LIMIT 1 OFFSET @offset`)
    .pluck();
  const above = db.prepare(
    `SELECT r.id, r.unit_price AS price FROM records r WHERE r.product_name = @product AND ${isSame(db, 'r.unit', '@unit')} AND r.unit_price > @limit AND ${scope.where}`,
  );
  const out: CheckIssue[] = [];
  for (const g of groups) {
    const at = (offset: number) => nth.get({ ...scope.params, product: g.product, unit: g.unit, offset }) as number;
    const mid = g.n >> 1;
    const median = g.n % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
    const hits = above.all({ ...scope.params, product: g.product, unit: g.unit, limit: median * OUTLIER_FACTOR }) as { id: number; price: number }[];
    for (const h of hits) {
      out.push(
        issue(
          'PRICE_OUTLIER',
          `record:${h.id}`,
          `“${g.product}”单价 ${h.price} 元${g.unit ? `/${g.unit}` : ''}，是同类 ${g.n} 笔单价中位数 ${median} 元的 ${(h.price / median).toFixed(1)} 倍`,
          h.id,
        ),
      );
    }
  }
  return out.sort((a, b) => a.recordId! - b.recordId!);
}
