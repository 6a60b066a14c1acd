/**
 * How the duplicate checks judge a group of rows, whatever the rows are: records of the ledger
 * (the whole-ledger run, many-row.ts) or rows of a file being previewed together with the
 * ledger records they repeat (import-batches/preview-checks.ts). The callers only gather the
 * groups; the judgement and the words are here, once.
 */

/** One row of a group: a ledger record (`记录 12`) or a row of the file (`第 5 行`). */
export interface DuplicateHolder {
  /** how the message names it */
  ref: string;
  invoice: string | null;
}

function of(ref: string): string {
  // "记录 12 的", "第 5 行的": a space only after a number.
  return /\d$/.test(ref) ? `${ref} 的` : `${ref}的`;
}

/**
 * RECORD_DUPLICATE over holders of one (purchaser, date, product, amount), earlier first: each
 * later holder repeats an earlier one. Under different invoice numbers it is still reported
 * (two invoices for the same purchase is what an inspector asks about), and the message says so.
 * An earlier holder with the same invoice (or none) is named first, as the plainer repeat.
 */
export function recordDuplicateMessages(holders: readonly DuplicateHolder[]): { index: number; message: string }[] {
  const out: { index: number; message: string }[] = [];
  for (let i = 1; i < holders.length; i++) {
    const r = holders[i];
    const earlier = holders.slice(0, i);
    const same = earlier.find((o) => !o.invoice || !r.invoice || o.invoice === r.invoice);
    const original = same ?? earlier[0];
    const base = `与${of(original.ref)}购买主体、日期、产品和金额完全相同`;
    out.push({ index: i, message: same ? base : `${base}，但发票号码不同（${r.invoice}，${original.ref} 为 ${original.invoice}）` });
  }
  return out;
}

/** One holder of an invoice number, for INVOICE_DUPLICATE. */
export interface InvoiceHolder {
  ref: string;
  /** credit code, else name */
  purchaser: string;
  product: string | null;
}

/**
 * INVOICE_DUPLICATE over the holders of one invoice number: counted by different purchasers (a
 * union and its employer), or twice for the same product by one purchaser. One invoice covering
 * several products of one purchaser is normal. Returns the flagged holders' indexes and messages.
 */
export function invoiceDuplicateMessages(no: string, holders: readonly InvoiceHolder[]): { index: number; message: string }[] {
  const purchasers = new Set(holders.map((h) => h.purchaser));
  const flagged = holders
    .map((h, index) => ({ h, index }))
    .filter(({ h }) => purchasers.size > 1 || holders.some((o) => o !== h && o.product === h.product));
  const why = purchasers.size > 1 ? '被不同购买主体重复计入' : '同一产品被重复计入';
  return flagged.map(({ h, index }) => {
    const others = flagged.filter((o) => o.h !== h).map((o) => o.h.ref);
    return { index, message: `发票 ${no} ${why}（另见${others.slice(0, 5).join('、')}${others.length > 5 ? ' 等' : ''}）` };
  });
}
