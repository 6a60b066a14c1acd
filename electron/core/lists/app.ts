/** The lists (名录): purchasers, suppliers, products, paired regions. */
import { sql } from 'kysely';
import type { ListItem } from '../../../shared/domain/lists';
import { AppError } from '../../../shared/result';
import { unlinkAll } from '../attachments/links';
import { defineHandlers, requireLedger } from '../context';
import type { Db } from '../db/connection';
import { likeOperator } from '../db/dialect-sql';
import { refuseIfEntryChanged } from '../records/stale';
import { itemToColumns, LIST_KINDS, rowToItem } from './kinds';

/** A union's 所属单位 must be in 名录 (the column's foreign key would otherwise fail in English). */
function requireEmployer(db: Db, employerId: unknown): void {
  if (employerId === null || employerId === undefined) return;
  const id = Number(employerId);
  if (!Number.isSafeInteger(id) || !db.prepare('SELECT 1 FROM purchasers WHERE id = ?').get(id)) {
    throw new AppError('VALIDATION', `名录中没有编号为 ${String(employerId)} 的购买主体，不能作为所属单位`);
  }
}

/** An employer a union names stays until the union no longer names it. */
function refuseIfEmployer(db: Db, id: number): void {
  const union = db.prepare('SELECT u.name AS union_name, e.name FROM purchasers u JOIN purchasers e ON e.id = u.employer_id WHERE u.employer_id = ? LIMIT 1').get(id) as
    | { union_name: string; name: string }
    | undefined;
  if (union) throw new AppError('VALIDATION', `“${union.name}”是“${union.union_name}”的所属单位，不能删除；请先修改该工会的所属单位`);
}

export const listHandlers = defineHandlers({
  'lists/list': async (ctx, { kind, search, limit }) => {
    const { kysely, db } = requireLedger(ctx);
    const def = LIST_KINDS[kind];
    let q = kysely.selectFrom(def.table).selectAll();
    if (search?.trim()) {
      const pattern = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const searchColumn = kind === 'pairedRegions' ? 'code' : 'credit_code';
      const like = sql.raw(likeOperator(db));
      q = q.where(sql<boolean>`(name ${like} ${pattern} ESCAPE '\\' OR ${sql.ref(searchColumn)} ${like} ${pattern} ESCAPE '\\')`);
    }
    const rows = await q.orderBy('id').limit(limit ?? 2000).execute();
    return { items: rows.map((r) => rowToItem(kind, r) as unknown as ListItem) };
  },

  'lists/save': (ctx, { kind, item, seen }) => {
    const ledger = requireLedger(ctx);
    const def = LIST_KINDS[kind];
    const id = item.id === undefined || item.id === null ? null : Number(item.id);
    if (id !== null && !(Number.isInteger(id) && id > 0)) throw new AppError('BAD_ARGS', '编号无效');
    const columns = itemToColumns(kind, item);
    if (kind === 'purchasers') requireEmployer(ledger.db, columns.employer_id);
    const row = ledger.write(id ? `修改${def.label}` : `新增${def.label}`, (w) => {
      if (!id) return w.insert(def.entity, columns);
      // checked under the write lock: no one's save slips in between the check and this one
      const current = w.get(def.entity, id);
      refuseIfEntryChanged(w, def.entity, id, seen, current ? rowToItem(kind, current) : null);
      return w.update(def.entity, id, columns)?.after ?? current!;
    });
    return { item: rowToItem(kind, row) as unknown as ListItem };
  },

  'lists/delete': (ctx, { kind, id }) => {
    const ledger = requireLedger(ctx);
    const def = LIST_KINDS[kind];
    if (kind === 'purchasers') refuseIfEmployer(ledger.db, id);
    ledger.write(`删除${def.label}`, (w) => {
      w.remove(def.entity, id);
      // files linked to a purchaser or supplier end with it, as a record's do (records/removal.ts)
      if (def.entity === 'purchaser' || def.entity === 'supplier') unlinkAll(w, ledger.db, { entity: def.entity, id });
    });
    return { deleted: true };
  },
});
