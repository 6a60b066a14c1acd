/** A database of its own in the run's throwaway cluster (test/support/pg-global-setup.ts). */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { databaseUrl } from './pg-cluster';

export function freshPgDatabase(prefix = 't'): { url: string; drop(): void } {
  const admin = inject('pgAdminUrl');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new PgSyncClient(admin);
  try {
    client.query(`CREATE DATABASE ${name}`);
  } finally {
    client.close();
  }
  return {
    url: databaseUrl(admin, name),
    drop() {
      const c = new PgSyncClient(admin);
      try {
        c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        c.close();
      }
    },
  };
}
