/**
 * Incoming rows that seem to repeat records already in the ledger: the same invoice number,
 * or the same purchaser, date, product and amount. They are shown for the user to decide;
 * nothing is merged silently.
 */
import type { LikelyDuplicate } from '../../../shared/domain/import';
import type { RecordValues } from '../../../shared/domain/record';
import type { UnreadValues } from '../../../shared/domain/record-source';
import { splitInvoiceNumbers } from '../../../shared/invoice';
import type { Db } from '../db/connection';


export function findLikelyDuplicates(db: Db, rows: { sourceRow: number; values: Partial<RecordValues>; unread?: UnreadValues }[]): LikelyDuplicate[] {
  const byInvoice = db.prepare(
    "SELECT id FROM records WHERE invoice_no = @no OR invoice_no LIKE '%' || @no || '%' LIMIT 1",
  );
  const bySame = db.prepare(
    'SELECT id FROM records WHERE date = @date AND amount_fen = @amount AND purchaser_name = @purchaser AND product_name = @product LIMIT 1',
  );
  // A row whose date or amount could not be read repeats a record with the same unread text (a re-saved copy).
  const byUnread = db.prepare(
    'SELECT id FROM records WHERE unread_json = @unread AND purchaser_name IS @purchaser AND product_name IS @product AND date IS @date AND amount_fen IS @amount LIMIT 1',
  );
  const out: LikelyDuplicate[] = [];
  for (const { sourceRow, values, unread } of rows) {
    let hit: { id: number } | undefined;
    for (const no of values.invoiceNo ? splitInvoiceNumbers(values.invoiceNo) : []) {
      // Short numbers would match inside longer ones; only whole-looking invoice numbers count.
      if (no.length < 8) continue;
      hit = byInvoice.get({ no }) as { id: number } | undefined;
      if (hit) {
        out.push({ sourceRow, recordId: hit.id, reason: 'invoice', message: `发票号码 ${no} 已记在记录 ${hit.id} 上` });
        break;
      }
    }
    if (hit) continue;
    const { date, amountFen, purchaserName, productName } = values;
    if (date && amountFen !== null && amountFen !== undefined && purchaserName && productName) {
      hit = bySame.get({ date, amount: amountFen, purchaser: purchaserName, product: productName }) as { id: number } | undefined;
      if (hit) out.push({ sourceRow, recordId: hit.id, reason: 'same-purchase', message: `与记录 ${hit.id} 的购买主体、日期、产品和金额都相同` });
    } else if (unread && (purchaserName || productName)) {
      hit = byUnread.get({
        unread: JSON.stringify(unread),
        purchaser: purchaserName ?? null,
        product: productName ?? null,
        date: date ?? null,
        amount: amountFen ?? null,
      }) as { id: number } | undefined;
      if (hit) out.push({ sourceRow, recordId: hit.id, reason: 'same-purchase', message: `与记录 ${hit.id} 的购买主体、产品和无法识别的原文都相同` });
    }
  }
  return out;
}
