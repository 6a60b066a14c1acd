/** Records: the grid's pages, totals, find, and every edit (one audited transaction per call). */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { RecordChange, RecordQuery, SortSpec } from '../../../shared/api';
import { FIELD_BY_KEY } from '../../../shared/record-fields';
import type { RecordField } from '../../../shared/domain/record';
import { AppError } from '../../../shared/result';
import { defineHandlers, requireLedger } from '../context';
import { collectLists } from '../lists/collect';
import { rowToRecord, valuesToColumns } from './columns';
import { selectAll } from '../db/statements';
import { isPostgres } from '../db/connection';
import { orderTerm } from '../db/dialect-sql';
import { findMatchSql, matchedField } from './find';
import { parseRecordSource, parseUnread } from '../../../shared/domain/record-source';
import { applyRecordQuery, orderBySql, orderTerms, withSortKeys } from './query';
import { afterAnchorSql } from './anchors';
import { pagedView, readPage, type PagedView } from './paging';
import { deletionOf, removeRecord, restoreRecord } from './removal';
import { refuseIfChangedSince } from './stale';

/**
 * The grid asks for page after page of one view (same filters and sort): the view's SQL is
 * built and compiled once, with its anchors (paging.ts), and each page binds its limit and
 * offset. Building it with kysely on every call cost a third of a page's time on a
 * million-record ledger.
 */
