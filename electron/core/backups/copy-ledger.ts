/**
 * A whole ledger copied to another place: a file onto a PostgreSQL server (an office moving to
 * a shared ledger), a server ledger into a file (its backup, and the way back to one PC).
 * Every table row by row as stored — the audit log included, so the copy's chain is the
 * original's and `verify` holds on both ends — read from one consistent snapshot of the source,
 * written in one transaction (a server) or to a hidden file renamed into place (a file), then
 * verified before it is kept. Nothing goes through the write path: the copy adds no history,
 * it carries the history there is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isPostgresAddress, withoutPassword } from '../../../shared/ledger-address';
import { AppError } from '../../../shared/result';
import { verifyLedger } from '../audit/verify';
import { isPostgres, isSqlite, openDatabase, type Db } from '../db/connection';
import { migrate } from '../db/migrate';
import { createPostgresLedgerSchema, PG_BASELINE_VERSION, postgresSchemaVersion } from '../db/pg/baseline-schema';
import { migratePostgresLedger } from '../db/pg/migrate-postgres';
import { copyDocuments } from '../attachments/copy-documents';
import { documentStoreOf, type DocumentStore } from '../attachments/document-store';
import { filesDirOf } from '../attachments/store';
import { verifyAttachments } from '../attachments/verify';
import { PgDb } from '../db/pg/pg-db';
import { setNextId } from '../db/pg/sequences';
import { PgSyncClient } from '../db/pg/sync-client';
import { ENTITY_TABLES, nextId, type EntityName } from '../db/write-path';
import type { Job } from '../jobs/registry';
import { COPY_ORDER } from './copy-order';

/** Rows read per page and written per statement. */
const PAGE = 2000;
const ROWS_PER_INSERT = 200;

export interface CopyOutcome {
  target: string;
  records: number;
  auditEntries: number;
}

export interface CopyOptions {
  /** the built PostgreSQL connection thread (Electron build) */
  pgThreadUrl?: string;
  /** progress for the window (table and rows), and 取消: checked between pages */
  job?: Job;
  /** where the source ledger is, so its documents are copied too; without it a ledger with documents is refused */
  sourcePath?: string;
}

export async function copyLedger(source: Db, target: string, opts: CopyOptions = {}): Promise<CopyOutcome> {
  if (opts.sourcePath === undefined) refuseDocuments(source);
  return isPostgresAddress(target) ? copyToServer(source, target, opts) : copyToFile(source, path.resolve(target), opts);
}

async function copyToServer(source: Db, url: string, opts: CopyOptions): Promise<CopyOutcome> {
  const target = new PgDb(new PgSyncClient(url, { threadUrl: opts.pgThreadUrl, applicationName: 'bangfu-ledger copy' }));
  try {
    if (postgresSchemaVersion(target) !== null) {
      throw new AppError('LEDGER_EXISTS', `数据库“${withoutPassword(url)}”中已有台账；为避免覆盖已有数据，请换一个空数据库`);
    }
    // One transaction: the server holds the whole ledger or nothing of it.
    const outcome = await inOneTransaction(target, async () => {
      createPostgresLedgerSchema(target);
      // up to the app's version, as the file side's migrate() is (migration 13: the documents' tables)
      migratePostgresLedger(target, PG_BASELINE_VERSION);
      const copied = await copyRows(source, target, opts, documentStoreOf(target, withoutPassword(url)));
      refuseUnverified(target, withoutPassword(url), opts.job);
      return copied;
    });
    return { target: withoutPassword(url), ...outcome };
  } finally {
    target.close();
  }
}

