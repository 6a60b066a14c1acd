import type { Migration } from './types';

/**
 * Column mappings remembered per source layout (the signature of its normalised headers), so a
 * unit's file next month maps itself the way the user corrected it this month.
 */
export const m003ImportMappings: Migration = {
  version: 3,
  name: 'import-mappings',
  up(db) {
    db.exec(`
      CREATE TABLE import_mappings (
        id INTEGER PRIMARY KEY,
        signature TEXT NOT NULL UNIQUE,
        mapping_json TEXT NOT NULL,
        source_name TEXT,
        updated_at TEXT NOT NULL
      );
      ALTER TABLE import_batches ADD COLUMN rejected_rows INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
