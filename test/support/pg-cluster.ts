/**
 * A throwaway PostgreSQL server for tests and the bench: Debian's `postgresql` binaries, a
 * cluster initialised in a temporary folder, listening on a free loopback port and a socket in
 * that folder, removed when stopped. Nothing of the machine's own clusters is touched.
 *
 * initdb refuses to run as root; CI runs as root, so the cluster then belongs to the `postgres`
 * user the Debian package creates (its folder chowned to it) and its commands run through runuser.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ThrowawayCluster {
  /** postgres://ledger_admin@127.0.0.1:PORT/postgres — the superuser of this cluster only */
  adminUrl: string;
  port: number;
  dataDir: string;
  stop(): void;
}

/** The newest installed server's bin folder (pg_config is only in the -dev package). */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const ADMIN = 'ledger_admin';

/** `ssl`: the server offers TLS, with a self-signed certificate made here (as an office's server often has). */
export async function startThrowawayCluster(opts: { fsync?: boolean; ssl?: boolean } = {}): Promise<ThrowawayCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install -y postgresql)');
  const asRoot = process.getuid?.() === 0;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-pg-'));
  const dataDir = path.join(base, 'data');
  if (asRoot) execFileSync('chown', ['postgres:postgres', base]);
  const run = (cmd: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', dataDir, '-U', ADMIN, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
  const tls: string[] = [];
  if (opts.ssl) {
    const [key, cert] = [path.join(base, 'server.key'), path.join(base, 'server.crt')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    fs.chmodSync(key, 0o600);
    if (asRoot) execFileSync('chown', ['postgres:postgres', key, cert]);
    tls.push('-c ssl=on', `-c ssl_cert_file=${cert}`, `-c ssl_key_file=${key}`);
  }
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${base}`,
    '-c listen_addresses=127.0.0.1',
    // Tests kill clients, never this server: durability of the server itself is not under test.
    `-c fsync=${opts.fsync ? 'on' : 'off'}`,
    '-c max_connections=50',
    ...tls,
  ].join(' ');
  run('pg_ctl', ['-D', dataDir, '-o', settings, '-l', path.join(base, 'server.log'), '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    adminUrl: `postgres://${ADMIN}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(base, { recursive: true, force: true });
      }
    },
  };
}

/** A URL for another database of the same cluster. */
export function databaseUrl(adminUrl: string, database: string, user?: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  if (user) url.username = user;
  return url.toString();
}