async function copyToFile(source: Db, file: string, opts: CopyOptions): Promise<CopyOutcome> {
  if (fs.existsSync(file)) throw new AppError('FILE_EXISTS', `文件“${file}”已存在，为避免覆盖，请换一个文件名`);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.copy.tmp`);
  const target = openDatabase(temp, { mode: 'create' });
  // the copy's documents go beside the file it will be (`<file>.files`), removed again if it fails
  const hadDocuments = fs.existsSync(filesDirOf(file));
  try {
    // (the schema first, at the version the source has: both are at the app's current version)
    await migrate(target, temp);
    const outcome = await inOneTransaction(target, () => copyRows(source, target, opts, documentStoreOf(target, file)));
    refuseUnverified(target, file, opts.job);
    target.pragma('journal_mode = DELETE');
    target.close();
    fs.renameSync(temp, file);
    return { target: file, ...outcome };
  } catch (err) {
    if (target.open) target.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(temp + suffix, { force: true });
    if (!hadDocuments) fs.rmSync(filesDirOf(file), { recursive: true, force: true });
    throw err;
  }
}

/**
 * `fn` as one transaction of `db` that awaits between statements (to answer the window's
 * progress and 取消 calls). Safe because the core serves one operation at a time: nothing else
 * uses this connection until the handler that called this returns.
 */
async function inOneTransaction<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  db.prepare('BEGIN').run();
  try {
    const result = await fn();
    db.prepare('COMMIT').run();
    return result;
  } catch (err) {
    if (db.inTransaction) db.prepare('ROLLBACK').run();
    throw err;
  }
}

/** Every table, from one snapshot of the source; the ids' next numbers carried over. */
async function copyRows(source: Db, target: Db, opts: CopyOptions, documents: DocumentStore): Promise<{ records: number; auditEntries: number }> {
  const counts = new Map<string, number>();
  await readSnapshot(source, async () => {
    if (opts.sourcePath !== undefined) {
      opts.job?.report('正在复制附件');
      copyDocuments(source, documentStoreOf(source, opts.sourcePath), documents);
    }
    const total = totalRows(source);
    let done = 0;
    for (const { table, key } of COPY_ORDER) {
      const n = await copyTable(source, target, table, key, (rows) => {
        opts.job?.report(`正在复制${TABLE_LABELS[table] ?? '台账数据'}`, done + rows, total);
        return opts.job?.checkpoint();
      });
      counts.set(table, n);
      done += n;
    }
    for (const entity of Object.keys(ENTITY_TABLES) as EntityName[]) setNext(target, ENTITY_TABLES[entity], nextId(source, entity));
  });
  return { records: counts.get('records') ?? 0, auditEntries: counts.get('audit_log') ?? 0 };
}

/** What the progress bar names while a table is copied (the rest is "台账数据"). */
const TABLE_LABELS: Record<string, string> = { records: '记录', audit_log: '操作记录', attachments: '附件信息', attachment_links: '附件关联', certificates: '证书' };

function totalRows(source: Db): number {
  return COPY_ORDER.reduce((n, { table }) => n + (source.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number), 0);
}

/** Reads from one moment of the source, whatever other staff or programs write meanwhile. */
async function readSnapshot(db: Db, read: () => Promise<void>): Promise<void> {
  db.prepare(isPostgres(db) ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN').run();
  try {
    await read();
  } finally {
    db.prepare('COMMIT').run();
  }
}

/** One table, a page at a time; `afterPage` reports and may stop the copy (取消) between pages. */
async function copyTable(source: Db, target: Db, table: string, key: string, afterPage: (rows: number) => Promise<void> | undefined): Promise<number> {
  // purchasers.employer_id may point at a purchaser with a higher id: set once all are there
  const selfRefs: [number, number][] = [];
  let after: number | null = null;
  let copied = 0;
  for (;;) {
    const rows = source
      .prepare(`SELECT * FROM ${table} ${after === null ? '' : `WHERE ${key} > ?`} ORDER BY ${key} LIMIT ${PAGE}`)
      .all(...(after === null ? [] : [after])) as Record<string, unknown>[];
    if (rows.length === 0) break;
    if (table === 'purchasers') {
      for (const r of rows) {
        if (r.employer_id !== null && r.employer_id !== undefined) selfRefs.push([Number(r.id), Number(r.employer_id)]);
        r.employer_id = null;
      }
    }
    insertRows(target, table, rows);
    copied += rows.length;
    after = Number(rows[rows.length - 1][key]);
    await afterPage(copied);
  }
  for (const [id, employer] of selfRefs) target.prepare('UPDATE purchasers SET employer_id = ? WHERE id = ?').run(employer, id);
  return copied;
}

function insertRows(target: Db, table: string, rows: Record<string, unknown>[]): void {
  const columns = Object.keys(rows[0]);
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const slice = rows.slice(i, i + ROWS_PER_INSERT);
    const one = `(${columns.map(() => '?').join(', ')})`;
    const values: unknown[] = [];
    for (const r of slice) for (const c of columns) values.push(r[c] ?? null);
    target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice.map(() => one).join(', ')}`).run(values);
  }
}

/** The copy's next id of a table is the source's: a number deleted there is not handed out here. */
function setNext(target: Db, table: string, next: number): void {
  if (isPostgres(target)) return setNextId(target, table, next);
  if (!isSqlite(target) || next <= 1 || table === 'office_settings') return;
  const updated = target.prepare('UPDATE sqlite_sequence SET seq = ? WHERE name = ?').run(next - 1, table).changes;
  if (updated === 0) target.prepare('INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)').run(table, next - 1);
}

function refuseUnverified(target: Db, where: string, job?: Job): void {
  job?.report('正在校验副本');
  const problems = [...verifyLedger(target), ...verifyAttachments(target, where)];
  if (problems.length > 0) {
    throw new AppError('COPY_UNVERIFIED', `复制到“${where}”的台账未通过校验（${problems[0].message}），未保留该副本`, { problems: problems.slice(0, 10) });
  }
}

/**
 * A ledger's documents are copied from its store (attachments/copy-documents.ts), which needs
 * to know where the source is: a caller that does not say (CopyOptions.sourcePath) gets a ledger
 * with documents refused rather than copied without them.
 */
function refuseDocuments(source: Db): void {
  const n = source.prepare('SELECT count(*) FROM attachments').pluck().get() as number;
  if (n > 0) throw new AppError('NOT_ON_POSTGRES', `该台账有 ${n} 个附件；含附件的台账暂不能在文件与 PostgreSQL 之间复制`);
}
