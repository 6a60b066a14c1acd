/**
 * The two places a ledger's data can live, as one parameter for tests that must hold on both:
 * `describe.each(BACKENDS)('… on %s', (backend) => …)`. Each `open()` is a fresh, empty database
 * (a temp SQLite file, or a new database in the run's throwaway PostgreSQL cluster).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/connection';
import type { LedgerDb } from '../../electron/core/db/ledger-db';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { freshPgDatabase } from './pg-database';

export interface OpenedBackend {
  db: LedgerDb;
  /** where it is: a file path or a postgres:// address */
  address: string;
  dispose(): void;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  open(): OpenedBackend;
  toString(): string;
}

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-sqlite-'));
      const file = path.join(dir, 'ledger.db');
      const db = openDatabase(file, { mode: 'create' });
      return {
        db,
        address: file,
        dispose() {
          db.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
    toString: () => 'sqlite',
  },
  {
    name: 'postgres',
    open() {
      const database = freshPgDatabase('ledger');
      const db = new PgDb(new PgSyncClient(database.url));
      return {
        db,
        address: database.url,
        dispose() {
          db.close();
          database.drop();
        },
      };
    },
    toString: () => 'postgres',
  },
];
