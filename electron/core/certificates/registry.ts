/** The certificate registry: rows ↔ Certificate, and the validity questions the checks ask. */
import type { Certificate } from '../../../shared/domain/attachments';
import type { Db } from '../db/connection';
import { likeOperator, orderTerm } from '../db/dialect-sql';
import { prepared } from '../db/statements';

// Quoted aliases: PostgreSQL folds unquoted ones to lower case.
const SELECT = `SELECT id, kind, number, product_name AS "productName", supplier_name AS "supplierName", issuer,
  valid_from AS "validFrom", valid_to AS "validTo", updated_at AS "updatedAt" FROM certificates`;

export function getCertificate(db: Db, id: number): Certificate | undefined {
  return prepared(db, `${SELECT} WHERE id = ?`).get(id) as Certificate | undefined;
}

export function listCertificates(db: Db, search: string | undefined, limit: number): Certificate[] {
  if (search && search.trim()) {
    const like = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const op = likeOperator(db);
    return prepared(db, `${SELECT} WHERE product_name ${op} ? ESCAPE '\\' OR number ${op} ? ESCAPE '\\' OR supplier_name ${op} ? ESCAPE '\\' ORDER BY product_name, id LIMIT ?`).all(like, like, like, limit) as Certificate[];
  }
  return prepared(db, `${SELECT} ORDER BY product_name, id LIMIT ?`).all(limit) as Certificate[];
}

/** An open end (no valid_from or no valid_to) counts as unbounded on that side. */
export function isValidOn(c: Pick<Certificate, 'validFrom' | 'validTo'>, date: string): boolean {
  return (c.validFrom === null || c.validFrom <= date) && (c.validTo === null || c.validTo >= date);
}

/** certificateValidOn: the product's certificates that cover `date`, and the rest on file for it. */
export function certificateValidOn(db: Db, productName: string, date: string): { certified: boolean; valid: Certificate[]; other: Certificate[] } {
  const all = prepared(db, `${SELECT} WHERE product_name = ? ORDER BY ${orderTerm(db, 'valid_to', 'desc')}, id`).all(productName.trim()) as Certificate[];
  const valid = all.filter((c) => isValidOn(c, date));
  return { certified: valid.length > 0, valid, other: all.filter((c) => !isValidOn(c, date)) };
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Certificates still valid on `date` whose validity ends within `days` days of it. */
export function expiringCertificates(db: Db, date: string, days: number): Certificate[] {
  return prepared(db, `${SELECT} WHERE valid_to >= ? AND valid_to <= ? ORDER BY valid_to, id`).all(date, addDays(date, days)) as Certificate[];
}

export function certificateToRow(c: Omit<Certificate, 'id' | 'updatedAt'>): Record<string, unknown> {
  return {
    kind: c.kind,
    number: c.number || null,
    product_name: c.productName,
    supplier_name: c.supplierName || null,
    issuer: c.issuer || null,
    valid_from: c.validFrom,
    valid_to: c.validTo,
  };
}
