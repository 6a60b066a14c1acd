/**
 * An export's rows from a PostgreSQL ledger, a page at a time through a cursor WITH HOLD. The
 * server keeps the result (spilling to disk as it needs), not this process: PgDb's iterate reads
 * every row at once, and a million-row export would sit in memory twice (the connection thread's
 * copy and ours). WITH HOLD lets the cursor outlive the statement's transaction, so the other
 * calls on the same connection (the grid, a write) may run between pages while the workbook is
 * built; a cancelled export closes it (the generator's finally).
 */
import type { PgDb } from '../db/pg/pg-db';

const PAGE_ROWS = 5_000;
let cursors = 0;

export function* serverCursorRows(db: PgDb, sql: string, params: readonly unknown[], pageRows = PAGE_ROWS): Generator<unknown[]> {
  const name = `export_rows_${++cursors}`;
  db.prepare(`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${sql}`).run([...params]);
  try {
    for (;;) {
      const page = db.prepare(`FETCH FORWARD ${pageRows} FROM ${name}`).raw(true).all() as unknown[][];
      yield* page;
      if (page.length < pageRows) return;
    }
  } finally {
    db.prepare(`CLOSE ${name}`).run();
  }
}
