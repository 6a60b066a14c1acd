/**
 * Fill an empty ledger with realistic demo data through the write path (so the demo ledger
 * verifies like a real one). Large loads drop the sort indexes and rebuild them afterwards:
 * building an index once over sorted data is several times faster than maintaining it row by row.
 */
import type { RecordValues } from '../../../shared/domain/record';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import { createSortIndexesSql, dropSortIndexesSql } from '../db/migrations/002-sort-indexes';
import { createCheckIndexesSql, dropCheckIndexesSql } from '../db/migrations/005-checks';
import { valuesToColumns } from '../records/columns';
import type { Reference } from '../reference/reference';
import { generateDemo } from './generate';

const CHUNK = 50_000;

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

  const bulk = opts.rows >= 20_000;
  if (bulk) session.db.exec(dropSortIndexesSql() + dropCheckIndexesSql());
  let done = 0;
  try {
    const iterator = demo.records[Symbol.iterator]();
    let exhausted = false;
    while (!exhausted) {
      session.write('生成演示数据', (w) => {
        for (let i = 0; i < CHUNK; i++) {
          const next = iterator.next();
          if (next.done) {
            exhausted = true;
            return;
          }
          w.insert('record', valuesToColumns(next.value as Partial<RecordValues>));
          done++;
        }
      });
      opts.onProgress?.(done, opts.rows);
    }
  } finally {
    if (bulk) {
      session.db.exec(createSortIndexesSql() + createCheckIndexesSql());
      session.db.pragma('optimize');
    }
  }
  return { records: done };
}
