/**
 * Logging in to a PostgreSQL ledger with node-postgres, as every connection of the app does it:
 * the thread that serves the synchronous core (client-thread.ts) and the audit-chain walk's
 * worker (checks/audit-chain-worker.ts), which reads the log asynchronously on its own thread.
 */
import pg from 'pg';

// Ids, counts and money in fen are bigint on the server but well inside 2^53: numbers, as
// better-sqlite3 returns them. SUM over bigint is numeric: a number too (whole fen).
// (node-postgres's parsers are per thread: every thread that imports this module gets them)
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * TLS whenever the server offers it: an address without `sslmode` first asks for an encrypted
 * connection (libpq's default, "prefer": encrypted, the certificate not checked — an office's
 * server rarely has one a CA signed) and only a server that has no TLS at all gets a plain one.
 * An address with `sslmode=…` is taken as written (verify-full checks the certificate).
 * A server that does not answer the login within 20 s is reported, not waited for.
 * `onBroken`: the connection failed later (the server went away).
 */
export async function connectClient(url: string, applicationName: string, onBroken: (message: string) => void): Promise<pg.Client> {
  const newClient = (ssl: false | { rejectUnauthorized: false } | undefined): pg.Client => {
    const c = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 20_000, ...(ssl === undefined ? {} : { ssl }) });
    c.on('error', (err) => onBroken(err.message));
    return c;
  };
  const explicitSslMode = /[?&]sslmode=/i.test(url);
  const client = newClient(explicitSslMode ? undefined : { rejectUnauthorized: false });
  try {
    await client.connect();
    return client;
  } catch (err) {
    if (explicitSslMode || !/does not support SSL/i.test((err as Error).message)) throw err;
    const plain = newClient(false);
    await plain.connect();
    return plain;
  }
}
