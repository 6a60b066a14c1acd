import type { Migration } from './types';

/**
 * What the unit wrote, kept with each imported record (issue 16: nothing a unit sends is lost):
 * - `source_json`: the row's original cells as text with their header labels, and the file,
 *   sheet and row they came from (shared/domain/record-source.ts, RecordSource);
 * - `unread_json`: `{ "<field key>": "<unit's text>" }` for each field the import could not
 *   read (left empty) or recorded as 其他; the checks turn it into findings.
 * Both NULL by default (records typed in the grid have neither), so older rows' audit digests
 * (migration 7: non-NULL values only) still match.
 */
export const m010RecordSource: Migration = {
  version: 10,
  name: 'record-source',
  up(db) {
    db.exec('ALTER TABLE records ADD COLUMN source_json TEXT DEFAULT NULL; ALTER TABLE records ADD COLUMN unread_json TEXT DEFAULT NULL;');
  },
};
