/**
 * The two ledgers a schema comparison needs, both new and empty: a ledger file migrated up to
 * PG_BASELINE_VERSION, and a PostgreSQL database given the baseline (db/pg/baseline-schema.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDb } from '../../electron/core/db/connection';
import { migrate } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { createPostgresLedgerSchema, PG_BASELINE_VERSION } from '../../electron/core/db/pg/baseline-schema';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { freshPgDatabase } from './pg-database';

export interface SchemaPair {
  file: SqliteDb;
  pg: PgDb;
  /** the PostgreSQL database's address, for connecting as another role */
  pgUrl: string;
  dispose(): void;
}

/** `beforeCreate` sees the PostgreSQL database while it is still empty. */
export async function openSchemaPair(beforeCreate: (pg: PgDb) => void = () => undefined): Promise<SchemaPair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-pgschema-'));
  const ledgerFile = path.join(dir, 'ledger.db');
  const file = openDatabase(ledgerFile, { mode: 'create' });
  await migrate(file, ledgerFile, MIGRATIONS.filter((m) => m.version <= PG_BASELINE_VERSION));
  const database = freshPgDatabase('schema');
  const pg = new PgDb(new PgSyncClient(database.url));
  beforeCreate(pg);
  createPostgresLedgerSchema(pg);
  return {
    file,
    pg,
    pgUrl: database.url,
    dispose() {
      pg.close();
      database.drop();
      file.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
