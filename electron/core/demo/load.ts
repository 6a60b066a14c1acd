/**
 * Fill an empty ledger with realistic demo data through the write path (so the demo ledger
 * verifies like a real one). Large loads drop and rebuild the bulk indexes (db/bulk-indexes.ts).
 */
import type { RecordValues } from '../../../shared/domain/record';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import { BULK_ROWS, withBulkIndexesDropped } from '../db/bulk-indexes';
import { valuesToColumns } from '../records/columns';
import type { Reference } from '../reference/reference';
import { generateDemo } from './generate';

const CHUNK = 10_000;

export interface DemoOptions {
  rows: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export function pairedCountyCodes(session: LedgerSession, reference: Reference): string[] {
  const codes = (session.db.prepare('SELECT code FROM paired_regions').all() as { code: string }[]).map((r) => r.code);
  const out = new Set<string>();
  for (const code of codes) {
    if (reference.isCounty(code)) out.add(code);
    else if (code.endsWith('00')) {
      for (const c of reference.data.counties) if (c.code.startsWith(code.slice(0, 4))) out.add(c.code);
    }
  }
  return [...out];
}

export function loadDemo(session: LedgerSession, reference: Reference, opts: DemoOptions): { records: number } {
  const existing = session.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number };
  if (existing.n > 0) throw new AppError('LEDGER_NOT_EMPTY', `台账中已有 ${existing.n} 条记录；演示数据只能生成到空台账中`);
  const demo = generateDemo({
    rows: opts.rows,
    seed: opts.seed ?? 20211101,
    pairedCountyCodes: pairedCountyCodes(session, reference),
    counties: reference.data.counties,
  });
  session.write('生成演示数据（名录）', (w) => {
    for (const p of demo.purchasers) w.insert('purchaser', { name: p.name, credit_code: p.creditCode, type: p.type, budget_unit: p.budgetUnit ? 1 : 0, street: p.street });
    for (const s of demo.suppliers) w.insert('supplier', { name: s.name, credit_code: s.creditCode, county_code: s.countyCode, kind: s.kind, households: s.households });
    for (const p of demo.products) w.insert('product', { name: p.name, category: p.category, origin_code: p.originCode, supplier_name: p.supplierName, in_catalogue: p.inCatalogue ? 1 : 0 });
  });

  let done = 0;
  const load = () => {
    const iterator = demo.records[Symbol.iterator]();
    let exhausted = false;
    while (!exhausted) {
      const chunk: Record<string, unknown>[] = [];
      for (let i = 0; i < CHUNK; i++) {
        const next = iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        chunk.push(valuesToColumns(next.value as Partial<RecordValues>));
      }
      done += session.write('生成演示数据', (w) => w.insertMany('record', chunk));
      opts.onProgress?.(done, opts.rows);
    }
  };
  // Demo data into an empty ledger: each chunk stays atomic, but waiting for the disk at every
  // chunk buys nothing (a power cut costs only demo rows), so FULL is restored afterwards.
  session.db.pragma('synchronous = NORMAL');
  try {
    if (opts.rows >= BULK_ROWS) withBulkIndexesDropped(session.db, load);
    else load();
  } finally {
    session.db.pragma('synchronous = FULL');
  }
  return { records: done };
}
