/**
 * What the database plans for a query's order, on either backend: whether it reads the rows
 * from an index (and which), or sorts them per query.
 * - SQLite: EXPLAIN QUERY PLAN; a sort is a TEMP B-TREE.
 * - PostgreSQL: EXPLAIN with sorting priced out (enable_sort off), so the plan shows whether
 *   any index can give the order — on an empty test table the planner would otherwise sort
 *   whatever the indexes. A full Sort node is a sort; an Incremental Sort is not: PostgreSQL's
 *   btree does not carry the id as SQLite's index carries the rowid, so rows tied on every
 *   indexed column are put in id order group by group as the index is read, and a page
 *   reads only its own groups.
 */
import { isPostgres } from '../../../electron/core/db/connection';
import type { LedgerDb } from '../../../electron/core/db/ledger-db';

export interface QueryPlan {
  /** the plan as text, for a failing assertion's message */
  text: string;
  /** the index the rows are read from, or null */
  index: string | null;
  /** whether the rows are sorted per query rather than read in order */
  sorts: boolean;
}

export function queryPlan(db: LedgerDb, sql: string, parameters: readonly unknown[] = []): QueryPlan {
  if (!isPostgres(db)) {
    const text = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[]).map((r) => r.detail).join(' | ');
    return { text, index: /USING (?:COVERING )?INDEX (\w+)/.exec(text)?.[1] ?? null, sorts: text.includes('TEMP B-TREE') };
  }
  db.exec('SET enable_sort = off');
  try {
    const text = (db.prepare(`EXPLAIN (COSTS OFF) ${sql}`).pluck().all(...parameters) as string[]).join(' | ');
    return { text, index: /Index (?:Only )?Scan (?:Backward )?using (\w+)/.exec(text)?.[1] ?? null, sorts: /(^|\|)\s*(->\s*)?Sort\b(?! Key)/.test(text) };
  } finally {
    db.exec('RESET enable_sort');
  }
}
