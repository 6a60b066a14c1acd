/**
 * The demo loader: a large demo makes its rows in a worker thread while the ledger is written,
 * and comes out exactly as the same demo made in one thread; the ledger is back in WAL with
 * every index, and verifies.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadDemo } from '../../electron/core/demo/load';
import { coreWithLedger } from './support';

const ROWS = 25_000; // above BULK_ROWS: indexes dropped and rebuilt, rows from the worker

async function demoLedger(workerUrl: string | null | undefined) {
  const { core, file } = await coreWithLedger(`demo-${workerUrl === null ? 'here' : 'worker'}.db`);
  const r = loadDemo(core.ctx.ledger!, core.ctx.reference, { rows: ROWS, seed: 11, workerUrl });
  expect(r.records).toBe(ROWS);
  expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  const indexes = (core.ctx.ledger!.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('records', 'audit_log') ORDER BY name").pluck().all() as string[]);
  core.close();
  return { file, indexes };
}

describe('demo', () => {
  it('made in a worker equals the same demo made in one thread, and leaves the ledger in WAL with its indexes', async () => {
    const inWorker = await demoLedger(undefined);
    const here = await demoLedger(null);
    expect(inWorker.indexes).toEqual(here.indexes);
    expect(inWorker.indexes).toEqual(expect.arrayContaining(['records_date', 'records_check_duplicate', 'audit_log_entity']));
    const rows = (file: string) => {
      const db = new Database(file, { readonly: true });
      const out = db.prepare('SELECT id, date, purchaser_name, credit_code, product_name, origin_code, amount_fen, quantity, unit_price, invoice_no FROM records ORDER BY id').raw().all();
      const mode = db.pragma('journal_mode', { simple: true });
      db.close();
      return { out, mode };
    };
    const a = rows(inWorker.file);
    const b = rows(here.file);
    expect(a.out).toHaveLength(ROWS);
    expect(a.out).toEqual(b.out);
    expect([a.mode, b.mode]).toEqual(['wal', 'wal']);
  });
});
