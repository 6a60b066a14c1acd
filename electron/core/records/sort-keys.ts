/**
 * The pinyin sort keys of the name columns (migration 11's `record_sort_keys`), kept beside
 * the records by TEMP triggers: they exist only on the app's own connection, where
 * `pinyin_key()` is registered, so every writer of the app (an edit, an import, the demo, an
 * undo) keeps the keys without code of its own, while the file's schema names no JS function
 * (another SQLite tool can still read, change or delete records; the keys it leaves behind
 * are mended when the app next opens the ledger: healSortKeys).
 *
 * A PostgreSQL server cannot call the app's JavaScript: there the write path keeps the keys of
 * the records each write touched, before it commits (`keepSortKeys`, WriteSetup.afterChange).
 */
import { isPostgres, type Db, type SqliteDb } from '../db/connection';
import { pinyinKey } from './pinyin-key';

export const SORT_KEY_TABLE = 'record_sort_keys';

/** The columns sorted by pinyin: the record's column, its key column, the key's index. */
export const SORT_KEYS = [
  { field: 'purchaserName', column: 'purchaser_name', key: 'purchaser_key' },
  { field: 'productName', column: 'product_name', key: 'product_key' },
  { field: 'supplierName', column: 'supplier_name', key: 'supplier_key' },
].map((k) => ({ ...k, index: `${SORT_KEY_TABLE}_${k.key}`, indexSql: `CREATE INDEX IF NOT EXISTS ${SORT_KEY_TABLE}_${k.key} ON ${SORT_KEY_TABLE}(${k.key})` }));

export const SORT_KEY_TABLE_SQL = `CREATE TABLE IF NOT EXISTS ${SORT_KEY_TABLE} (
  record_id INTEGER PRIMARY KEY,
  ${SORT_KEYS.map((k) => `${k.key} TEXT`).join(',\n  ')}
)`;

export function registerPinyinKey(db: SqliteDb): void {
  db.function('pinyin_key', { deterministic: true }, (text: unknown) => pinyinKey(typeof text === 'string' ? text : text === null ? null : String(text)));
}

const upsertFrom = (row: string) =>
  `INSERT OR REPLACE INTO ${SORT_KEY_TABLE} (record_id, ${SORT_KEYS.map((k) => k.key).join(', ')}) ` +
  `VALUES (${row}.id, ${SORT_KEYS.map((k) => `pinyin_key(${row}.${k.column})`).join(', ')})`;

/** Keys for every record that has none (all of them, in the migration). */
export function fillSortKeysSql(): string {
  return (
    `INSERT OR REPLACE INTO ${SORT_KEY_TABLE} (record_id, ${SORT_KEYS.map((k) => k.key).join(', ')}) ` +
    `SELECT id, ${SORT_KEYS.map((k) => `pinyin_key(${k.column})`).join(', ')} FROM records ` +
    `WHERE id NOT IN (SELECT record_id FROM ${SORT_KEY_TABLE})`
  );
}

/** Registers the function and the triggers on a connection of the app (after migrating). */
export function installSortKeys(db: Db): void {
  if (isPostgres(db)) return;
  registerPinyinKey(db as SqliteDb);
  db.exec(`
    CREATE TEMP TRIGGER IF NOT EXISTS record_sort_keys_insert AFTER INSERT ON main.records BEGIN ${upsertFrom('new')}; END;
    CREATE TEMP TRIGGER IF NOT EXISTS record_sort_keys_update AFTER UPDATE OF id, ${SORT_KEYS.map((k) => k.column).join(', ')} ON main.records BEGIN
      DELETE FROM ${SORT_KEY_TABLE} WHERE record_id = old.id AND old.id <> new.id; ${upsertFrom('new')}; END;
    CREATE TEMP TRIGGER IF NOT EXISTS record_sort_keys_delete AFTER DELETE ON main.records BEGIN DELETE FROM ${SORT_KEY_TABLE} WHERE record_id = old.id; END;
  `);
}

/**
 * After another program added or deleted records, the ids differ (their count or their sum),
 * and the keys are mended. A name changed elsewhere keeps its old key until edited in the
 * app; verify names such a change anyway. Two scans of the smallest index: cheap for an open.
 */
export function healSortKeys(db: Db): void {
  const ids = (table: string, id: string) => JSON.stringify(db.prepare(`SELECT count(*), coalesce(sum(${id}), 0) FROM ${table}`).raw().get());
  if (ids('records', 'id') === ids(SORT_KEY_TABLE, 'record_id')) return;
  if (isPostgres(db)) {
    db.transaction(() => {
      db.exec(`DELETE FROM ${SORT_KEY_TABLE} WHERE record_id NOT IN (SELECT id FROM records)`);
      keepSortKeys(db, db.prepare(`SELECT id FROM records WHERE id NOT IN (SELECT record_id FROM ${SORT_KEY_TABLE})`).pluck().all() as number[]);
    })();
    return;
  }
  db.transaction(() => {
    db.exec(`DELETE FROM ${SORT_KEY_TABLE} WHERE record_id NOT IN (SELECT id FROM records)`);
    db.exec(fillSortKeysSql());
  })();
}

/**
 * The keys of records a bulk insert just wrote (WriteSetup.afterBulkInsert), made from the rows
 * in hand and loaded with one COPY: new ids have no keys to replace, and reading the names
 * back cost a round trip per 1,000 rows (PostgreSQL).
 */
export function insertSortKeys(db: Db, rows: readonly Record<string, unknown>[]): void {
  if (!isPostgres(db)) return;
  const values = rows.map((r) => [r.id, ...SORT_KEYS.map((k) => pinyinKey(r[k.column] === null || r[k.column] === undefined ? null : String(r[k.column])))]);
  if (!db.copyRows(SORT_KEY_TABLE, ['record_id', ...SORT_KEYS.map((k) => k.key)], values)) {
    keepSortKeys(
      db,
      rows.map((r) => r.id as number),
    );
  }
}

/** Records per statement when keys are computed here (PostgreSQL): 1,000 × 4 values. */
const KEY_BLOCK = 1000;

/**
 * The keys of these records made anew from their names, computed here rather than by the
 * database (PostgreSQL): run by the write path before it commits, for the records it touched.
 */
export function keepSortKeys(db: Db, recordIds: readonly number[]): void {
  const keyColumns = SORT_KEYS.map((k) => k.key).join(', ');
  for (let i = 0; i < recordIds.length; i += KEY_BLOCK) {
    const ids = recordIds.slice(i, i + KEY_BLOCK);
    db.prepare(`DELETE FROM ${SORT_KEY_TABLE} WHERE record_id = ANY(?)`).run([ids]);
    const rows = db.prepare(`SELECT id, ${SORT_KEYS.map((k) => k.column).join(', ')} FROM records WHERE id = ANY(?)`).raw().all([ids]) as unknown[][];
    if (rows.length === 0) continue;
    const params: unknown[] = [];
    for (const [id, ...names] of rows) params.push(id, ...names.map((n) => pinyinKey(n === null ? null : String(n))));
    const row = `(${['?', ...SORT_KEYS.map(() => '?')].join(', ')})`;
    db.prepare(`INSERT INTO ${SORT_KEY_TABLE} (record_id, ${keyColumns}) VALUES ${rows.map(() => row).join(', ')}`).run(params);
  }
}
