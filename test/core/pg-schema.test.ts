/**
 * A PostgreSQL ledger's baseline (db/pg/baseline-schema.ts) is SQLite's schema after every
 * migration up to PG_BASELINE_VERSION, read back from both databases and compared table by
 * table: this is what keeps the two backends from drifting. And the audit log is append-only
 * for the app's role (privileges) and for the owner (trigger), on a real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { APPEND_ONLY_MESSAGE, APPEND_ONLY_SQLSTATE } from '../../electron/core/db/pg/append-only';
import { auditLogRewriteRisk, grantLedgerToRole } from '../../electron/core/db/pg/app-role';
import { createPostgresLedgerSchema, META_TABLE, PG_BASELINE_VERSION, postgresMigrationsAfter, postgresSchemaVersion } from '../../electron/core/db/pg/baseline-schema';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { freshPgDatabase } from '../support/pg-database';
import { openSchemaPair, type SchemaPair } from '../support/schema-pair';
import { postgresShape, sqliteShape, type TableShape } from '../support/schema-shape';

function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('expected it to throw');
}

/** One aspect of every table, so a failure lists every table that differs at once. */
function aspect<K extends keyof TableShape>(shape: Record<string, TableShape>, key: K): Record<string, TableShape[K]> {
  return Object.fromEntries(Object.entries(shape).map(([table, t]) => [table, t[key]]));
}

const connect = (url: string): PgDb => new PgDb(new PgSyncClient(url));

