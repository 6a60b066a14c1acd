/**
 * The demo loader: a large demo makes its rows in a worker thread while the ledger is written,
 * and comes out exactly as the same demo made in one thread; the ledger is back in WAL with
 * every index, and verifies.
 */
import { describe, expect, it } from 'vitest';
import { isPostgres, isSqlite, type Db } from '../../electron/core/db/connection';
import { loadDemo } from '../../electron/core/demo/load';
import { coreWithLedger, readLedger, TEST_BACKEND } from './support';

const ROWS = 25_000; // above BULK_ROWS: indexes dropped and rebuilt, rows from the worker

function indexNames(db: Db): string[] {
  const sql = isPostgres(db)
    ? "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('records', 'audit_log') ORDER BY indexname"
    : "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('records', 'audit_log') ORDER BY name";
  return db.prepare(sql).pluck().all() as string[];
}

async function demoLedger(workerUrl: string | null | undefined) {
  const { core, file } = await coreWithLedger(`demo-${workerUrl === null ? 'here' : 'worker'}.db`);
  const r = loadDemo(core.ctx.ledger!, core.ctx.reference, { rows: ROWS, seed: 11, workerUrl });
  expect(r.records).toBe(ROWS);
  expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  const indexes = indexNames(core.ctx.ledger!.db);
  core.close();
  return { file, indexes };
}

describe('demo', () => {
  it('made in a worker equals the same demo made in one thread, and leaves the ledger in WAL with its indexes', async () => {
    const inWorker = await demoLedger(undefined);
    const here = await demoLedger(null);
    expect(inWorker.indexes).toEqual(here.indexes);
    expect(inWorker.indexes).toEqual(expect.arrayContaining(['records_date', 'records_check_duplicate', 'audit_log_entity']));
    const rows = (file: string) =>
      readLedger(file, (db) => ({
        out: db.prepare('SELECT id, date, purchaser_name, credit_code, product_name, origin_code, amount_fen, quantity, unit_price, invoice_no FROM records ORDER BY id').raw().all(),
        // a PostgreSQL ledger has no journal mode (the demo must not touch the server's settings)
        mode: isSqlite(db) ? db.pragma('journal_mode', { simple: true }) : null,
      }));
    const a = rows(inWorker.file);
    const b = rows(here.file);
    expect(a.out).toHaveLength(ROWS);
    expect(a.out).toEqual(b.out);
    expect([a.mode, b.mode]).toEqual(TEST_BACKEND === 'sqlite' ? ['wal', 'wal'] : [null, null]);
  });
});
