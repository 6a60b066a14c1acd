/**
 * The grid's pages of one view (filters and sort), read by keyset from anchors (anchors.ts)
 * where the order allows it, else by OFFSET. The view's SQL is built once: the page query and
 * its keyset twin, both selecting the ORDER BY values as __k0…__kn so each page served leaves
 * an anchor at its last row. Anchors hold only while the ledger is unchanged: any write on
 * this connection (total_changes) or by another program (data_version) drops them.
 */
import { isPostgres, type Db } from '../db/connection';
import { ledgerChangeStamp } from '../db/change-stamp';
import { prepared, type Statement } from '../db/statements';
import { Anchors, HOP, nextHop, pageStep, type Anchor, type OrderTerm, type Step } from './anchors';

export interface ViewSql {
  /** SELECT … WHERE <filters> ORDER BY … LIMIT ? OFFSET ?, with the key columns __k0…__kn */
  plain: string;
  /** the same with the rows after an anchor only (one more value per key column, before LIMIT), or null: OFFSET only */
  keyset: string | null;
  /** the filters' parameters, in order */
  parameters: readonly unknown[];
  terms: readonly OrderTerm[];
}

export interface PagedView {
  sql: ViewSql;
  anchors: Anchors;
  /** the ledger's state the anchors belong to */
  version: string;
  /** whether an index serves the order (hops walk it; a sorted-per-query order is never hopped) */
  hops: boolean | null;
}

export function pagedView(sql: ViewSql): PagedView {
  return { sql, anchors: new Anchors(), version: VERSION_NOT_READ, hops: null };
}

/** A view's version before any stamp was read for it: equal to no stamp. */
const VERSION_NOT_READ = '';

/** Changes when anything is written to the ledger, by this connection or another one. */
export const ledgerVersion = ledgerChangeStamp;

type Row = Record<string, unknown>;

function keyOf(row: Row, terms: readonly OrderTerm[]): unknown[] {
  return terms.map((_, i) => row[`__k${i}`]);
}

function read(db: Db, view: PagedView, step: Step): Row[] {
  const { sql } = view;
  if (step.from && sql.keyset) {
    return prepared(db, sql.keyset).all(...sql.parameters, ...step.from.key, step.limit, step.offset) as Row[];
  }
  return prepared(db, sql.plain).all(...sql.parameters, step.limit, step.offset) as Row[];
}

function indexServesOrder(db: Db, sql: ViewSql): boolean {
  if (isPostgres(db)) {
    // A hop's walk as the server would plan it, with the view's own filter values (PostgreSQL
    // folds a NULL comparison away, so the keyset twin is not asked with NULLs): a Sort node
    // means each hop would sort the view again. An Incremental Sort is a walk of the index
    // that orders ties by id group by group (the btree does not carry the id as SQLite's does).
    const plan = db.prepare(`EXPLAIN (COSTS OFF) ${sql.plain}`).pluck().all(...sql.parameters, 1, HOP - 1) as string[];
    return !plan.some((line) => /^\s*(->\s*)?Sort\b(?! Key)/.test(line));
  }
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql.keyset}`).all(...Array.from({ length: sql.parameters.length + sql.terms.length + 2 }, () => null)) as { detail: string }[];
  return !plan.some((p) => p.detail.includes('TEMP B-TREE'));
}

/** Rows start…start+limit-1 of the view (fewer at its end), with their __k columns. */
export function readPage(db: Db, view: PagedView, start: number, limit: number): Row[] {
  const { sql, anchors } = view;
  if (start === 0) {
    // The first page (a view opened, sorted, filtered) needs no anchor before it, so no stamp
    // is read: on a server that is a round trip, a third of the page's time. Anchors start at
    // the next page, which reads the stamp they belong to (nothing is remembered here, as no
    // stamp says which ledger state this page's last row belongs to).
    anchors.clear();
    view.version = VERSION_NOT_READ;
    return read(db, view, pageStep(null, 0, limit));
  }
  const version = ledgerVersion(db);
  if (version !== view.version) {
    anchors.clear();
    view.version = version;
  }
  if (!sql.keyset) return read(db, view, pageStep(null, start, limit));
  view.hops ??= indexServesOrder(db, sql);

  let from: Anchor | null = anchors.before(start);
  for (let hop = nextHop(from, start, view.hops); hop; hop = nextHop(from, start, view.hops)) {
    const [row] = read(db, view, hop);
    if (!row) break; // the view ends before `start`
    const pos = (from ? from.pos + 1 : 0) + hop.offset;
    anchors.remember(pos, keyOf(row, sql.terms));
    const next = anchors.before(start);
    if (!next || next.pos !== pos) break; // a key with a NULL: no seek past it, read on with OFFSET
    from = next;
  }
  const rows = read(db, view, pageStep(from, start, limit));
  if (rows.length > 0) anchors.remember(start + rows.length - 1, keyOf(rows[rows.length - 1], sql.terms));
  return rows;
}
