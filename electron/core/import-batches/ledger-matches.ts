/**
 * The ledger records an incoming file's rows may repeat, looked up for all rows of the file at
 * once: one indexed join per kind of match (the keys travel as one JSON parameter), not one
 * query per row. A 10,000-row preview against a large ledger made 10,000 look-ups before, each
 * an unindexable LIKE scan of every invoice number.
 */
import { splitInvoiceNumbers } from '../../../shared/invoice';
import type { Db } from '../db/connection';
import { ledgerChangeStamp } from '../db/change-stamp';
import { jsonArrayRows, positionOf } from '../db/dialect-sql';

/** A first import into a new ledger has nothing to repeat: 100,000 keys need not be sent then. */
export function ledgerEmpty(db: Db): boolean {
  return db.prepare('SELECT 1 FROM records LIMIT 1').get() === undefined;
}

/** A ledger record holding an invoice number. */
export interface InvoiceHolderRecord {
  id: number;
  /** credit code, else purchaser name, else '' (how INVOICE_DUPLICATE tells purchasers apart) */
  purchaser: string;
  product: string | null;
}

/** The separators of a cell holding several invoice numbers (those splitInvoiceNumbers splits on). */
const MULTI_SEPARATORS = [...'、,，;；/／ \t\n\r\u3000'];

/** A ledger cell that holds several invoice numbers, split. */
export interface MultiNumberCell {
  id: number;
  numbers: string[];
}

/**
 * The ledger's cells that hold several invoice numbers: a covering scan of the invoice index
 * (~0.5 s over a million records), so a preview reads them once for its possible duplicates
 * and its checks alike (pass the same array to each ledgerInvoiceHolders call).
 */
export function multiNumberCells(db: Db): MultiNumberCell[] {
  if (ledgerEmpty(db)) return [];
  const cells = db
    .prepare(`SELECT id, invoice_no AS text FROM records WHERE invoice_no IS NOT NULL AND (${MULTI_SEPARATORS.map((c) => `${positionOf(db, 'invoice_no', `'${c}'`)} > 0`).join(' OR ')})`)
    .all() as { id: number; text: string }[];
  return cells.map((c) => ({ id: c.id, numbers: splitInvoiceNumbers(c.text) }));
}

/**
 * The several-number cells, read while `work` runs (the file's parse in its worker): this thread
 * would only wait for it otherwise. Read again if the ledger changed in the meantime.
 */
export async function multiNumberCellsDuring<T>(db: Db, work: Promise<T>): Promise<[T, MultiNumberCell[]]> {
  const state = () => ledgerChangeStamp(db);
  let before: string;
  let multi: MultiNumberCell[];
  try {
    before = state();
    multi = multiNumberCells(db);
  } catch (err) {
    await work.catch(() => undefined);
    throw err;
  }
  const result = await work;
  return [result, state() === before ? multi : multiNumberCells(db)];
}

/**
 * Every ledger record holding each number, in id order: cells that are the number (one join on
 * the invoice index), and cells that list it among several (`multi`, read once per preview).
 */
export function ledgerInvoiceHolders(db: Db, numbers: Iterable<string>, multi: readonly MultiNumberCell[] = multiNumberCells(db)): Map<string, InvoiceHolderRecord[]> {
  if (ledgerEmpty(db)) return new Map();
  const wanted = new Set(numbers);
  const out = new Map<string, Map<number, InvoiceHolderRecord>>();
  if (wanted.size === 0) return new Map();
  const columns = "r.id, coalesce(r.credit_code, r.purchaser_name, '') AS purchaser, r.product_name AS product";
  const exact = db
    .prepare(`SELECT j.value AS no, ${columns} FROM ${jsonArrayRows(db, '?', 'j', 'scalars')} JOIN records r ON r.invoice_no = j.value`)
    .all(JSON.stringify([...wanted])) as (InvoiceHolderRecord & { no: string })[];
  const add = (no: string, h: InvoiceHolderRecord) => {
    let m = out.get(no);
    if (!m) out.set(no, (m = new Map()));
    m.set(h.id, h);
  };
  for (const { no, ...h } of exact) add(no, h);

  const multiIds = new Map<number, string[]>();
  for (const cell of multi) {
    const hits = cell.numbers.filter((no) => wanted.has(no));
    if (hits.length) multiIds.set(cell.id, hits);
  }
  if (multiIds.size) {
    const rows = db.prepare(`SELECT ${columns} FROM records r WHERE r.id IN (SELECT CAST(j.value AS BIGINT) FROM ${jsonArrayRows(db, '?', 'j', 'scalars')})`).all(JSON.stringify([...multiIds.keys()])) as InvoiceHolderRecord[];
    for (const h of rows) for (const no of multiIds.get(h.id)!) add(no, h);
  }
  return new Map([...out].map(([no, m]) => [no, [...m.values()].sort((a, b) => a.id - b.id)]));
}

