/**
 * Incoming rows that seem to repeat records already in the ledger: the same invoice number,
 * or the same purchaser, date, product and amount. They are shown for the user to decide;
 * nothing is merged silently. The ledger is asked once per kind of match for all rows
 * (ledger-matches.ts), never once per row.
 */
import type { LikelyDuplicate } from '../../../shared/domain/import';
import type { RecordValues } from '../../../shared/domain/record';
import type { UnreadValues } from '../../../shared/domain/record-source';
import { splitInvoiceNumbers } from '../../../shared/invoice';
import type { Db } from '../db/connection';
import { jsonArrayRows } from '../db/dialect-sql';
import { ledgerEmpty, purchaseKeyText, type LedgerMatches, type PurchaseKey } from './ledger-matches';

interface IncomingRow {
  sourceRow: number;
  values: Partial<RecordValues>;
  unread?: UnreadValues;
}

/** The row's whole-looking invoice numbers: short ones would match inside longer ones. */
const invoiceNumbers = (values: Partial<RecordValues>) => (values.invoiceNo ? splitInvoiceNumbers(values.invoiceNo).filter((no) => no.length >= 8) : []);

function purchaseKey({ date, amountFen, purchaserName, productName }: Partial<RecordValues>): PurchaseKey | null {
  return date && amountFen !== null && amountFen !== undefined && purchaserName && productName ? { date, amountFen, purchaserName, productName } : null;
}

/** `matches`: the ledger as this preview asks it (shared with its checks). */
export function findLikelyDuplicates(matches: LedgerMatches, rows: IncomingRow[]): LikelyDuplicate[] {
  const { db } = matches;
  if (ledgerEmpty(db)) return [];
  const invoices = matches.invoiceHolders(rows.flatMap((r) => invoiceNumbers(r.values)));
  const same = matches.samePurchases(rows.flatMap((r) => purchaseKey(r.values) ?? []));
  const unread = ledgerSameUnread(db, rows);
  const out: LikelyDuplicate[] = [];
  for (const { sourceRow, values } of rows) {
    const no = invoiceNumbers(values).find((n) => invoices.get(n));
    if (no) {
      const id = invoices.get(no)![0].id;
      out.push({ sourceRow, recordId: id, reason: 'invoice', message: `发票号码 ${no} 已记在记录 ${id} 上` });
      continue;
    }
    const key = purchaseKey(values);
    const sameId = key ? same.get(purchaseKeyText(key))?.[0].id : undefined;
    if (sameId !== undefined) out.push({ sourceRow, recordId: sameId, reason: 'same-purchase', message: `与记录 ${sameId} 的购买主体、日期、产品和金额都相同` });
    const unreadId = unread.get(sourceRow);
    if (unreadId !== undefined) out.push({ sourceRow, recordId: unreadId, reason: 'same-purchase', message: `与记录 ${unreadId} 的购买主体、产品和无法识别的原文都相同` });
  }
  return out;
}

/** The fields a re-saved unreadable row must share with the record, as the records_check_duplicate index orders them. */
const SAME_FIELDS = [
  { column: 'purchaser_name', value: (v: Partial<RecordValues>) => v.purchaserName ?? null },
  { column: 'date', value: (v: Partial<RecordValues>) => v.date ?? null },
  { column: 'product_name', value: (v: Partial<RecordValues>) => v.productName ?? null },
  { column: 'amount_fen', value: (v: Partial<RecordValues>) => v.amountFen ?? null },
] as const;

/**
 * A row whose date or amount could not be read repeats a record with the same unread text and
 * the same other fields (a re-saved copy): source row → the first such record. Rows are asked
 * in groups of the same empty fields, each field `= value` or `IS NULL`: both databases then
 * seek the records_check_duplicate index (PostgreSQL cannot for IS NOT DISTINCT FROM).
 */
function ledgerSameUnread(db: Db, rows: IncomingRow[]): Map<number, number> {
  const groups = new Map<string, unknown[][]>();
  for (const { sourceRow, values, unread } of rows) {
    if (!unread || purchaseKey(values) || !(values.purchaserName || values.productName)) continue;
    const present = SAME_FIELDS.map((f) => f.value(values) !== null);
    const shape = present.map((p) => (p ? '1' : '0')).join('');
    const asked = groups.get(shape) ?? groups.set(shape, []).get(shape)!;
    asked.push([sourceRow, JSON.stringify(unread), ...SAME_FIELDS.filter((_, i) => present[i]).map((f) => f.value(values))]);
  }
  const out = new Map<number, number>();
  for (const [shape, asked] of groups) {
    let k = 2;
    // ->> reads text on PostgreSQL, so the amount is cast
    const same = SAME_FIELDS.map(({ column }, i) =>
      shape[i] === '0' ? `r.${column} IS NULL` : column === 'amount_fen' ? `r.${column} = CAST(j.value ->> ${k++} AS BIGINT)` : `r.${column} = j.value ->> ${k++}`,
    );
    const hits = db
      .prepare(
        `SELECT CAST(j.value ->> 0 AS BIGINT) AS "sourceRow", min(r.id) AS id FROM ${jsonArrayRows(db, '?', 'j', 'arrays')}
         JOIN records r ON ${same.join(' AND ')} AND r.unread_json = j.value ->> 1
         GROUP BY CAST(j.value ->> 0 AS BIGINT)`,
      )
      .all(JSON.stringify(asked)) as { sourceRow: number; id: number }[];
    for (const h of hits) out.set(h.sourceRow, h.id);
  }
  return out;
}
