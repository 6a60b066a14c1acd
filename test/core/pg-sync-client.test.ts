/**
 * The synchronous PostgreSQL client the core uses on a server ledger, against a real server
 * (the run's throwaway cluster): values come back as better-sqlite3 returns them, server errors
 * keep their SQLSTATE, a transaction spans calls, and an unreachable server is a Chinese error
 * that never shows the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgError, PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { AppError } from '../../shared/result';
import { startThrowawayCluster } from '../support/pg-cluster';
import { freshPgDatabase } from '../support/pg-database';

describe('PgSyncClient on a real PostgreSQL server', () => {
  let db: ReturnType<typeof freshPgDatabase>;
  let client: PgSyncClient;
  beforeAll(() => {
    db = freshPgDatabase('sync');
    client = new PgSyncClient(db.url);
    client.query('CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text UNIQUE, fen bigint, doc bytea)');
  });
  afterAll(() => {
    client?.close();
    db?.drop();
  });

  it('returns bigint ids, counts and sums as numbers, bytea as bytes, arrays on request', () => {
    const inserted = client.query<{ id: number }>('INSERT INTO t (name, fen, doc) VALUES ($1, $2, $3), ($4, $5, NULL) RETURNING id', [
      '赵',
      9_007_199_254_740,
      Buffer.from([0, 1, 2, 255]),
      '钱',
      5,
    ]);
    expect(inserted.rows.map((r) => r.id)).toEqual([1, 2]);
    expect(inserted.rowCount).toBe(2);
    const sums = client.query<{ n: number; total: number }>('SELECT count(*) AS n, sum(fen) AS total FROM t');
    expect(sums.rows[0]).toEqual({ n: 2, total: 9_007_199_254_745 });
    const doc = client.query<{ doc: Buffer }>('SELECT doc FROM t WHERE name = $1', ['赵']).rows[0].doc;
    expect([...doc]).toEqual([0, 1, 2, 255]);
    const arrays = client.queryArrays('SELECT id, name FROM t ORDER BY id');
    expect(arrays.rows).toEqual([
      [1, '赵'],
      [2, '钱'],
    ]);
    expect(arrays.fields).toEqual(['id', 'name']);
    // one column as one flat array (.pluck()): the first column, NULLs and bytes as they are
    expect(client.queryColumn('SELECT fen, name FROM t ORDER BY id').rows).toEqual([9_007_199_254_740, 5]);
    const docs = client.queryColumn('SELECT doc FROM t ORDER BY id').rows as (Buffer | null)[];
    expect(docs.map((d) => (d ? [...d] : d))).toEqual([[0, 1, 2, 255], null]);
    expect(client.queryColumn('SELECT id FROM t WHERE false').rows).toEqual([]);
  });

  it('keeps the server error code, and the connection stays usable after it', () => {
    let caught: unknown;
    try {
      client.query('INSERT INTO t (name) VALUES ($1)', ['赵']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PgError);
    expect((caught as PgError).code).toBe('23505');
    expect(client.query('SELECT 1 AS one').rows).toEqual([{ one: 1 }]);
  });

  it('holds one session: a transaction spans calls and a rollback undoes them', () => {
    client.query('BEGIN');
    client.query('INSERT INTO t (name) VALUES ($1)', ['孙']);
    expect(client.query('SELECT count(*) AS n FROM t').rows[0]).toEqual({ n: 3 });
    client.query('ROLLBACK');
    expect(client.query('SELECT count(*) AS n FROM t').rows[0]).toEqual({ n: 2 });
  });

  it('two connections exclude each other on an advisory lock', () => {
    const other = new PgSyncClient(db.url);
    try {
      expect(client.query('SELECT pg_try_advisory_lock(42) AS got').rows[0]).toEqual({ got: true });
      expect(other.query('SELECT pg_try_advisory_lock(42) AS got').rows[0]).toEqual({ got: false });
      client.query('SELECT pg_advisory_unlock(42)');
      expect(other.query('SELECT pg_try_advisory_lock(42) AS got').rows[0]).toEqual({ got: true });
    } finally {
      other.close();
    }
  });

  it('says in Chinese when the server cannot be reached, without the password', () => {
    const url = new URL(db.url);
    url.port = '1';
    url.password = 'secret-pw';
    let caught: unknown;
    try {
      new PgSyncClient(url.toString());
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('PG_UNREACHABLE');
    expect((caught as AppError).message).toContain('无法连接 PostgreSQL 台账');
    expect((caught as AppError).message).not.toContain('secret-pw');
  });

  it('gives up within the connect timeout when its thread never starts (not after a statement\'s ten minutes)', () => {
    const started = Date.now();
    expect(() => new PgSyncClient(db.url, { threadUrl: '/nonexistent/client-thread.js', connectTimeoutMs: 1500 })).toThrow(/无法连接 PostgreSQL 台账.*秒内没有得到 PostgreSQL 的答复/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('encrypts the connection when the server offers TLS, and falls back to plain only when it offers none', async () => {
    const encrypted = () => client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()').rows[0].ssl;
    expect(encrypted()).toBe(false); // the run's cluster has no TLS
    const tls = await startThrowawayCluster({ ssl: true });
    try {
      const onTls = new PgSyncClient(tls.adminUrl);
      try {
        expect(onTls.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()').rows[0].ssl).toBe(true);
      } finally {
        onTls.close();
      }
    } finally {
      tls.stop();
    }
  }, 60_000);

  it('names a database that is not on the server', () => {
    const url = new URL(db.url);
    url.pathname = '/no_such_ledger';
    expect(() => new PgSyncClient(url.toString())).toThrow(/没有数据库“no_such_ledger”/);
  });
});
