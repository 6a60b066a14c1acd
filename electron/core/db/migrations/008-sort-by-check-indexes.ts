import type { Migration } from './types';
import { CHECK_INDEXES } from './005-checks';

/**
 * Three sort indexes of 002 lead with the same column as a covering index of 005, which can
 * serve the grid's sort just as well when ties are broken by that index's next columns
 * (records/query.ts): sorting by purchaser then puts a purchaser's rows by date, product and
 * amount — an order a reader expects anyway. Dropping them saves a sixth of the index building
 * of a million-row load, and their upkeep on every write.
 */
export const SORT_BY_CHECK_INDEX: readonly { drops: string; column: string; index: string; then: readonly string[] }[] = [
  { drops: 'records_purchaser_name', column: 'purchaser_name', index: 'records_check_duplicate', then: ['date', 'product_name', 'amount_fen'] },
  { drops: 'records_credit_code', column: 'credit_code', index: 'records_check_purchaser', then: ['purchaser_name', 'date', 'amount_fen'] },
  { drops: 'records_product_name', column: 'product_name', index: 'records_check_price', then: ['unit', 'unit_price'] },
];

// Each replacement's columns are exactly its check index's, in order (a test holds them to it too).
for (const s of SORT_BY_CHECK_INDEX) {
  const index = CHECK_INDEXES.find((i) => i.name === s.index);
  if (!index || index.columns !== [s.column, ...s.then].join(', ')) throw new Error(`migration 8: ${s.index} does not lead with ${s.column}, ${s.then.join(', ')}`);
}

export const m008SortByCheckIndexes: Migration = {
  version: 8,
  name: 'sort-by-check-indexes',
  up(db) {
    db.exec(SORT_BY_CHECK_INDEX.map((s) => `DROP INDEX IF EXISTS ${s.drops};`).join('\n'));
  },
};
