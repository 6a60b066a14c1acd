/**
 * 名录 fills itself: the purchasers, suppliers and products that records name are added to the
 * lists, inside the caller's write (an import's one transaction, a grid edit), so each entry is
 * audited like any other change. Entries are added, never renamed or merged:
 * - a purchaser by its credit code when it has a valid one, else by its name (an entry known by
 *   name only gets the code, and the code's type if it had none, when the code arrives); its type is the
 *   one the file gives, else the credit code's (purchaserTypeFromCreditCode). A code already in
 *   the list under another name, or a name under another code, is left for the PURCHASER_CONFLICT
 *   check to show: the clerk decides which is right, nothing is renamed behind their back;
 * - a supplier by name (a 合作社 says so in its name);
 * - a product by name, with the category, origin and supplier of the first record naming it.
 * What the clerk sets in 名录 (a state-owned enterprise's type, a budget unit) is never overwritten.
 */
import { purchaserTypeFromCreditCode, validateCreditCode } from '../../../shared/credit-code';
import { CATEGORIES, PURCHASER_TYPES } from '../../../shared/domain/reference';
import type { RecordValues } from '../../../shared/domain/record';
import type { Db } from '../db/connection';
import type { Writer } from '../db/write-path';

type Named = Partial<Pick<RecordValues, 'purchaserName' | 'creditCode' | 'purchaserType' | 'productName' | 'category' | 'originCode' | 'supplierName'>>;

export interface Collected {
  purchasers: number;
  suppliers: number;
  products: number;
}

const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Adds what `rows` name and the lists lack; returns how many entries were added. */
export function collectLists(w: Writer, db: Db, rows: Iterable<Named>): Collected {
  // First mention of each key only: an import repeats the same few hundred names many times.
  const purchasers = new Map<string, { name: string; code: string | null; type: string | null }>();
  const suppliers = new Map<string, string>();
  const products = new Map<string, Named>();
  for (const r of rows) {
    const name = text(r.purchaserName);
    if (name) {
      const raw = text(r.creditCode);
      const code = raw && validateCreditCode(raw).ok ? raw : null;
      const key = code ? `code:${code}` : `name:${name}`;
      if (!purchasers.has(key)) {
        const given = text(r.purchaserType);
        const type = given && (PURCHASER_TYPES as readonly string[]).includes(given) ? given : code ? purchaserTypeFromCreditCode(code) : null;
        purchasers.set(key, { name, code, type });
      }
    }
    const supplier = text(r.supplierName);
    if (supplier && !suppliers.has(supplier)) suppliers.set(supplier, supplier);
    const product = text(r.productName);
    if (product && !products.has(product)) products.set(product, r);
  }

  const out: Collected = { purchasers: 0, suppliers: 0, products: 0 };
  const byCode = db.prepare('SELECT 1 FROM purchasers WHERE credit_code = ? LIMIT 1');
  const byName = db.prepare('SELECT 1 FROM purchasers WHERE name = ? LIMIT 1');
  const codeless = db.prepare('SELECT id, type FROM purchasers WHERE name = ? AND credit_code IS NULL ORDER BY id LIMIT 1');
  for (const p of purchasers.values()) {
    if (p.code ? byCode.get(p.code) : byName.get(p.name)) continue;
    // Known by name only until now: the code completes that entry (its empty fields only).
    const known = p.code ? (codeless.get(p.name) as { id: number; type: string | null } | undefined) : undefined;
    if (known) {
      w.update('purchaser', known.id, { credit_code: p.code, ...(known.type === null && p.type !== null ? { type: p.type } : {}) });
      continue;
    }
    // Without a code only a person's type can go in (the list's own rule): an organisation's
    // type then comes from its records until the clerk adds the code.
    const type = p.code || p.type === '个人' ? p.type : null;
    w.insert('purchaser', { name: p.name, credit_code: p.code, type });
    out.purchasers++;
  }
  const supplierByName = db.prepare('SELECT 1 FROM suppliers WHERE name = ? LIMIT 1');
  for (const name of suppliers.values()) {
    if (supplierByName.get(name)) continue;
    w.insert('supplier', { name, kind: name.includes('合作社') ? '合作社' : null });
    out.suppliers++;
  }
  const productByName = db.prepare('SELECT 1 FROM products WHERE name = ? LIMIT 1');
  for (const [name, r] of products) {
    if (productByName.get(name)) continue;
    const category = text(r.category);
    w.insert('product', {
      name,
      category: category && (CATEGORIES as readonly string[]).includes(category) ? category : null,
      origin_code: text(r.originCode),
      supplier_name: text(r.supplierName),
    });
    out.products++;
  }
  return out;
}
