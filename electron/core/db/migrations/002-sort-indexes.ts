import type { Migration } from './types';

/**
 * The grid sorts and filters in SQL over up to a million records: one index per sortable
 * column keeps the first sorted page fast (SQLite walks the index and stops after a page).
 * Kept apart from 001 so the bulk demo loader can drop and rebuild exactly these.
 */
export const SORT_INDEXES: readonly { name: string; column: string }[] = [
  { name: 'records_date', column: 'date' },
  { name: 'records_purchaser_name', column: 'purchaser_name' },
  { name: 'records_credit_code', column: 'credit_code' },
  { name: 'records_purchaser_type', column: 'purchaser_type' },
  { name: 'records_product_name', column: 'product_name' },
  { name: 'records_category', column: 'category' },
  { name: 'records_origin_code', column: 'origin_code' },
  { name: 'records_supplier_name', column: 'supplier_name' },
  { name: 'records_amount_fen', column: 'amount_fen' },
  { name: 'records_channel', column: 'channel' },
  { name: 'records_invoice_no', column: 'invoice_no' },
];

export function createSortIndexesSql(): string {
  return SORT_INDEXES.map((i) => `CREATE INDEX IF NOT EXISTS ${i.name} ON records(${i.column});`).join('\n');
}

export function dropSortIndexesSql(): string {
  return SORT_INDEXES.map((i) => `DROP INDEX IF EXISTS ${i.name};`).join('\n');
}

export const m002SortIndexes: Migration = {
  version: 2,
  name: 'sort-indexes',
  up(db) {
    db.exec(createSortIndexesSql());
  },
};
