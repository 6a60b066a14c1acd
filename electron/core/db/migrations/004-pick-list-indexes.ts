import type { Migration } from './types';

/**
 * The pick-list columns (purchaser type, category, channel) have a dozen values each, so an
 * index on the column alone leaves "this channel, largest amounts first" to sort ~150,000 rows
 * of a 1,000,000-record ledger. Indexed as (column, amount_fen) the page is read in index order,
 * and the filtered totals row is answered from the index alone. Sorting by the column itself
 * uses amount then id as tiebreakers (records/query.ts) so the same index serves it.
 */
export const PICK_LIST_INDEXES: readonly { name: string; column: string; replaces: string }[] = [
  { name: 'records_purchaser_type_amount', column: 'purchaser_type', replaces: 'records_purchaser_type' },
  { name: 'records_category_amount', column: 'category', replaces: 'records_category' },
  { name: 'records_channel_amount', column: 'channel', replaces: 'records_channel' },
];

export const m004PickListIndexes: Migration = {
  version: 4,
  name: 'pick-list-indexes',
  up(db) {
    for (const i of PICK_LIST_INDEXES) {
      db.exec(`DROP INDEX IF EXISTS ${i.replaces}; CREATE INDEX IF NOT EXISTS ${i.name} ON records(${i.column}, amount_fen);`);
    }
  },
};
