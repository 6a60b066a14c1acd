/**
 * PgDb's transactions behave as better-sqlite3's: `transaction()` inside a transaction the
 * caller opened with a BEGIN statement is a savepoint of it, never a COMMIT of the caller's work
 * (a copy or a write that awaits between statements opens its transaction that way).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { freshPgDatabase } from '../support/pg-database';

describe('PgDb transactions on a real PostgreSQL server', () => {
  let server: ReturnType<typeof freshPgDatabase>;
  let db: PgDb;
  beforeAll(() => {
    server = freshPgDatabase('pgdb_tx');
    db = new PgDb(new PgSyncClient(server.url));
    db.exec('CREATE TABLE t (name text)');
  });
  afterAll(() => {
    db?.close();
    server?.drop();
  });

  const names = () => db.prepare('SELECT name FROM t ORDER BY name').pluck().all();

  it('nests transaction() inside a BEGIN statement as a savepoint: the caller\'s ROLLBACK undoes both', () => {
    db.prepare('BEGIN').run();
    db.prepare('INSERT INTO t VALUES (?)').run('outer');
    db.transaction(() => db.prepare('INSERT INTO t VALUES (?)').run('inner'))();
    expect(db.inTransaction).toBe(true);
    db.prepare('ROLLBACK').run();
    expect(names()).toEqual([]);
  });

  it('rolls back only the failed inner part, and the caller\'s transaction goes on', () => {
    db.prepare('BEGIN').run();
    db.prepare('INSERT INTO t VALUES (?)').run('kept');
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t VALUES (?)').run('undone');
        throw new Error('stop');
      })(),
    ).toThrow('stop');
    db.prepare('INSERT INTO t VALUES (?)').run('after');
    db.prepare('COMMIT').run();
    expect(names()).toEqual(['after', 'kept']);
  });
});
