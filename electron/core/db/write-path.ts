/**
 * THE write path. Every change to the ledger goes through `write()`: it validates the row,
 * writes it, and appends a hash-chained audit entry, all in one IMMEDIATE transaction
 * (taking the write lock up front, so the app and the CLI on one ledger queue instead of
 * failing half-way). Nothing else in the core issues INSERT/UPDATE/DELETE on these tables.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/result';
import { entryHash, GENESIS_HASH, type AuditFields } from '../audit/chain';
import type { Db } from './connection';

/** Entities the write path knows, and the table each lives in. */
export const ENTITY_TABLES = {
  record: 'records',
  purchaser: 'purchasers',
  supplier: 'suppliers',
  product: 'products',
  pairedRegion: 'paired_regions',
  settings: 'office_settings',
  importBatch: 'import_batches',
  importMapping: 'import_mappings',
} as const;
export type EntityName = keyof typeof ENTITY_TABLES;

export type Row = Record<string, unknown>;

/** Checks a full row (after the change) before it is written; throws AppError('VALIDATION'). */
export type RowValidator = (row: Row) => void;

export interface WriteMeta {
  actor: string;
  /** what the user did, for the history panel: '粘贴 3 行', '编辑', '导入 a.xlsx' */
  label: string;
}

export interface WriteSetup {
  validators: Partial<Record<EntityName, RowValidator>>;
}

type Statement = Database.Statement<unknown[], unknown>;
const statementCache = new WeakMap<Db, Map<string, Statement>>();
function prepared(db: Db, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare<unknown[], unknown>(sql)));
  return stmt;
}

const columnCache = new WeakMap<Db, Map<string, Set<string>>>();
function columnsOf(db: Db, table: string): Set<string> {
  let byTable = columnCache.get(db);
  if (!byTable) columnCache.set(db, (byTable = new Map()));
  let cols = byTable.get(table);
  if (!cols) {
    const info = db.pragma(`table_info(${table})`) as { name: string }[];
    byTable.set(table, (cols = new Set(info.map((c) => c.name))));
  }
  return cols;
}

export class Writer {
  private head: { seq: number; hash: string };
  readonly opId: number;
  readonly at: string;

  constructor(
    private readonly db: Db,
    private readonly meta: WriteMeta,
    private readonly setup: WriteSetup,
  ) {
    const last = prepared(db, 'SELECT seq, hash, op_id FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string; op_id: number }
      | undefined;
    this.head = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    this.opId = (last?.op_id ?? 0) + 1;
    this.at = new Date().toISOString();
  }

  get(entity: EntityName, id: number): Row | undefined {
    return prepared(this.db, `SELECT * FROM ${ENTITY_TABLES[entity]} WHERE id = ?`).get(id) as Row | undefined;
  }

  insert(entity: EntityName, values: Row, id?: number): Row {
    const table = ENTITY_TABLES[entity];
    const cols = columnsOf(this.db, table);
    const row: Row = { ...values };
    if (cols.has('created_at')) row.created_at ??= this.at;
    if (cols.has('updated_at')) row.updated_at = this.at;
    if (id !== undefined) {
      if (this.get(entity, id)) throw new AppError('CONFLICT', `编号 ${id} 已被占用，无法恢复该行`);
      row.id = id;
    }
    this.checkColumns(table, cols, row);
    this.setup.validators[entity]?.(row);
    const keys = Object.keys(row);
    const sql = `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`;
    const info = prepared(this.db, sql).run(...keys.map((k) => toSql(row[k])));
    const after = this.get(entity, Number(info.lastInsertRowid))!;
    this.audit('insert', entity, Number(after.id), null, after);
    return after;
  }

  /** Applies `patch`; returns null when nothing actually changed (no audit entry then). */
  update(entity: EntityName, id: number, patch: Row): { before: Row; after: Row } | null {
    const table = ENTITY_TABLES[entity];
    const before = this.get(entity, id);
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的${entityLabel(entity)}，可能已被删除`);
    const cols = columnsOf(this.db, table);
    const changed = Object.keys(patch).filter((k) => k !== 'id' && !sameValue(before[k], toSql(patch[k])));
    if (changed.length === 0) return null;
    const next: Row = { ...before };
    for (const k of changed) next[k] = patch[k];
    if (cols.has('updated_at')) {
      next.updated_at = this.at;
      if (!changed.includes('updated_at')) changed.push('updated_at');
    }
    this.checkColumns(table, cols, next);
    this.setup.validators[entity]?.(next);
    const sql = `UPDATE ${table} SET ${changed.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`;
    prepared(this.db, sql).run(...changed.map((k) => toSql(next[k])), id);
    const after = this.get(entity, id)!;
    this.audit('update', entity, id, before, after);
    return { before, after };
  }

  remove(entity: EntityName, id: number): Row {
    const before = this.get(entity, id);
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的${entityLabel(entity)}，可能已被删除`);
    prepared(this.db, `DELETE FROM ${ENTITY_TABLES[entity]} WHERE id = ?`).run(id);
    this.audit('delete', entity, id, before, null);
    return before;
  }

  private checkColumns(table: string, cols: Set<string>, row: Row): void {
    for (const k of Object.keys(row)) {
      if (!cols.has(k)) throw new AppError('INTERNAL', `内部错误：表 ${table} 没有列 ${k}`);
    }
  }

  private audit(action: string, entity: EntityName, entityId: number, before: Row | null, after: Row | null): void {
    const fields: AuditFields = {
      seq: this.head.seq + 1,
      at: this.at,
      actor: this.meta.actor,
      action,
      label: this.meta.label,
      op_id: this.opId,
      entity,
      entity_id: entityId,
      before_json: before ? JSON.stringify(before) : null,
      after_json: after ? JSON.stringify(after) : null,
    };
    const hash = entryHash(this.head.hash, fields);
    prepared(
      this.db,
      `INSERT INTO audit_log (seq, at, actor, action, label, op_id, entity, entity_id, before_json, after_json, prev_hash, hash)
       VALUES (@seq, @at, @actor, @action, @label, @op_id, @entity, @entity_id, @before_json, @after_json, @prev_hash, @hash)`,
    ).run({ ...fields, prev_hash: this.head.hash, hash });
    this.head = { seq: fields.seq, hash };
  }
}

/** Run `fn` as one audited, atomic change. */
export function write<T>(db: Db, meta: WriteMeta, setup: WriteSetup, fn: (w: Writer) => T): T {
  const tx = db.transaction(() => fn(new Writer(db, meta, setup)));
  try {
    return tx.immediate();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { code?: string; message?: string };
    if (e.code === 'SQLITE_FULL') throw new AppError('DISK_FULL', '磁盘空间已满，本次修改未保存（台账保持修改前的状态）');
    if (e.code === 'SQLITE_BUSY') throw new AppError('LEDGER_BUSY', '台账正被另一个程序写入，请稍后再试');
    if (e.code === 'SQLITE_READONLY') throw new AppError('NOT_WRITABLE', '台账文件是只读的，无法保存修改');
    throw err;
  }
}

function toSql(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

const ENTITY_LABELS: Record<EntityName, string> = {
  record: '记录',
  purchaser: '购买主体',
  supplier: '供应商',
  product: '产品',
  pairedRegion: '帮扶地区',
  settings: '设置',
  importBatch: '导入批次',
  importMapping: '导入列对应',
};
export function entityLabel(entity: EntityName): string {
  return ENTITY_LABELS[entity];
}