/** SQL text whose `?`s become values of the query (bound later), so the dialect numbers them. */
function placeholdersOf(text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.join(text.split('?').map((piece) => sql.raw(piece)), sql`${null}`)}`;
}

const pagedViews = new WeakMap<object, Map<string, PagedView>>();
function viewOf(ctx: Parameters<typeof requireLedger>[0], args: RecordQuery & { sort: SortSpec }): PagedView {
  const ledger = requireLedger(ctx);
  let cache = pagedViews.get(ledger);
  if (!cache) pagedViews.set(ledger, (cache = new Map()));
  const key = JSON.stringify([args.period ?? null, args.filters ?? {}, args.sort]);
  let view = cache.get(key);
  if (!view) {
    const terms = orderTerms(args.sort);
    // The 📎 column: counted per page row through the attachment_links_target index (entity, entity_id).
    const attachmentCount = (row: string) => sql<number>`(SELECT count(*) FROM attachment_links l WHERE l.entity = 'record' AND l.entity_id = ${sql.ref(`${row}.id`)})`.as('attachment_count');
    const plain = applyRecordQuery(
      withSortKeys(ledger.kysely.selectFrom('records'), args.sort).selectAll('records').select(terms.map((t, i) => sql.raw(t.expr).as(`__k${i}`))),
      args,
      ctx.reference,
      ledger.db,
    );
    const after = afterAnchorSql(terms);
    const order = orderBySql(args.sort, ledger.db);
    // every placeholder is kysely's, numbered in the dialect's way ($n on PostgreSQL): the
    // anchor's values and then LIMIT and OFFSET come after the filters', bound per page
    const paged = (q: typeof plain) => {
      const page = q.orderBy(order).limit(0).offset(0);
      if (!isPostgres(ledger.db)) return page.select(attachmentCount('records'));
      // PostgreSQL computes a select list's subquery for every row OFFSET skips too: there the
      // 📎 count is taken of the page's rows only, around the page, which keeps its order
      const keys = terms.map((t, i) => orderTerm(ledger.db, `"__k${i}"`, t.dir === 'DESC' ? 'desc' : 'asc'));
      return ledger.kysely.selectFrom(page.as('p')).selectAll('p').select(attachmentCount('p')).orderBy(sql.raw(keys.join(', ')));
    };
    const compiled = paged(plain).compile();
    const keyset = after ? paged(plain.where(placeholdersOf(after))).compile().sql : null;
    view = pagedView({ plain: compiled.sql, keyset, parameters: compiled.parameters.slice(0, -2), terms });
    if (cache.size >= 50) cache.clear();
    cache.set(key, view);
  }
  return view;
}

export const recordHandlers = defineHandlers({
  'records/list': (ctx, args) => {
    const { db } = requireLedger(ctx);
    const limit = args.endRow - args.startRow;
    const rows = readPage(db, viewOf(ctx, args), args.startRow, limit);
    return { rows: rows.map(rowToRecord), lastRow: rows.length < limit ? args.startRow + rows.length : null };
  },

  'records/totals': (ctx, args) => {
    const { kysely, db } = requireLedger(ctx);
    const [row] = selectAll(
      db,
      applyRecordQuery(kysely.selectFrom('records'), args, ctx.reference, db)
        .select([sql<number>`count(*)`.as('count'), sql<number>`coalesce(sum(amount_fen), 0)`.as('amountFen')])
        .compile(),
    );
    return { count: Number(row.count), amountFen: Number(row.amountFen) };
  },

  'records/inView': (ctx, args) => {
    const { kysely, db } = requireLedger(ctx);
    const rows = selectAll(
      db,
      applyRecordQuery(kysely.selectFrom('records'), args, ctx.reference, db)
        .select('id')
        // PostgreSQL takes the ids as one array parameter; SQLite reads them from JSON text
        .where(isPostgres(db) ? sql<boolean>`id = ANY(${args.ids})` : sql<boolean>`id IN (SELECT value FROM json_each(${JSON.stringify(args.ids)}))`)
        .orderBy('id')
        .compile(),
    );
    return { ids: rows.map((r) => Number(r.id)) };
  },

  'records/get': async (ctx, { id }) => {
    const { kysely } = requireLedger(ctx);
    const row = await kysely.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...rowToRecord(row), source: parseRecordSource(row.source_json), unread: parseUnread(row.unread_json) } : null;
  },

  'records/apply': (ctx, { label, ops }) => {
    const ledger = requireLedger(ctx);
    for (const op of ops) {
      if (op.type === 'delete') continue;
      for (const field of Object.keys(op.values)) {
        if (!FIELD_BY_KEY[field as RecordField]) throw new AppError('BAD_ARGS', `未知字段：${field}`);
      }
    }
    const changes = ledger.write(label, (w) => {
      const out: RecordChange[] = [];
      for (const op of ops) {
        if (op.type === 'insert') {
          const deletion = op.id === undefined ? null : deletionOf(ledger.db, op.id);
          const values = valuesToColumns(op.values);
          const after = deletion ? restoreRecord(w, ledger.db, deletion, values) : w.insert('record', values, op.id);
          out.push({ id: Number(after.id), before: null, after: rowToRecord(after) });
        } else if (op.type === 'update') {
          refuseIfChangedSince(w, op.id, op.seen);
          const r = w.update('record', op.id, valuesToColumns(op.values));
          if (r) out.push({ id: op.id, before: rowToRecord(r.before), after: rowToRecord(r.after) });
        } else {
          refuseIfChangedSince(w, op.id, op.seen);
          out.push({ id: op.id, before: rowToRecord(removeRecord(w, ledger.db, op.id)), after: null });
        }
      }
      // 名录 fills itself from what was typed (lists/collect.ts), in the same audited transaction.
      collectLists(w, ledger.db, out.flatMap((c) => (c.after ? [c.after] : [])));
      return out;
    });
    return { changes };
  },

  'records/indexOf': async (ctx, args) => {
    const { kysely, db } = requireLedger(ctx);
    const base = applyRecordQuery(kysely.selectFrom('records'), args, ctx.reference, db);
    const shown = await base.select('id').where('id', '=', args.id).executeTakeFirst();
    if (!shown) return null;
    if (args.sort.length === 0) {
      // The grid's own order is by id: the rows before it are those with a smaller id (rowid range).
      const before = await base.select(sql<number>`count(*)`.as('n')).where('id', '<', args.id).executeTakeFirstOrThrow();
      return { index: Number(before.n) };
    }
    const ordered = withSortKeys(base, args.sort).select(['records.id', sql<number>`row_number() OVER (ORDER BY ${orderBySql(args.sort, db)}) - 1`.as('idx')]).as('t');
    const row = await kysely.selectFrom(ordered).select('t.idx').where('t.id', '=', args.id).executeTakeFirst();
    return row ? { index: Number(row.idx) } : null;
  },

  'records/find': async (ctx, args) => {
    const { kysely, db } = requireLedger(ctx);
    const matchSql = findMatchSql(db, args.text, ctx.reference);
    const base = applyRecordQuery(kysely.selectFrom('records'), args, ctx.reference, db);
    // the match as 0/1 on both backends (PostgreSQL's boolean cannot be compared with 1)
    const hit = sql<number>`CASE WHEN (${matchSql}) THEN 1 ELSE 0 END`;
    const ordered = withSortKeys(base, args.sort)
      .select(['records.id', sql<number>`row_number() OVER (ORDER BY ${orderBySql(args.sort, db)}) - 1`.as('idx'), hit.as('hit')])
      .as('t');
    const next = await kysely
      .selectFrom(ordered)
      .select(['t.id', 't.idx'])
      .where('t.hit', '=', 1)
      .where('t.idx', args.backwards ? '<' : '>', args.fromIndex)
      .orderBy('t.idx', args.backwards ? 'desc' : 'asc')
      .limit(1)
      .executeTakeFirst();
    if (!next) return null;
    const counted = await base.select(sql<number>`count(*)`.as('n')).where(sql<boolean>`(${matchSql})`).executeTakeFirstOrThrow();
    const row = await kysely.selectFrom('records').selectAll().where('id', '=', next.id).executeTakeFirstOrThrow();
    const record = rowToRecord(row);
    const field = matchedField(record, args.text, ctx.reference);
    return { index: Number(next.idx), id: Number(next.id), field, matches: Number(counted.n) };
  },
});
