/**
 * Rows on the two backends (db/pg/baseline-schema.ts): the same values written read back the
 * same, in the same column order, with the same audit digest; and where SQLite and PostgreSQL
 * do differ (NULL order, LIKE's case, what a column accepts), the spelling that gives a ledger
 * file's answer on the server, held here so the core's PostgreSQL SQL can rely on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowDigest } from '../../electron/core/db/audit-chain';
import { META_TABLE } from '../../electron/core/db/pg/baseline-schema';
import { postgresTableInfo } from '../../electron/core/db/pg/table-info';
import { openSchemaPair, type SchemaPair } from '../support/schema-pair';

type Row = Record<string, unknown>;

const RECORD: Row = {
  id: 7,
  date: '2021-11-05',
  purchaser_name: '松江区教育局',
  credit_code: '',
  purchaser_type: null,
  product_name: '勐海普洱茶 🍵',
  quantity: 0.1 + 0.2,
  unit: '斤',
  unit_price: 3,
  amount_fen: Number.MAX_SAFE_INTEGER,
  households: 0,
  person_times: -1,
  remark: '第一行\n第二行 "引号" \\ 反斜杠',
  created_at: '2021-11-05T08:00:00.000Z',
  updated_at: '2021-11-05T08:00:00.000Z',
  source_json: JSON.stringify({ file: '教育局.xlsx', row: 3 }),
};

function insert(db: SchemaPair['file'] | SchemaPair['pg'], table: string, row: Row): void {
  const keys = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(...keys.map((k) => row[k]));
}

/** 'kept', or the code of the error the statement failed with. */
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return 'kept';
  } catch (err) {
    return (err as { code?: string }).code;
  }
};