describe('the PostgreSQL baseline schema', () => {
  let pair: SchemaPair;
  let pg: PgDb;
  let sqlite: Record<string, TableShape>;
  let postgres: Record<string, TableShape>;
  let versionBefore: number | null | undefined;

  beforeAll(async () => {
    pair = await openSchemaPair((empty) => (versionBefore = postgresSchemaVersion(empty)));
    pg = pair.pg;
    sqlite = sqliteShape(pair.file);
    postgres = postgresShape(pg, [META_TABLE]);
  });

  afterAll(() => pair?.dispose());

  it('has the tables of a migrated ledger file, and only those', () => {
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(Object.keys(sqlite)).toContain('record_sort_keys');
  });

  it('gives every table the same columns in the same order: names, mapped types, NOT NULL, defaults, keys', () => {
    expect(aspect(postgres, 'columns')).toEqual(aspect(sqlite, 'columns'));
  });

  it('has every index under the same name, on the same columns, partial where SQLite’s is', () => {
    expect(aspect(postgres, 'indexes')).toEqual(aspect(sqlite, 'indexes'));
  });

  it('has the same UNIQUE constraints, foreign keys and number of CHECKs', () => {
    const constraints = (shape: Record<string, TableShape>) => ({ uniques: aspect(shape, 'uniques'), foreignKeys: aspect(shape, 'foreignKeys'), checks: aspect(shape, 'checks') });
    expect(constraints(postgres)).toEqual(constraints(sqlite));
  });

  it('orders a nullable column’s index NULLs first, as SQLite does, so the grid’s sorted pages can use it', () => {
    // SQLite puts NULL before every value; PostgreSQL by default after. An index of the other
    // order cannot serve ORDER BY x ASC NULLS FIRST (the grid's order on both backends), and
    // one marked NULLS FIRST on a NOT NULL column (id) would no longer serve a plain ORDER BY.
    const keyColumns = pg
      .prepare(
        `SELECT c.relname AS index, a.attname AS column, NOT a.attnotnull AS nullable, (i.indoption[k.n - 1] & 2) <> 0 AS nulls_first
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
           CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          WHERE t.relnamespace = current_schema()::regnamespace AND k.n <= i.indnkeyatts`,
      )
      .all() as { index: string; column: string; nullable: boolean; nulls_first: boolean }[];
    expect(keyColumns.length).toBeGreaterThan(40);
    expect(keyColumns.filter((k) => k.nullable !== k.nulls_first)).toEqual([]);
  });

  it('compares text bytewise as SQLite does, whatever the server’s locale', () => {
    const collations = pg
      .prepare("SELECT DISTINCT collation_name FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'text' AND table_name <> ?")
      .pluck()
      .all(META_TABLE);
    expect(collations).toEqual(['C']);
    // 'B' < 'a' < '张' bytewise; a linguistic collation puts 'a' first
    expect(pg.prepare("SELECT string_agg(x, '' ORDER BY x) FROM (SELECT name::text COLLATE \"C\" AS x FROM (VALUES ('a'), ('B'), ('张')) v(name)) s").pluck().get()).toBe('Ba张');
  });

  it('knows its version, and refuses to create a ledger twice or over other tables', () => {
    expect(versionBefore).toBeNull();
    expect(postgresSchemaVersion(pg)).toBe(PG_BASELINE_VERSION);
    expect(thrown(() => createPostgresLedgerSchema(pg)).code).toBe('LEDGER_EXISTS');
    expect(postgresSchemaVersion(pg)).toBe(PG_BASELINE_VERSION);

    const other = freshPgDatabase('other');
    const db = connect(other.url);
    try {
      db.exec('CREATE TABLE someone_elses (id int)');
      expect(thrown(() => createPostgresLedgerSchema(db)).code).toBe('NOT_A_LEDGER');
      expect(postgresSchemaVersion(db)).toBeNull();
    } finally {
      db.close();
      other.drop();
    }
  });

  it('refuses a migration after the baseline without its PostgreSQL form', () => {
    expect(PG_BASELINE_VERSION).toBeLessThanOrEqual(MIGRATIONS[MIGRATIONS.length - 1].version);
    // the registry as it is: every migration a PostgreSQL ledger will ever run has its form
    expect(() => postgresMigrationsAfter(PG_BASELINE_VERSION)).not.toThrow();
    const last = MIGRATIONS[MIGRATIONS.length - 1].version;
    const sqliteOnly = { version: last + 1, name: 'sqlite-only', up: () => undefined };
    expect(() => postgresMigrationsAfter(PG_BASELINE_VERSION, [...MIGRATIONS, sqliteOnly])).toThrow(/has no PostgreSQL form/);
    const both = { ...sqliteOnly, postgres: () => undefined };
    expect(postgresMigrationsAfter(last, [...MIGRATIONS, both])).toEqual([both]);
    expect(postgresMigrationsAfter(PG_BASELINE_VERSION, [...MIGRATIONS, both]).at(-1)).toBe(both);
  });

  describe('audit_log is append-only', () => {
    const role = `ledger_app_${process.pid}`;
    let app: PgDb;
    const entry = (seq: number) =>
      `INSERT INTO audit_log (seq, at, actor, action, op_id, entity, entity_id, prev_hash, hash) VALUES (${seq}, '2026-12-02T00:00:00Z', '王芳', 'insert', 1, 'record', 1, 'p', 'h${seq}')`;

    beforeAll(() => {
      pg.exec(`CREATE ROLE ${role} LOGIN`);
      grantLedgerToRole(pg, role);
      grantLedgerToRole(pg, role); // again, as after a migration: same outcome
      const url = new URL(pair.pgUrl);
      url.username = role;
      app = connect(url.toString());
    });

    afterAll(() => {
      app?.close();
      pg.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    });

    it('lets the app role append to the log and write the other tables, with ids from their sequences', () => {
      app.exec(entry(1));
      const id = app.prepare("SELECT nextval(pg_get_serial_sequence('records', 'id'))").pluck().get() as number;
      app.prepare("INSERT INTO records (id, purchaser_name, amount_fen, created_at, updated_at) VALUES (?, '松江区教育局', 12345, 'now', 'now')").run(id);
      app.prepare('UPDATE records SET amount_fen = 1 WHERE id = ?').run(id);
      app.prepare('DELETE FROM records WHERE id = ?').run(id);
      // a deleted id is never handed out again
      expect(app.prepare("SELECT nextval(pg_get_serial_sequence('records', 'id'))").pluck().get()).toBe(id + 1);
      expect(app.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(1);
    });

    it('gives the app role what the write path needs on every table and sequence, and no more', () => {
      const tables = pg.prepare('SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename').pluck().all() as string[];
      const privileges = Object.fromEntries(
        tables.map((t) => [
          t,
          ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'].filter((p) => pg.prepare('SELECT has_table_privilege(?, ?, ?)').pluck().get(role, t, p)),
        ]),
      );
      const readWrite = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
      expect(privileges).toEqual(Object.fromEntries(tables.map((t) => [t, t === 'audit_log' ? ['SELECT', 'INSERT'] : t === META_TABLE ? ['SELECT'] : readWrite])));
      const sequences = pg.prepare("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()").pluck().all() as string[];
      expect(sequences.length).toBe(13); // migration 9's tables
      for (const s of sequences) expect({ s, usage: pg.prepare("SELECT has_sequence_privilege(?, ?, 'USAGE')").pluck().get(role, s) }).toEqual({ s, usage: true });
    });

    it('refuses the app role UPDATE, DELETE and TRUNCATE of the log, and the means to lift that', () => {
      for (const sql of ["UPDATE audit_log SET actor = '李强'", 'DELETE FROM audit_log', 'TRUNCATE audit_log', 'UPDATE ledger_meta SET schema_version = 99']) {
        expect(thrown(() => app.exec(sql))).toEqual({ code: '42501', message: expect.stringMatching(/^permission denied for table (audit_log|ledger_meta)$/) });
      }
      for (const sql of ['ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update', 'DROP TRIGGER audit_log_no_delete ON audit_log', 'ALTER TABLE audit_log OWNER TO CURRENT_USER']) {
        expect(thrown(() => app.exec(sql)).code).toBe('42501');
      }
      // granting itself more only earns a warning from the server, and changes nothing
      app.exec('GRANT UPDATE, DELETE, TRUNCATE ON audit_log TO CURRENT_USER');
      expect(thrown(() => app.exec('DELETE FROM audit_log')).code).toBe('42501');
    });

    it('refuses the owner too, through the trigger, even where no row matches', () => {
      pg.exec(entry(2));
      const entries = pg.prepare('SELECT count(*) FROM audit_log').pluck().get();
      for (const sql of ["UPDATE audit_log SET actor = '李强'", 'DELETE FROM audit_log WHERE seq = 2', 'DELETE FROM audit_log WHERE seq < 0', 'TRUNCATE audit_log']) {
        expect(thrown(() => pg.exec(sql))).toEqual({ code: APPEND_ONLY_SQLSTATE, message: APPEND_ONLY_MESSAGE });
      }
      expect(pg.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(entries);
    });

    it('will not hand the ledger to a role that could rewrite the log', () => {
      expect(auditLogRewriteRisk(app)).toBeNull();
      expect(auditLogRewriteRisk(pg, role)).toBeNull();
      // the test cluster's admin is a superuser and owns the tables
      expect(auditLogRewriteRisk(pg)).toBe('superuser');
      const admin = pg.prepare('SELECT current_user').pluck().get() as string;
      expect(thrown(() => grantLedgerToRole(pg, admin)).code).toBe('BAD_ARGS');
      expect(thrown(() => grantLedgerToRole(pg, 'no_such_role')).code).toBe('BAD_ARGS');

      const member = `${role}_owner_member`;
      const editor = `${role}_log_editor`;
      pg.exec(`CREATE ROLE ${member} IN ROLE ${admin}; CREATE ROLE ${editor}; GRANT UPDATE ON audit_log TO ${editor}`);
      try {
        expect(auditLogRewriteRisk(pg, member)).toBe('owner');
        expect(thrown(() => grantLedgerToRole(pg, member)).code).toBe('BAD_ARGS');
        // a privilege the app role inherits cannot be revoked on it: refused, nothing changed
        pg.exec(`GRANT ${editor} TO ${role}`);
        expect(auditLogRewriteRisk(pg, role)).toBe('privilege');
        expect(thrown(() => grantLedgerToRole(pg, role)).message).toMatch(/继承/);
        pg.exec(`REVOKE ${editor} FROM ${role}`);
        expect(auditLogRewriteRisk(pg, role)).toBeNull();
      } finally {
        pg.exec(`DROP ROLE ${member}; REVOKE ALL ON audit_log FROM ${editor}; DROP ROLE ${editor}`);
      }
    });
  });
});
