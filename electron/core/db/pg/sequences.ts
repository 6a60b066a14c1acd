/**
 * Ids on PostgreSQL: each table's identity sequence, which never goes back (as SQLite's
 * AUTOINCREMENT, migration 9). The write path numbers a bulk insert's rows itself before writing
 * them (so their audit entries can be built first), which a sequence does not see: it is moved
 * past them afterwards. setval is not undone by a rollback, so a rolled-back import leaves a gap
 * in the numbers — never a number used twice.
 */
import type { PgDb } from './pg-db';

/** The id the next row of `table` gets, without taking it. */
export function peekNextId(db: PgDb, table: string): number {
  return Math.max(sequenceNext(db, table), maxId(db, table) + 1);
}

// (office_settings keeps its one row, id 1, without a sequence: every function here then
// answers from the table alone.)

/** After rows were inserted with ids of their own: the sequence continues past the highest. */
export function advancePastInsertedIds(db: PgDb, table: string): void {
  const seq = sequenceOf(db, table);
  const max = maxId(db, table);
  if (seq && max >= sequenceNext(db, table)) db.prepare('SELECT setval(?, ?)').run(seq, max);
}

function sequenceNext(db: PgDb, table: string): number {
  const seq = sequenceOf(db, table);
  if (!seq) return 1;
  const s = db.prepare(`SELECT last_value, is_called FROM ${seq}`).get() as { last_value: number; is_called: boolean };
  return s.is_called ? s.last_value + 1 : s.last_value;
}

function maxId(db: PgDb, table: string): number {
  return (db.prepare(`SELECT max(id) FROM ${table}`).pluck().get() as number | null) ?? 0;
}

const sequences = new WeakMap<PgDb, Map<string, string | null>>();

function sequenceOf(db: PgDb, table: string): string | null {
  let byTable = sequences.get(db);
  if (!byTable) sequences.set(db, (byTable = new Map()));
  let seq = byTable.get(table);
  if (seq === undefined) {
    seq = db.prepare('SELECT pg_get_serial_sequence(?, ?)').pluck().get(table, 'id') as string | null;
    byTable.set(table, seq);
  }
  return seq;
}

/** The next row of `table` gets `next` (a copied ledger continues where its source was). */
export function setNextId(db: PgDb, table: string, next: number): void {
  const seq = sequenceOf(db, table);
  if (seq && next > 1) db.prepare('SELECT setval(?, ?)').run(seq, next - 1);
}