describe('rows on a ledger file and on PostgreSQL', () => {
  let pair: SchemaPair;
  let both: [string, SchemaPair['file'] | SchemaPair['pg']][];
  beforeAll(async () => {
    pair = await openSchemaPair();
    both = [
      ['sqlite', pair.file],
      ['postgres', pair.pg],
    ];
  });
  afterAll(() => pair?.dispose());

  it('have the columns PRAGMA table_info gives, from postgresTableInfo', () => {
    const tables = pair.file.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    for (const table of tables) {
      const sqlite = (pair.file.pragma(`table_info(${table})`) as Row[]).map((c) => ({
        ...c,
        // the two documented differences (db/pg/table-info.ts)
        notnull: c.pk ? 1 : c.notnull,
        dflt_value: c.dflt_value === 'NULL' ? null : c.dflt_value,
      }));
      expect({ table, columns: postgresTableInfo(pair.pg, table) }).toEqual({ table, columns: sqlite });
    }
    expect(postgresTableInfo(pair.pg, 'no_such_table')).toEqual([]);
    expect(postgresTableInfo(pair.pg, META_TABLE).map((c) => c.name)).toEqual(['id', 'application', 'schema_version', 'created_at']);
  });

  it('read back the same values in the same column order, so an audit digest made on one matches on the other', () => {
    const read = both.map(([, db]) => {
      insert(db, 'records', RECORD);
      return db.prepare('SELECT * FROM records WHERE id = ?').get(RECORD.id) as Row;
    });
    expect(JSON.stringify(read[1])).toBe(JSON.stringify(read[0]));
    expect(rowDigest(read[1])).toBe(rowDigest(read[0]));
    expect(read[1].quantity).toBe(0.30000000000000004);
    expect(read[1].amount_fen).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('read back the same through COPY (a bulk insert on a server) as through INSERT, whatever the text holds', () => {
    const tricky: Row = { ...RECORD, id: 8, unit: '\\N', remark: 'tab\there\r\nline \\N \\\\ end\\', channel: '', invoice_no: '\t' };
    insert(pair.pg, 'records', tricky);
    const copied: Row = { ...tricky, id: 9 };
    const keys = Object.keys(copied);
    expect(pair.pg.copyRows('records', keys, [keys.map((k) => copied[k])])).toBe(true);
    const [viaInsert, viaCopy] = [8, 9].map((id) => pair.pg.prepare('SELECT * FROM records WHERE id = ?').get(id) as Row);
    expect({ ...viaCopy, id: 8 }).toEqual(viaInsert);
    expect(viaCopy.unit).toBe('\\N');
    expect(viaCopy.purchaser_type).toBeNull();
    expect(viaCopy.quantity).toBe(0.30000000000000004);
    // bytes are not written by COPY: the caller inserts such rows itself
    expect(pair.pg.copyRows('records', ['id', 'remark'], [[10, Buffer.from('x')]])).toBe(false);
    expect(pair.pg.prepare('SELECT count(*) FROM records WHERE id = 10').pluck().get()).toBe(0);
  });

  it('fail the transaction when a COPY fails, though its answer is taken later (a deferred COPY)', () => {
    const stamp = '2021-11-05T08:00:00.000Z';
    const columns = ['id', 'created_at', 'updated_at', 'batch_id'];
    // the second COPY names an import batch that does not exist; the rows of the first are good
    const failed = code(() =>
      pair.pg.transaction(() => {
        pair.pg.copyRows('records', columns, [[30, stamp, stamp, null]]);
        pair.pg.copyRows('records', columns, [[31, stamp, stamp, 999_999]]);
        pair.pg.copyRows('records', columns, [[32, stamp, stamp, null]]);
        return pair.pg.prepare('SELECT count(*) FROM records').pluck().get();
      })(),
    );
    expect(failed).toBe('23503');
    expect(pair.pg.prepare('SELECT count(*) FROM records WHERE id BETWEEN 30 AND 32').pluck().get()).toBe(0);
  });

  it('sort NULL first ascending and last descending on PostgreSQL only when told to, and text bytewise', () => {
    const names = ['b', 'B', null, '张', 'á', 'a', null];
    for (const [, db] of both) names.forEach((n, i) => insert(db, 'suppliers', { id: 100 + i, name: `s${i}`, kind: n }));
    const order = (db: SchemaPair['file'], sql: string) => db.prepare(`SELECT kind FROM suppliers WHERE id >= 100 ORDER BY ${sql}, id`).pluck().all();
    const pg = pair.pg as unknown as SchemaPair['file'];
    expect(order(pair.file, 'kind ASC')).toEqual([null, null, 'B', 'a', 'b', 'á', '张']);
    expect(order(pg, 'kind ASC NULLS FIRST')).toEqual(order(pair.file, 'kind ASC'));
    expect(order(pg, 'kind DESC NULLS LAST')).toEqual(order(pair.file, 'kind DESC'));
    // PostgreSQL's own default differs: what an ORDER BY without NULLS gives there
    expect(order(pg, 'kind ASC')).not.toEqual(order(pair.file, 'kind ASC'));
  });

  it('match SQLite’s LIKE (case folded for ASCII letters only) with ILIKE on PostgreSQL', () => {
    const cases: [string, string][] = [
      ['ABCdef', 'abc%'],
      ['abc', 'ABC'],
      ['Äpfel', 'äpfel'],
      ['张三', '张%'],
      ['50%', '50\\%'],
      ['a_c', 'a\\_c'],
      ['abc', 'a\\_c'],
    ];
    for (const [text, pattern] of cases) {
      const sqlite = pair.file.prepare("SELECT ? LIKE ? ESCAPE '\\'").pluck().get(text, pattern);
      // a parameter is text of the database's collation; the ledger's columns are "C"
      const pg = pair.pg.prepare(`SELECT (?::text COLLATE "C") ILIKE ? ESCAPE '\\'`).pluck().get(text, pattern);
      expect({ text, pattern, like: pg ? 1 : 0 }).toEqual({ text, pattern, like: sqlite });
    }
  });

  it('refuse on PostgreSQL values a ledger file would keep: the write path’s type checks must come first', () => {
    // a fraction in an integer column: SQLite keeps it as REAL, PostgreSQL refuses the text '2.5'
    expect(code(() => insert(pair.file, 'suppliers', { id: 200, name: '甲', households: 2.5 }))).toBe('kept');
    expect(code(() => insert(pair.pg, 'suppliers', { id: 200, name: '甲', households: 2.5 }))).toBe('22P02');
    // a NUL character (an old .xls cell can hold one): PostgreSQL's text cannot
    expect(code(() => insert(pair.file, 'suppliers', { id: 201, name: '乙\u0000丙' }))).toBe('kept');
    expect(code(() => insert(pair.pg, 'suppliers', { id: 201, name: '乙\u0000丙' }))).toBe('22021');
  });
});
