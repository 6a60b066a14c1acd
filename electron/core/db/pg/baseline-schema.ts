/**
 * A PostgreSQL ledger is born at schema 12 (PG_BASELINE_VERSION): it never runs SQLite's
 * migrations 001…012, it is created whole from their result (baseline-ddl.ts), and every later
 * migration carries a `postgres` form beside its SQLite one (migrations/types.ts).
 * `ledger_meta` stands in for a ledger file's PRAGMA application_id / user_version.
 */
import { AppError } from '../../../../shared/result';
import { dialectOf, type LedgerDb } from '../ledger-db';
import { MIGRATIONS, type Migration } from '../migrations';
import { AUDIT_APPEND_ONLY_SQL } from './append-only';
import { BASELINE_TABLES_SQL } from './baseline-ddl';
import { COMPAT_FUNCTIONS_SQL } from './compat-functions';

export const PG_BASELINE_VERSION = 12;
/** 'BFTZ', the same mark as a ledger file's application_id (connection.ts APPLICATION_ID) */
export const LEDGER_APPLICATION = 'BFTZ';
export const META_TABLE = 'ledger_meta';

const META_SQL = `
CREATE TABLE ${META_TABLE} (
  id integer PRIMARY KEY CHECK (id = 1),
  application text NOT NULL,
  schema_version integer NOT NULL,
  created_at text NOT NULL
);`;

/**
 * The schema the ledger lives in: the first of the connection's search_path that exists
 * (normally `public`). Everything here reads and writes unqualified names, as the core does.
 */
export function ledgerSchemaName(db: LedgerDb): string {
  const schema = db.prepare('SELECT current_schema()').pluck().get() as string | null;
  if (!schema) throw new AppError('NOT_A_LEDGER', 'PostgreSQL 连接的 search_path 中没有可用的 schema');
  return schema;
}

/**
 * Creates a ledger in an empty database, all of it or nothing (one transaction). Refuses a
 * database that already holds a ledger or anything else: a ledger is never overwritten.
 */
export function createPostgresLedgerSchema(db: LedgerDb, createdAt = new Date().toISOString()): void {
  if (dialectOf(db) !== 'postgres') throw new TypeError('createPostgresLedgerSchema needs a PostgreSQL connection');
  db.transaction(() => {
    refuseNonEmpty(db);
    db.exec(META_SQL + BASELINE_TABLES_SQL + AUDIT_APPEND_ONLY_SQL + COMPAT_FUNCTIONS_SQL);
    db.prepare(`INSERT INTO ${META_TABLE} (id, application, schema_version, created_at) VALUES (1, ?, ?, ?)`).run(LEDGER_APPLICATION, PG_BASELINE_VERSION, createdAt);
  })();
}

function refuseNonEmpty(db: LedgerDb): void {
  const schema = ledgerSchemaName(db);
  if (postgresSchemaVersion(db) !== null) {
    throw new AppError('LEDGER_EXISTS', `该 PostgreSQL 数据库（schema ${schema}）中已有台账；为避免覆盖已有数据，请直接打开它或换一个数据库`);
  }
  const others = db
    .prepare("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')")
    .pluck()
    .get(schema) as number;
  if (others > 0) {
    throw new AppError('NOT_A_LEDGER', `该 PostgreSQL 数据库（schema ${schema}）中已有 ${others} 个其他的表或序列，不是空数据库；请为台账新建一个空数据库`);
  }
}

/**
 * The ledger's schema version; null when the database holds no ledger (no ledger_meta).
 * A ledger_meta that is not ours is refused, as a file with another application_id is.
 */
export function postgresSchemaVersion(db: LedgerDb): number | null {
  const exists = db.prepare('SELECT to_regclass(?) IS NOT NULL').pluck().get(META_TABLE) as boolean;
  if (!exists) return null;
  const rows = db.prepare(`SELECT application, schema_version FROM ${META_TABLE}`).all() as { application: string; schema_version: number }[];
  if (rows.length !== 1 || rows[0].application !== LEDGER_APPLICATION) {
    throw new AppError('NOT_A_LEDGER', '该 PostgreSQL 数据库中的 ledger_meta 不是帮扶台账的');
  }
  return rows[0].schema_version;
}

/** For the PostgreSQL form of a migration: the version moves inside its transaction. */
export function setPostgresSchemaVersion(db: LedgerDb, version: number): void {
  db.prepare(`UPDATE ${META_TABLE} SET schema_version = ?`).run(version);
}

/**
 * The migrations a PostgreSQL ledger at `version` still needs, in order. One without its
 * PostgreSQL form cannot run there: refused, so such a migration is caught by its test before
 * it ships rather than on an office's server.
 */
export function postgresMigrationsAfter(version: number, migrations: readonly Migration[] = MIGRATIONS): (Migration & Required<Pick<Migration, 'postgres'>>)[] {
  const pending = migrations.filter((m) => m.version > Math.max(version, PG_BASELINE_VERSION));
  const missing = pending.filter((m) => !m.postgres);
  if (missing.length > 0) {
    throw new Error(`migration ${missing.map((m) => `${m.version} (${m.name})`).join(', ')} has no PostgreSQL form (Migration.postgres)`);
  }
  return pending as (Migration & Required<Pick<Migration, 'postgres'>>)[];
}
