import type { Db } from '../connection';
import type { Migration } from './types';

/**
 * Ids are never handed out twice (issue 14). `id INTEGER PRIMARY KEY` lets SQLite give the
 * highest id again once its row is deleted, and attachment links, waivers and the audit log
 * refer to rows by id: a new, empty record inherited a deleted purchase's invoice, waiver and
 * history. AUTOINCREMENT keeps the highest id ever used in sqlite_sequence and never goes back.
 *
 * SQLite cannot add AUTOINCREMENT to a table: each one is rebuilt the way its documentation
 * says (https://sqlite.org/lang_altertable.html#otheralter, foreign keys off around the
 * transaction — see `foreignKeysOff` — and foreign_key_check before commit). The new table is
 * made from the stored CREATE statement with only the key changed, so its columns keep their
 * order and types exactly: the audit digests (migration 7) hash values in column order.
 * The sequence starts past every id ever seen, in the table or only in the audit log (a top
 * record deleted before this migration must not come back either).
 *
 * The list is written out, not taken from the write path's table map: a shipped migration
 * must not change when that map grows. office_settings keeps its single row (id = 1).
 */
const TABLES: readonly { table: string; entity: string }[] = [
  { table: 'purchasers', entity: 'purchaser' },
  { table: 'suppliers', entity: 'supplier' },
  { table: 'products', entity: 'product' },
  { table: 'paired_regions', entity: 'pairedRegion' },
  { table: 'import_batches', entity: 'importBatch' },
  { table: 'records', entity: 'record' },
  { table: 'import_mappings', entity: 'importMapping' },
  { table: 'periods', entity: 'period' },
  { table: 'check_waivers', entity: 'checkWaiver' },
  { table: 'purchaser_plans', entity: 'purchaserPlan' },
  { table: 'attachments', entity: 'attachment' },
  { table: 'attachment_links', entity: 'attachmentLink' },
  { table: 'certificates', entity: 'certificate' },
];

const KEY = /\bid\s+INTEGER\s+PRIMARY\s+KEY\b(?!\s+AUTOINCREMENT)/gi;

/** The table's CREATE statement under a new name, its key made AUTOINCREMENT; refused if it does not look as expected. */
export function autoincrementSql(createSql: string, table: string, newName: string): string {
  const head = new RegExp(`^CREATE TABLE\\s+("?)${table}\\1\\s*\\(`, 'i');
  if (!head.test(createSql) || (createSql.match(KEY) ?? []).length !== 1) {
    throw new Error(`migration 9: unexpected definition of ${table}: ${createSql.slice(0, 80)}`);
  }
  return createSql.replace(head, `CREATE TABLE ${newName} (`).replace(KEY, 'id INTEGER PRIMARY KEY AUTOINCREMENT');
}

/** The highest id a table's rows ever had: in the table, in the audit log, or named by a link or a waiver. */
function highestIdSeen(db: Db, table: string, entity: string): number {
  const max = (sql: string, ...params: unknown[]) => Number((db.prepare(sql).pluck().get(...params) as number | null) ?? 0);
  return Math.max(
    max(`SELECT max(id) FROM ${table}`),
    // served by audit_log_entity (entity, entity_id, seq): one seek per table
    max('SELECT max(entity_id) FROM audit_log WHERE entity = ?', entity),
    max('SELECT max(entity_id) FROM attachment_links WHERE entity = ?', entity),
    entity === 'record' ? max('SELECT max(record_id) FROM check_waivers') : 0,
  );
}

function rebuild(db: Db, table: string, entity: string): void {
  const createSql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined;
  if (!createSql) throw new Error(`migration 9: table ${table} is missing`);
  const dependents = db.prepare("SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all(table) as string[];
  const seen = highestIdSeen(db, table, entity);
  const next = `${table}_new`;
  db.exec(autoincrementSql(createSql, table, next));
  db.exec(`INSERT INTO ${next} SELECT * FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${next} RENAME TO ${table}`);
  for (const sql of dependents) db.exec(sql);
  db.prepare('DELETE FROM sqlite_sequence WHERE name = ?').run(table);
  if (seen > 0) db.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, seen);
}

export const m009IdsNeverReused: Migration = {
  version: 9,
  name: 'ids-never-reused',
  foreignKeysOff: true,
  up(db) {
    for (const { table, entity } of TABLES) rebuild(db, table, entity);
  },
};
