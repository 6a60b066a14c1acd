/**
 * 记住密码 for a shared ledger: the password goes into the staff member's own pgpass file,
 * 0600, where node-postgres (the pgpass module it uses) finds it — never into the app's files;
 * the recent-ledgers list keeps the address without it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberPassword } from '../../electron/core/ledger/pgpass';
import { newCore, serverDatabase, tempDir } from './support';

const pgpassLookup = createRequire(import.meta.url)('pgpass') as (conn: Record<string, string>, cb: (password: string | undefined) => void) => void;
const lookup = (conn: Record<string, string>) => new Promise<string | undefined>((resolve) => pgpassLookup(conn, resolve));

afterEach(() => vi.unstubAllEnvs());

describe('记住密码: the user\'s pgpass file', () => {
  it('is written 0600, replaces the entry of the same server and user, keeps every other line, and node-postgres reads it', async () => {
    const file = path.join(tempDir(), 'pgpass');
    vi.stubEnv('PGPASSFILE', file);
    fs.writeFileSync(file, '# 本人的其他数据库\nother.example:5432:*:wang:keep\\:me\n192.168.1.20:5432:songjiang:wangfang:old\n', { mode: 0o600 });
    rememberPassword('postgres://wangfang:n%3Aew%5Cpass@192.168.1.20/songjiang');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('# 本人的其他数据库\nother.example:5432:*:wang:keep\\:me\n192.168.1.20:5432:songjiang:wangfang:n\\:ew\\\\pass\n');
    expect(await lookup({ host: '192.168.1.20', port: '5432', database: 'songjiang', user: 'wangfang' })).toBe('n:ew\\pass');
    expect(await lookup({ host: 'other.example', port: '5432', database: 'x', user: 'wang' })).toBe('keep:me');
  });

  it('is kept when the ledger opens with 记住密码 ticked; the app remembers the address without it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'pgpass');
    vi.stubEnv('PGPASSFILE', file);
    const url = new URL(serverDatabase('pgpass').url);
    await newCore().call('ledger/create', { path: url.toString(), officeName: '松江区合作交流办' });
    // (the test server trusts loopback, so any password opens it; what is checked is where it goes)
    url.password = 's3cret';
    const core = newCore(dir);
    const status = await core.call('ledger/open', { path: url.toString(), rememberPassword: true });
    expect(status.notice).toContain('密码已保存');
    expect(await lookup({ host: url.hostname, port: url.port, database: url.pathname.slice(1), user: url.username })).toBe('s3cret');
    const recent = (await core.call('ledger/recent', {})).files;
    expect(recent).toEqual([status.path]);
    expect(recent[0]).not.toContain('s3cret');
    for (const name of fs.readdirSync(dir).filter((n) => n !== 'pgpass')) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p, 'utf8')).not.toContain('s3cret');
    }
  });

  it('is left alone when 记住密码 is not ticked', async () => {
    const file = path.join(tempDir(), 'pgpass');
    vi.stubEnv('PGPASSFILE', file);
    const url = new URL(serverDatabase('pgpass').url);
    await newCore().call('ledger/create', { path: url.toString(), officeName: '松江区合作交流办' });
    url.password = 's3cret';
    await newCore(tempDir()).call('ledger/open', { path: url.toString() });
    expect(fs.existsSync(file)).toBe(false);
  });
});
