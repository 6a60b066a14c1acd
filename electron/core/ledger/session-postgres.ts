/**
 * A ledger on a PostgreSQL server (issue 17): the office's shared ledger, opened by its
 * postgres:// address wherever a file path is accepted. The same core runs on it (db/pg/pg-db.ts);
 * what differs is here: the schema is made at its baseline instead of by SQLite's migrations,
 * and changes are attributed to the database user each staff member logs in as — never the
 * PC's account name, which says nothing on a shared server.
 *
 * Passwords are not part of what the app remembers: the address is kept without one, and the
 * server's password comes from the address as typed or from the user's pgpass file
 * (~/.pgpass, 0600; %APPDATA%\postgresql\pgpass.conf on Windows), which node-postgres reads.
 */
import { withoutPassword as ledgerAddress } from '../../../shared/ledger-address';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import { SCHEMA_VERSION } from '../db/migrations';
import { auditLogRewriteRisk } from '../db/pg/app-role';
import { createPostgresLedgerSchema, postgresSchemaVersion } from '../db/pg/baseline-schema';
import { migratePostgresLedger } from '../db/pg/migrate-postgres';
import { PgDb } from '../db/pg/pg-db';
import { PgSyncClient } from '../db/pg/sync-client';
import { healSortKeys } from '../records/sort-keys';
import { bind, writeNewLedgerSettings, type CreateLedgerInit, type SessionOptions } from './session';


function connect(url: string, opts: SessionOptions): PgDb {
  if (!URL.canParse(url)) throw new AppError('BAD_ARGS', `PostgreSQL 台账地址“${ledgerAddress(url)}”格式不正确，应为 postgres://用户名@服务器:端口/数据库名`);
  return new PgDb(new PgSyncClient(url, { threadUrl: opts.pgThreadUrl, applicationName: 'bangfu-ledger' }));
}

/** Who makes the changes on this connection: the database user the staff member logged in as. */
function databaseUser(db: PgDb): string {
  return db.prepare('SELECT current_user').pluck().get() as string;
}

export async function openPostgresLedger(url: string, opts: SessionOptions): Promise<LedgerSession> {
  const db = connect(url, opts);
  try {
    const version = postgresSchemaVersion(db);
    const shown = ledgerAddress(url);
    if (version === null) throw new AppError('NOT_A_LEDGER', `数据库“${shown}”中没有台账；可以用“新建台账”在其中建立`);
    if (version > SCHEMA_VERSION) {
      throw new AppError('LEDGER_TOO_NEW', `该台账由较新版本的程序创建（数据版本 ${version}，本程序支持到 ${SCHEMA_VERSION}），请升级程序后再打开`, {
        fileVersion: version,
        appVersion: SCHEMA_VERSION,
      });
    }
    migratePostgresLedger(db, version);
    healSortKeys(db);
    const session = bind(shown, db, { ...opts, actor: databaseUser(db) }, ownerNotice(db));
    if (!db.prepare('SELECT 1 FROM office_settings WHERE id = 1').get()) {
      throw new AppError('LEDGER_INCOMPLETE', `“${shown}”缺少单位设置，不是完整的台账`);
    }
    return session;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Said once on opening when the staff member is connected as the ledger's owner (or a
 * superuser): then only a trigger the owner could drop keeps the audit log append-only.
 */
function ownerNotice(db: PgDb): string | null {
  const risk = auditLogRewriteRisk(db);
  if (risk === null) return null;
  return '您正以台账所有者（或超级用户）身份连接：这样连接时，操作记录只靠触发器防止改写。建议为每位工作人员建立普通数据库用户，并用“npm run cli -- grant <台账地址> --user 用户名”授权后，以各自的用户名打开台账。';
}

export async function createPostgresLedger(url: string, init: CreateLedgerInit, opts: SessionOptions): Promise<LedgerSession> {
  const db = connect(url, opts);
  try {
    const shown = ledgerAddress(url);
    if (postgresSchemaVersion(db) !== null) {
      throw new AppError('LEDGER_EXISTS', `数据库“${shown}”中已有台账；为避免覆盖已有数据，请直接打开它或换一个数据库`);
    }
    createPostgresLedgerSchema(db);
    migratePostgresLedger(db, postgresSchemaVersion(db)!);
    const session = bind(shown, db, { ...opts, actor: databaseUser(db) }, null);
    writeNewLedgerSettings(session, init, opts.reference);
    return session;
  } catch (err) {
    db.close();
    throw err;
  }
}