/** What makes two purchases the same (RECORD_DUPLICATE): purchaser, date, product, amount. */
export interface PurchaseKey {
  purchaserName: string;
  date: string;
  productName: string;
  amountFen: number;
}

export const purchaseKeyText = (k: PurchaseKey): string => JSON.stringify([k.purchaserName, k.date, k.productName, k.amountFen]);

/** The ledger records with each key (keyed by purchaseKeyText), in id order, through the duplicate index. */
export function ledgerSamePurchases(db: Db, keys: Iterable<PurchaseKey>): Map<string, { id: number; invoice: string | null }[]> {
  if (ledgerEmpty(db)) return new Map();
  const distinct = new Map<string, PurchaseKey>();
  for (const k of keys) distinct.set(purchaseKeyText(k), k);
  const out = new Map<string, { id: number; invoice: string | null }[]>();
  if (distinct.size === 0) return out;
  const rows = db
    .prepare(
      `SELECT j.key AS k, r.id, r.invoice_no AS invoice FROM ${jsonArrayRows(db, '?', 'j', 'arrays')}
       JOIN records r ON r.purchaser_name = j.value ->> 0 AND r.date = j.value ->> 1 AND r.product_name = j.value ->> 2 AND r.amount_fen = CAST(j.value ->> 3 AS BIGINT)
       ORDER BY r.id`,
    )
    .all(JSON.stringify([...distinct.values()].map((k) => [k.purchaserName, k.date, k.productName, k.amountFen]))) as { k: number; id: number; invoice: string | null }[];
  const texts = [...distinct.keys()];
  for (const { k, id, invoice } of rows) {
    const text = texts[k];
    const list = out.get(text);
    if (list) list.push({ id, invoice });
    else out.set(text, [{ id, invoice }]);
  }
  return out;
}

/**
 * The ledger as one preview asks it: the possible duplicates and the checks ask for nearly the
 * same invoice numbers and purchases; each is looked up once, and the several-number cells are
 * read once (or given, when read during the parse: multiNumberCellsDuring).
 */
export class LedgerMatches {
  private readonly invoices = new Map<string, InvoiceHolderRecord[]>();
  private readonly purchases = new Map<string, { id: number; invoice: string | null }[]>();
  private multi: readonly MultiNumberCell[] | undefined;

  constructor(
    readonly db: Db,
    multi?: readonly MultiNumberCell[],
  ) {
    this.multi = multi;
  }

  /** number → the ledger records holding it, in id order (numbers no record holds are absent). */
  invoiceHolders(numbers: Iterable<string>): Found<InvoiceHolderRecord[]> {
    const missing = [...new Set(numbers)].filter((n) => !this.invoices.has(n));
    if (missing.length) {
      const found = ledgerInvoiceHolders(this.db, missing, (this.multi ??= multiNumberCells(this.db)));
      for (const n of missing) this.invoices.set(n, found.get(n) ?? []);
    }
    return withoutEmpty(this.invoices);
  }

  /** purchaseKeyText → the ledger records with that purchase, in id order (keys no record has are absent). */
  samePurchases(keys: Iterable<PurchaseKey>): Found<{ id: number; invoice: string | null }[]> {
    const missing = new Map<string, PurchaseKey>();
    for (const k of keys) {
      const text = purchaseKeyText(k);
      if (!this.purchases.has(text)) missing.set(text, k);
    }
    if (missing.size) {
      const found = ledgerSamePurchases(this.db, missing.values());
      for (const text of missing.keys()) this.purchases.set(text, found.get(text) ?? []);
    }
    return withoutEmpty(this.purchases);
  }
}

/** What a look-up found: undefined for a key no record matches. */
export interface Found<V> {
  get(key: string): V | undefined;
}

function withoutEmpty<V extends unknown[]>(m: Map<string, V>): Found<V> {
  return { get: (k) => (m.get(k)?.length ? m.get(k) : undefined) };
}
