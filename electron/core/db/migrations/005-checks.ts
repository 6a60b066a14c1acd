import type { Migration } from './types';

/**
 * Covering indexes for the checks' GROUP BY queries over a million records (purchaser name/code
 * pairs and yearly sums, duplicate records, prices per product): SQLite walks an index in order
 * instead of sorting the whole table. Exported so bulk loads can drop and rebuild them like the
 * sort indexes.
 */
export const CHECK_INDEXES: readonly { name: string; columns: string }[] = [
  { name: 'records_check_purchaser', columns: 'credit_code, purchaser_name, date, amount_fen' },
  { name: 'records_check_duplicate', columns: 'purchaser_name, date, product_name, amount_fen' },
  { name: 'records_check_price', columns: 'product_name, unit, unit_price' },
];

export function createCheckIndexesSql(): string {
  return CHECK_INDEXES.map((i) => `CREATE INDEX IF NOT EXISTS ${i.name} ON records(${i.columns});`).join('\n');
}

export function dropCheckIndexesSql(): string {
  return CHECK_INDEXES.map((i) => `DROP INDEX IF EXISTS ${i.name};`).join('\n');
}

/**
 * Checks and periods: the month a record belongs to (DATE_OUTSIDE_PERIOD), the periods table
 * behind the submission lock, waivers of check issues, and budget units' yearly planned
 * agricultural procurement (the denominator of RESERVED_SHARE_LOW).
 *
 */
export const m005Checks: Migration = {
  version: 5,
  name: 'checks-periods',
  up(db) {
    db.exec(`
      -- The month a unit's report placed the record in, when it differs from nothing else we
      -- know (NULL: the record belongs to the month of its date).
      ALTER TABLE records ADD COLUMN period TEXT;
      -- Almost every record leaves it NULL: a partial index stays tiny and still serves
      -- the checks' "records of month M" (date in M, or placed in M).
      CREATE INDEX records_period ON records(period) WHERE period IS NOT NULL;

      -- One row per month that has been submitted at least once; months without a row are open.
      CREATE TABLE periods (
        id INTEGER PRIMARY KEY,
        month TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('open', 'submitted')),
        submitted_at TEXT,
        package_sha256 TEXT,
        version INTEGER NOT NULL,
        reopened_at TEXT,
        reopen_reason TEXT
      );

      -- A check issue accepted with a reason. subject names what the issue is about
      -- ('record:12', 'creditCode:91…', 'product:勐海普洱茶'), so a waiver outlives re-runs.
      CREATE TABLE check_waivers (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        subject TEXT NOT NULL,
        record_id INTEGER,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (code, subject)
      );

      -- A budget unit's planned agricultural procurement for a year: the reserved share is
      -- its assistance purchases divided by this.
      CREATE TABLE purchaser_plans (
        id INTEGER PRIMARY KEY,
        purchaser_id INTEGER NOT NULL REFERENCES purchasers(id),
        year INTEGER NOT NULL,
        planned_fen INTEGER NOT NULL,
        UNIQUE (purchaser_id, year)
      );
    `);
    db.exec(createCheckIndexesSql());
  },
};
