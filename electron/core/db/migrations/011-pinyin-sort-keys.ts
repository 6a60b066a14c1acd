import type { Migration } from './types';
import { fillSortKeysSql, registerPinyinKey, SORT_KEY_TABLE_SQL, SORT_KEYS } from '../../records/sort-keys';

/**
 * Names sort by pinyin (records/pinyin-key.ts). The keys live in a side table, one row per
 * record, not in `records`: a column there would enter every row digest and every comparison
 * verify makes with the audit log (docs/architecture.md), and an index on an expression
 * calling a JS function would make any other SQLite tool fail to delete a record, and
 * integrity_check fail on a copy opened without the function. The table is derived data, kept
 * by triggers the app installs on its own connection (records/sort-keys.ts); verify ignores it.
 */
export const m011PinyinSortKeys: Migration = {
  version: 11,
  name: 'pinyin-sort-keys',
  up(db) {
    registerPinyinKey(db);
    db.exec(SORT_KEY_TABLE_SQL);
    db.exec(fillSortKeysSql());
    db.exec(SORT_KEYS.map((k) => `${k.indexSql};`).join('\n'));
  },
};
