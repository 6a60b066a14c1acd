/**
 * THE write path. Every change to the ledger goes through `write()`: it validates the row,
 * writes it, and appends a hash-chained audit entry, all in one IMMEDIATE transaction
 * (taking the write lock up front, so the app and the CLI on one ledger queue instead of
 * failing half-way). Nothing else in the core issues INSERT/UPDATE/DELETE on these tables.
 */
import { AppError } from '../../../shared/result';
import { ENTITY_LABELS } from '../../../shared/domain/entity-labels';
import { entryHash, GENESIS_HASH, rowDigest, type AuditFields } from './audit-chain';
import { isPostgres, type Db, type SqliteDb } from './connection';
import { ledgerLockFree, lockLedgerForTransaction } from './pg/ledger-lock';
import { advancePastInsertedIds, peekNextId } from './pg/sequences';
import { postgresTableInfo } from './pg/table-info';
import { prepared, type Statement } from './statements';

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
  period: 'periods',
  checkWaiver: 'check_waivers',
  purchaserPlan: 'purchaser_plans',
  attachment: 'attachments',
  attachmentLink: 'attachment_links',
  certificate: 'certificates',
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

/**
 * Refuses a change by what it touches, before and after (e.g. the period lock: no record of a
 * submitted month may be inserted, changed or deleted). Made once per transaction, so it may
 * cache what it reads; it sees every change, its own entity's included, to refresh that cache.
 */
export type ChangeGuard = (entity: EntityName, before: Row | null, after: Row | null) => void;

export interface WriteSetup {
  validators: Partial<Record<EntityName, RowValidator>>;
  guards?: ((db: Db) => ChangeGuard)[];
  /**
   * Runs in the transaction before it commits, with the ids of the records it inserted, changed
   * or deleted: data derived from records that the database cannot derive itself (PostgreSQL's
   * pinyin sort keys: records/sort-keys.ts keepSortKeys).
   */
  afterChange?: (db: Db, recordIds: number[]) => void;
  /**
   * With afterChange: records a bulk insert just wrote (new ids: nothing derived from them
   * exists yet), handed over as written instead of by id, so their derived data is made from
   * the rows in hand rather than read back (records/sort-keys.ts insertSortKeys).
   */
  afterBulkInsert?: (db: Db, rows: readonly Row[]) => void;
}

type Affinity = 'TEXT' | 'INTEGER' | 'REAL';
interface TableShape {
  /** columns in table order, with the affinity the write path enforces */
  columns: [string, Affinity][];
  byName: Map<string, Affinity>;
  /** columns with a SQL DEFAULT: when an insert omits one, only a read-back knows the stored value */
  defaulted: string[];
}

interface ColumnInfo {
  name: string;
  type: string;
  dflt_value: unknown;
}

const shapeCache = new WeakMap<Db, Map<string, TableShape>>();
function shapeOf(db: Db, table: string): TableShape {
  let byTable = shapeCache.get(db);
  if (!byTable) shapeCache.set(db, (byTable = new Map()));
  let shape = byTable.get(table);
  if (!shape) {
    const info = isPostgres(db) ? postgresTableInfo(db, table) : ((db as SqliteDb).pragma(`table_info(${table})`) as ColumnInfo[]);
    const columns = info.map((c): [string, Affinity] => [c.name, /INT/i.test(c.type) ? 'INTEGER' : /REAL|FLOA|DOUB/i.test(c.type) ? 'REAL' : 'TEXT']);
    const defaulted = info.filter((c) => c.dflt_value !== null).map((c) => c.name);
    byTable.set(table, (shape = { columns, byName: new Map(columns), defaulted }));
  }
  return shape;
}

/**
 * Values must already have their column's type (SQLite would silently convert '12' to 12):
 * then the row as written is exactly the row as stored, and the audit entry can record it
 * without reading it back.
 */
