/** Test helpers: real temp folders, real ledger files, a core as every door uses it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { createCore, type Core } from '../../electron/core/core';
import type { LedgerDb } from '../../electron/core/db/ledger-db';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { isPostgresAddress } from '../../shared/ledger-address';
import { freshPgDatabase } from '../support/pg-database';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

export function tempDir(prefix = 'ledger-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function newCore(dataDir = tempDir()): Core {
  const core = createCore({ dataDir, actor: '测试员' });
  cleanups.unshift(() => core.close());
  return core;
}

/**
 * Where `coreWithLedger` makes its ledger: a file (default), or with LEDGER_BACKEND=postgres a
 * fresh database of the run's throwaway cluster — the same tests then run on PostgreSQL
 * (`npm run test:pg`; issue 17: every core test on both backends).
 */
export const TEST_BACKEND = process.env.LEDGER_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

function ledgerLocation(name: string): string {
  return TEST_BACKEND === 'sqlite' ? name : serverDatabase('core').url;
}

/** A fresh database in the run's PostgreSQL cluster, dropped after the test (after the cores that hold it open are closed). */
export function serverDatabase(prefix = 't'): { url: string } {
  const database = freshPgDatabase(prefix);
  cleanups.unshift(() => database.drop());
  return { url: database.url };
}

/** A core with a fresh ledger open. */
export async function coreWithLedger(name = 'test.db', where: 'either' | 'file' = 'either'): Promise<{ core: Core; file: string; dir: string }> {
  const dir = tempDir();
  const core = newCore(dir);
  const path = where === 'file' ? name : ledgerLocation(name);
  const status = await core.call('ledger/create', { path, officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
  return { core, file: status.path!, dir };
}

/** A core with a fresh ledger FILE open, whatever LEDGER_BACKEND says: for what only a file has (pragmas, its bytes). */
export function coreWithLedgerFile(name = 'test.db'): Promise<{ core: Core; file: string; dir: string }> {
  return coreWithLedger(name, 'file');
}

/**
 * Reads a ledger beside the core, as a test checks what was written: `file` from coreWithLedger,
 * a file (opened read-only) or a postgres:// address (a connection of its own).
 */
export function readLedger<T>(file: string, read: (db: LedgerDb) => T): T {
  const db: LedgerDb = isPostgresAddress(file) ? new PgDb(new PgSyncClient(file)) : new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export const SAMPLE = {
  date: '2021-11-05',
  purchaserName: '上海市松江区中心医院',
  creditCode: '12310117425030498D',
  purchaserType: '医疗卫生机构',
  productName: '勐海普洱茶',
  category: '茶叶',
  originCode: '532822',
  supplierName: '勐海县茶叶专业合作社',
  quantity: 10,
  unit: '盒',
  unitPrice: 128.5,
  amountFen: 128500,
  channel: '食堂直采',
  invoiceNo: '21312000000012345678',
  households: 3,
  kind: '货物',
} as const;
