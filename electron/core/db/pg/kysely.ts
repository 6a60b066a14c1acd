/**
 * kysely on a PostgreSQL ledger: PostgreSQL's SQL compiler, executed on the core's synchronous
 * connection (PgDb) rather than a pool of its own, so kysely's queries see the same session —
 * and the same open transaction — as every other statement of the core.
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import type { LedgerSchema } from '../schema';
import type { PgDb } from './pg-db';

class PgDbConnection implements DatabaseConnection {
  constructor(private readonly db: PgDb) {}

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // kysely's PostgreSQL compiler already numbers its placeholders ($1…): passed through as they
    // are, the values as ONE list (spread, a query whose only value is an array would have that
    // array taken for the list: db/pg/pg-db.ts bindArgs)
    const rows = this.db.prepare(compiled.sql).all(compiled.parameters as unknown[]) as R[];
    return Promise.resolve({ rows });
  }

  // eslint-disable-next-line require-yield -- the core reads whole results (db/pg/pg-db.ts iterate)
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming kysely queries are not used on a PostgreSQL ledger');
  }
}

class PgDbDriver implements Driver {
  constructor(private readonly db: PgDb) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PgDbConnection(this.db);
  }
  async beginTransaction(): Promise<void> {
    throw new Error('transactions go through the write path (db/write-path.ts), not kysely');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

export function postgresKysely(db: PgDb): Kysely<LedgerSchema> {
  return new Kysely<LedgerSchema>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new PgDbDriver(db),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}