function checkTypes(table: string, shape: TableShape, row: Row): void {
  for (const [k, v] of Object.entries(row)) {
    const affinity = shape.byName.get(k);
    if (!affinity) throw new AppError('INTERNAL', `内部错误：表 ${table} 没有列 ${k}`);
    checkType(table, k, affinity, v);
  }
}

function checkType(table: string, column: string, affinity: Affinity, v: unknown): void {
  if (v === null) return;
  const ok = affinity === 'TEXT' ? typeof v === 'string' : affinity === 'INTEGER' ? Number.isSafeInteger(v) : typeof v === 'number' && Number.isFinite(v);
  if (!ok) throw new AppError('VALIDATION', `“${String(v)}”不能写入 ${table}.${column}（应为${affinity === 'TEXT' ? '文字' : affinity === 'INTEGER' ? '整数' : '数字'}）`);
}

/** The stored row in column order (what SELECT * returns), from the values written. */
function storedRow(shape: TableShape, row: Row): Row {
  const out: Row = {};
  for (const [name] of shape.columns) out[name] = row[name] ?? null;
  return out;
}

/** What `prepareRows` needs of a table: its name and typed columns (plain data: it crosses to a worker). */
export interface TableColumns {
  table: string;
  columns: [string, Affinity][];
}

export function tableShape(db: Db, entity: EntityName): TableColumns {
  const table = ENTITY_TABLES[entity];
  return { table, columns: shapeOf(db, table).columns };
}

/** Rows ready to write: stored form (SELECT * order, typed, stamped, numbered, validated) and their audit digests. */
export interface PreparedRows {
  rows: Row[];
  digests: string[];
}

/**
 * The database-free half of a bulk insert: each row built in column order (what SELECT *
 * returns), a key that is not a column or a value of the wrong type refused as `insert` does,
 * created/updated stamped, numbered from `firstId`, validated, and digested for its audit
 * entry. Pure, so the demo can run it in a worker thread while the writer writes.
 */
export function prepareRows(shape: TableColumns, rows: Iterable<Row>, opts: { at: string; firstId: number; validate?: RowValidator }): PreparedRows {
  const { table, columns } = shape;
  const byName = new Map(columns);
  const stamped = { created: byName.has('created_at'), updated: byName.has('updated_at') };
  const out: Row[] = [];
  const digests: string[] = [];
  let id = opts.firstId;
  for (const values of rows) {
    const row: Row = {};
    let known = 0;
    for (const [name, affinity] of columns) {
      if (name in values) known++;
      const v = values[name];
      if (v === undefined) {
        row[name] = null;
        continue;
      }
      const sv = toSql(v);
      checkType(table, name, affinity, sv);
      row[name] = sv;
    }
    if (known !== Object.keys(values).length) checkTypes(table, { columns, byName, defaulted: [] }, values);
    if (stamped.created) row.created_at ??= opts.at;
    if (stamped.updated) row.updated_at = opts.at;
    row.id = id++;
    opts.validate?.(row);
    out.push(row);
    digests.push(rowDigest(row));
  }
  return { rows: out, digests };
}

export class Writer {
  private head: { seq: number; hash: string };
  private readonly guards: ChangeGuard[];
  readonly opId: number;
  readonly at: string;

