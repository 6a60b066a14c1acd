/**
 * Fill an empty ledger with realistic demo data through the write path (so the demo ledger
 * verifies like a real one). Large loads make their rows in a worker thread while this one
 * writes (rows-pipeline.ts), and drop and rebuild the bulk indexes (db/bulk-indexes.ts).
 */
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import { BULK_ROWS, withBulkIndexesDropped } from '../db/bulk-indexes';
import { isSqlite } from '../db/connection';
import { nextId, tableShape } from '../db/write-path';
import { recordValidator } from '../records/validate';
import { pairedCountyCodes } from '../reference/paired-counties';
import type { Reference } from '../reference/reference';
import { generateDemo } from './generate';
import { demoChunks } from './rows-pipeline';

const CHUNK = 10_000;

export interface DemoOptions {
  rows: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
  /** the built rows worker (Electron build); undefined: rows-worker.ts under tsx; null: make rows in this thread */
  workerUrl?: string | null;
}

export function loadDemo(session: LedgerSession, reference: Reference, opts: DemoOptions): { records: number } {
  const existing = session.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number };
  if (existing.n > 0) throw new AppError('LEDGER_NOT_EMPTY', `台账中已有 ${existing.n} 条记录；演示数据只能生成到空台账中`);
  const demoInput = { rows: opts.rows, seed: opts.seed ?? 20211101, pairedCountyCodes: pairedCountyCodes(session, reference), counties: reference.data.counties };
  const demo = generateDemo(demoInput);
  session.write('生成演示数据（名录）', (w) => {
    for (const p of demo.purchasers) w.insert('purchaser', { name: p.name, credit_code: p.creditCode, type: p.type, budget_unit: p.budgetUnit ? 1 : 0, street: p.street });
    for (const s of demo.suppliers) w.insert('supplier', { name: s.name, credit_code: s.creditCode, county_code: s.countyCode, kind: s.kind, households: s.households });
    for (const p of demo.products) w.insert('product', { name: p.name, category: p.category, origin_code: p.originCode, supplier_name: p.supplierName, in_catalogue: p.inCatalogue ? 1 : 0 });
  });

  // The records come in prepared chunks, made in a worker thread while this one writes (rows-pipeline.ts).
  const chunks = demoChunks({
    demo: demoInput,
    shape: tableShape(session.db, 'record'),
    firstId: nextId(session.db, 'record'),
    at: new Date().toISOString(),
    chunk: CHUNK,
    validate: recordValidator(reference.isCounty),
    workerUrl: opts.rows >= BULK_ROWS ? opts.workerUrl : null,
  });
  let done = 0;
  const load = () => {
    for (const batch of chunks) {
      done += session.write('生成演示数据', (w) => w.insertPrepared('record', batch));
      opts.onProgress?.(done, opts.rows);
    }
  };
  // Demo rows are appended to an empty ledger. A rollback journal then holds almost nothing
  // (pages beyond the end of the file are not journaled) and each page is written once, where
  // WAL writes it twice, to the log and again at the checkpoint: a million-row demo is ~15%
  // faster. Only possible while no other connection has the ledger open; otherwise it stays in
  // WAL. Each chunk stays one atomic transaction; waiting for the disk at every chunk buys
  // nothing for a ledger that holds only demo rows, so FULL is restored at the end.
  // (A PostgreSQL ledger's durability is the server's: nothing to switch there.)
  const file = isSqlite(session.db) ? session.db : null;
  const switched = file !== null && String(file.pragma('journal_mode = DELETE', { simple: true })).toLowerCase() === 'delete';
  file?.pragma('synchronous = NORMAL');
  try {
    if (opts.rows >= BULK_ROWS) withBulkIndexesDropped(session.db, load);
    else load();
  } finally {
    if (switched) file.pragma('journal_mode = WAL');
    file?.pragma('synchronous = FULL');
  }
  return { records: done };
}