  constructor(
    readonly db: Db,
    private readonly meta: WriteMeta,
    private readonly setup: WriteSetup,
  ) {
    const last = prepared(db, 'SELECT seq, hash, op_id FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string; op_id: number }
      | undefined;
    this.head = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    this.opId = (last?.op_id ?? 0) + 1;
    this.at = new Date().toISOString();
    this.guards = (setup.guards ?? []).map((make) => make(db));
  }

  private guard(entity: EntityName, before: Row | null, after: Row | null): void {
    for (const g of this.guards) g(entity, before, after);
  }

  private lastInsert: { table: string; keys: string[]; stmt: Statement } | null = null;

  /** Bulk inserts repeat one column list: reuse its statement without rebuilding the SQL text. */
  private insertStatement(table: string, keys: string[]): Statement {
    const last = this.lastInsert;
    if (last && last.table === table && last.keys.length === keys.length && last.keys.every((k, i) => k === keys[i])) return last.stmt;
    // PostgreSQL tells the new row's id only when asked (lastInsertRowid reads it from there)
    const returning = isPostgres(this.db) ? ' RETURNING id' : '';
    const stmt = prepared(this.db, `INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})${returning}`);
    this.lastInsert = { table, keys, stmt };
    return stmt;
  }

  get(entity: EntityName, id: number): Row | undefined {
    return prepared(this.db, `SELECT * FROM ${ENTITY_TABLES[entity]} WHERE id = ?`).get(id) as Row | undefined;
  }

  insert(entity: EntityName, values: Row, id?: number): Row {
    const table = ENTITY_TABLES[entity];
    const shape = shapeOf(this.db, table);
    const row: Row = {};
    for (const [k, v] of Object.entries(values)) row[k] = toSql(v);
    if (shape.byName.has('created_at')) row.created_at ??= this.at;
    if (shape.byName.has('updated_at')) row.updated_at = this.at;
    if (id !== undefined) {
      if (this.get(entity, id)) throw new AppError('CONFLICT', `编号 ${id} 已被占用，无法恢复该行`);
      row.id = id;
    }
    checkTypes(table, shape, row);
    this.setup.validators[entity]?.(row);
    this.guard(entity, null, row);
    this.knownNextId.delete(entity);
    if (this.pendingAdvance.delete(table) && isPostgres(this.db)) advancePastInsertedIds(this.db, table);
    const keys = Object.keys(row);
    const info = this.insertStatement(table, keys).run(keys.map((k) => row[k]));
    row.id = Number(info.lastInsertRowid);
    if (id !== undefined && isPostgres(this.db)) advancePastInsertedIds(this.db, table);
    const after = shape.defaulted.some((c) => !(c in row)) ? this.get(entity, row.id as number)! : storedRow(shape, row);
    this.audit('insert', entity, Number(after.id), null, after);
    return after;
  }

  /**
   * Many inserts into one table, each validated and audited exactly as `insert` does, written
   * with multi-row statements: a 1,000,000-row demo or a 100,000-row import spends most of its
   * time in per-statement overhead otherwise. Ids are assigned here (from the table's
   * sqlite_sequence onwards, what SQLite would pick: `nextId`) so every audit entry can be built
   * before the rows are written; writing them advances the sequence. Each
   * entry keeps the row's digest, not a copy of it (migration 7): a million-row import would
   * otherwise triple the ledger's size.
   */
  insertMany(entity: EntityName, rows: Iterable<Row>): number {
    const shape = tableShape(this.db, entity);
    const validate = this.setup.validators[entity];
    let count = 0;
    let block: Row[] = [];
    const flush = () => {
      if (block.length === 0) return;
      count += this.insertPrepared(entity, prepareRows(shape, block, { at: this.at, firstId: this.nextId(entity), validate }));
      block = [];
    };
    for (const values of rows) {
      block.push(values);
      if (block.length === PREPARE_BLOCK) flush();
    }
    flush();
    return count;
  }

  /**
   * On a server, the next id after this write's own bulk insert: nothing else can insert
   * while it holds the ledger's lock, and asking the sequence and max(id) again cost two
   * round trips per 1,000 rows. Forgotten by any other insert into the table.
   */
  private readonly knownNextId = new Map<EntityName, number>();
  /** tables whose identity sequence has yet to be moved past this write's bulk-inserted ids */
  private readonly pendingAdvance = new Set<string>();

  /** The id the next inserted row of `entity` gets (see `nextId` below). */
  nextId(entity: EntityName): number {
    return this.knownNextId.get(entity) ?? nextId(this.db, entity);
  }

  /**
   * Writes rows made by `prepareRows` (here, or in a worker thread: the demo), with the guards
   * this transaction applies and one chained audit entry each. Refused if the ids they were
   * numbered with are no longer the next ones (another writer got in between).
   */
  insertPrepared(entity: EntityName, batch: PreparedRows): number {
    const table = ENTITY_TABLES[entity];
    if (batch.rows.length === 0) return 0;
    if (batch.rows[0].id !== this.nextId(entity)) throw new AppError('CONFLICT', '台账在批量写入期间被其他程序修改，本次写入未保存，请重试');
    const keys = tableShape(this.db, entity).columns.map(([name]) => name);
    // On a server the whole batch goes as one COPY (and its audit entries as another).
    const step = isPostgres(this.db) ? batch.rows.length : MANY_ROWS;
    const derivedNow = entity === 'record' && this.setup.afterChange !== undefined && this.setup.afterBulkInsert !== undefined;
    for (let i = 0; i < batch.rows.length; i += step) {
      const slice = batch.rows.slice(i, i + step);
      for (const row of slice) this.guard(entity, null, row);
      if (!isPostgres(this.db) || !this.db.copyRows(table, keys, slice.map((row) => keys.map((k) => row[k])))) {
        for (let j = 0; j < slice.length; j += MANY_ROWS) this.runMany(table, keys, slice.slice(j, j + MANY_ROWS));
      }
      for (let j = 0; j < slice.length; j++) this.audit('insert', entity, slice[j].id as number, null, null, batch.digests[i + j], !derivedNow);
      this.flushAudit();
      if (derivedNow) this.setup.afterBulkInsert!(this.db, slice);
    }
    if (isPostgres(this.db)) {
      // the sequence is moved past these ids once, before another insert or at the end (finish)
      this.pendingAdvance.add(table);
      this.knownNextId.set(entity, (batch.rows[batch.rows.length - 1].id as number) + 1);
    }
    return batch.rows.length;
  }

  private runMany(table: string, keys: string[], rows: Row[]): void {
    const sql = `INSERT INTO ${table} (${keys.join(', ')}) VALUES ${rows.map(() => `(${keys.map(() => '?').join(', ')})`).join(', ')}`;
    const params: unknown[] = [];
    for (const row of rows) for (const k of keys) params.push(row[k]);
    prepared(this.db, sql).run(params);
  }

  /** Applies `patch`; returns null when nothing actually changed (no audit entry then). */
  update(entity: EntityName, id: number, patch: Row): { before: Row; after: Row } | null {
    const table = ENTITY_TABLES[entity];
    const before = this.get(entity, id);
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的${entityLabel(entity)}，可能已被删除`);
    const shape = shapeOf(this.db, table);
    const changed = Object.keys(patch).filter((k) => k !== 'id' && !sameValue(before[k], toSql(patch[k])));
    if (changed.length === 0) return null;
    const next: Row = { ...before };
    for (const k of changed) next[k] = toSql(patch[k]);
    if (shape.byName.has('updated_at')) {
      next.updated_at = this.at;
      if (!changed.includes('updated_at')) changed.push('updated_at');
    }
    checkTypes(table, shape, next);
    this.setup.validators[entity]?.(next);
    this.guard(entity, before, next);
    const sql = `UPDATE ${table} SET ${changed.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`;
    prepared(this.db, sql).run([...changed.map((k) => next[k]), id]);
    const after = storedRow(shape, next);
    this.audit('update', entity, id, before, after);
    return { before, after };
  }

  remove(entity: EntityName, id: number): Row {
    const before = this.get(entity, id);
    if (!before) throw new AppError('NOT_FOUND', `找不到编号为 ${id} 的${entityLabel(entity)}，可能已被删除`);
    this.guard(entity, before, null);
    prepared(this.db, `DELETE FROM ${ENTITY_TABLES[entity]} WHERE id = ?`).run(id);
    this.audit('delete', entity, id, before, null);
    return before;
  }

  private auditQueue: unknown[][] = [];
  private touchedRecords: number[] = [];

  /** The write's last step inside its transaction (WriteSetup.afterChange). */
  finish(): void {
    if (isPostgres(this.db)) for (const table of this.pendingAdvance) advancePastInsertedIds(this.db, table);
    this.pendingAdvance.clear();
    if (this.touchedRecords.length === 0) return;
    this.setup.afterChange?.(this.db, this.touchedRecords);
    this.touchedRecords = [];
  }

  /**
   * Appends one chained entry. An entry with `afterDigest` (a bulk insert) is queued and
   * written with the others of its batch by `flushAudit`.
   */
  private audit(action: string, entity: EntityName, entityId: number, before: Row | null, after: Row | null, afterDigest: string | null = null, touches = true): void {
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
      after_sha256: afterDigest,
    };
    const hash = entryHash(this.head.hash, fields);
    const params = [fields.seq, fields.at, fields.actor, fields.action, fields.label, fields.op_id, fields.entity, fields.entity_id, fields.before_json, fields.after_json, this.head.hash, hash];
    this.head = { seq: fields.seq, hash };
    if (touches && entity === 'record' && this.setup.afterChange) this.touchedRecords.push(entityId);
    if (afterDigest !== null) this.auditQueue.push([...params, afterDigest]);
    else prepared(this.db, `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${AUDIT_ROW})`).run(params);
  }

  private flushAudit(): void {
    const queue = this.auditQueue;
    if (queue.length === 0) return;
    this.auditQueue = [];
    if (isPostgres(this.db)) {
      if (this.db.copyRows('audit_log', AUDIT_COPY_COLUMNS, queue)) return;
      for (let i = 0; i < queue.length; i += MANY_ROWS) this.insertAuditRows(queue.slice(i, i + MANY_ROWS));
      return;
    }
    this.insertAuditRows(queue);
  }

  private insertAuditRows(queue: unknown[][]): void {
    prepared(this.db, `INSERT INTO audit_log (${AUDIT_COLUMNS}, after_sha256) VALUES ${queue.map(() => `(${AUDIT_ROW}, ?)`).join(', ')}`).run(queue.flat());
  }
}

// Entries that keep the row itself are written exactly as before migration 7 (no after_sha256).
const AUDIT_COLUMNS = 'seq, at, actor, action, label, op_id, entity, entity_id, before_json, after_json, prev_hash, hash';
const AUDIT_ROW = AUDIT_COLUMNS.split(', ').map(() => '?').join(', ');
const AUDIT_COPY_COLUMNS = [...AUDIT_COLUMNS.split(', '), 'after_sha256'];
/**
 * Rows per multi-row statement (and per audit flush): 200 × 27 columns stays far below SQLite's
 * 32,766 parameters; with 40, a 100,000-row import's inserts took about a fifth longer here.
 */
const MANY_ROWS = 200;
/** Rows prepared at a time by insertMany: bounds memory for a large iterable. */
const PREPARE_BLOCK = 1_000;

/**
 * The id SQLite gives the next row of `entity`: one past the highest ever used. Every audited
 * table is AUTOINCREMENT (migration 9), so that is its sqlite_sequence entry, never lowered by a
 * delete, or max(id) when the table has never had a row. Rows inserted with explicit ids (a bulk
 * insert numbers its own) advance the sequence themselves.
 */
export function nextId(db: Db, entity: EntityName): number {
  const table = ENTITY_TABLES[entity];
  if (isPostgres(db)) return peekNextId(db, table);
  // (a ledger still on schema 8 or older, mid-upgrade or in a test, has no sqlite_sequence yet)
  const hasSequence = prepared(db, "SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_sequence'").get() !== undefined;
  const seq = hasSequence ? (prepared(db, 'SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table) as number | undefined) : undefined;
  const max = prepared(db, `SELECT max(id) FROM ${table}`).pluck().get() as number | null;
  return Math.max(seq ?? 0, max ?? 0) + 1;
}

function runWriter<T>(db: Db, meta: WriteMeta, setup: WriteSetup, fn: (w: Writer) => T): T {
  const w = new Writer(db, meta, setup);
  const result = fn(w);
  w.finish();
  return result;
}

/** Run `fn` as one audited, atomic change. */
export function write<T>(db: Db, meta: WriteMeta, setup: WriteSetup, fn: (w: Writer) => T): T {
  try {
    if (isPostgres(db)) {
      return db.transaction(() => {
        lockLedgerForTransaction(db);
        return runWriter(db, meta, setup, fn);
      })();
    }
    return (db as SqliteDb).transaction(() => runWriter(db, meta, setup, fn)).immediate();
  } catch (err) {
    throw writeError(err);
  }
}

/**
 * `write`, committed only once `ready` resolves (rolled back if it rejects): the change is
 * made now, while something it depends on finishes elsewhere — a drop's links are written
 * while the disk flushes the files they point at, instead of after. The write lock is held
 * across the wait. That is safe only because the core runs one operation at a time, so
 * nothing else uses this connection until the handler that called this returns.
 */
export async function writeWhen<T>(db: Db, meta: WriteMeta, setup: WriteSetup, fn: (w: Writer) => T, ready: Promise<unknown>): Promise<T> {
  try {
    prepared(db, isPostgres(db) ? 'BEGIN' : 'BEGIN IMMEDIATE').run();
    if (isPostgres(db)) lockLedgerForTransaction(db);
  } catch (err) {
    if (db.inTransaction) prepared(db, 'ROLLBACK').run();
    throw writeError(err);
  }
  try {
    const result = runWriter(db, meta, setup, fn);
    await ready;
    prepared(db, 'COMMIT').run();
    return result;
  } catch (err) {
    if (db.inTransaction) prepared(db, 'ROLLBACK').run();
    throw writeError(err);
  }
}

/**
 * Whether this connection could take the write lock right now (it takes it and lets go at
 * once, without waiting): what a writer that found the ledger busy polls, asynchronously,
 * before trying its change again (db/wait-for-writer.ts).
 */
export function writeLockFree(db: Db): boolean {
  if (db.inTransaction) return false;
  if (isPostgres(db)) return ledgerLockFree(db);
  const file = db as SqliteDb;
  const timeout = file.pragma('busy_timeout', { simple: true }) as number;
  file.pragma('busy_timeout = 0');
  try {
    prepared(db, 'BEGIN IMMEDIATE').run();
    prepared(db, 'ROLLBACK').run();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw err;
  } finally {
    file.pragma(`busy_timeout = ${timeout}`);
  }
}

/** A failed write as the user should hear it: SQLite's busy, full and read-only in Chinese, as AppErrors. */
export function writeError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_FULL') return new AppError('DISK_FULL', '磁盘空间已满，本次修改未保存（台账保持修改前的状态）');
  if (e.code === 'SQLITE_BUSY') return new AppError('LEDGER_BUSY', '台账正被另一个程序写入，请稍后再试');
  if (e.code === 'SQLITE_READONLY') return new AppError('NOT_WRITABLE', '台账文件是只读的，无法保存修改');
  // PostgreSQL's SQLSTATEs for the same: lock_not_available, disk_full, read-only, no privilege
  if (e.code === '55P03') return new AppError('LEDGER_BUSY', '台账正被另一位同事写入，请稍后再试');
  if (e.code === '53100') return new AppError('DISK_FULL', '数据库服务器磁盘空间已满，本次修改未保存（台账保持修改前的状态）');
  if (e.code === '25006') return new AppError('NOT_WRITABLE', '数据库处于只读状态，无法保存修改');
  if (e.code === '42501') return new AppError('NOT_WRITABLE', `当前数据库用户没有写入台账的权限：${e.message ?? ''}`);
  return err;
}

function toSql(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v === undefined ? null : v;
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

export function entityLabel(entity: EntityName): string {
  return ENTITY_LABELS[entity] ?? entity;
}
