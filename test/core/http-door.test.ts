import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpDoor, type HttpDoor } from '../../electron/http/server';
import { newCore, tempDir } from './support';

let door: HttpDoor | null = null;
afterEach(async () => {
  await door?.close();
  door = null;
});

/** A raw request, so the Host header and cookies are exactly what we say. */
function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

async function start() {
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html><head><title>帮扶台账</title></head><body></body></html>');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'secret.txt'), 'outside');
  const core = newCore();
  door = await startHttpDoor({ core, staticDir });
  const host = `127.0.0.1:${door.port}`;
  return { door, host };
}

describe('the loopback HTTP door', () => {
  it('answers a contract call with the token', async () => {
    const { door, host } = await start();
    const r = await request(door.port, { method: 'POST', path: '/rpc/ledger/status', headers: { host, 'x-ledger-token': door.token, 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { open: false } });
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const { door, host } = await start();
    expect((await request(door.port, { method: 'POST', path: '/rpc/ledger/status', headers: { host }, body: '{}' })).status).toBe(401);
    expect((await request(door.port, { method: 'POST', path: '/rpc/ledger/status', headers: { host, 'x-ledger-token': 'x'.repeat(32) }, body: '{}' })).status).toBe(401);
    // the cookie alone is not enough for a call: a cross-site form could send it
    const cookie = `ledger_token=${door.token}`;
    expect((await request(door.port, { method: 'POST', path: '/rpc/ledger/status', headers: { host, cookie }, body: '{}' })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const { door, host } = await start();
    const headers = { 'x-ledger-token': door.token };
    expect((await request(door.port, { method: 'POST', path: '/rpc/ledger/status', headers: { ...headers, host: `evil.example:${door.port}` }, body: '{}' })).status).toBe(403);
    expect((await request(door.port, { method: 'POST', path: '/rpc/ledger/status', headers: { ...headers, host, origin: 'http://evil.example' }, body: '{}' })).status).toBe(403);
  });

  it('serves the UI only after the launch URL set the cookie, with the token injected and a CSP', async () => {
    const { door, host } = await start();
    expect((await request(door.port, { path: '/', headers: { host } })).status).toBe(401);
    const launch = await request(door.port, { path: `/?token=${door.token}`, headers: { host } });
    expect(launch.status).toBe(302);
    const cookie = String(launch.headers['set-cookie']).split(';')[0];
    expect(String(launch.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await request(door.port, { path: '/', headers: { host, cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="ledger-token" content="${door.token}" />`);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
  });

  it('serves nothing outside the renderer build', async () => {
    const { door, host } = await start();
    const launch = await request(door.port, { path: `/?token=${door.token}`, headers: { host } });
    const cookie = String(launch.headers['set-cookie']).split(';')[0];
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const r = await request(door.port, { path: p, headers: { host, cookie } });
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('outside');
    }
  });

  it('listens on loopback only', async () => {
    const { door } = await start();
    expect(door.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const nets = Object.values((await import('node:os')).networkInterfaces()).flat();
    const external = nets.find((n) => n && n.family === 'IPv4' && !n.internal);
    if (external) {
      await expect(
        new Promise((resolve, reject) => {
          const req = http.request({ host: external.address, port: door.port, path: '/', timeout: 2000 }, resolve);
          req.on('error', reject);
          req.on('timeout', () => reject(new Error('timeout')));
          req.end();
        }),
      ).rejects.toThrow();
    }
  });

  it('answers an upload over its limit with 413 and a Chinese error the window can show, never a reset connection', async () => {
    const { door, host } = await start();
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const upload = (headers: Record<string, string>, mb: number) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: door.port, method: 'POST', path: '/rpc/imports/preview', headers: { host, 'x-ledger-token': door.token, ...headers } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        let sent = 0;
        const pump = () => {
          while (sent < mb) {
            sent++;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
    // what a browser sends: the length first
    const declared = await upload({ 'content-length': String(200 * chunk.length) }, 200);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'REQUEST_TOO_LARGE', message: expect.stringContaining('200 MB') } });
    // no length given: counted as it comes
    const chunked = await upload({ 'transfer-encoding': 'chunked' }, 160);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, error: { code: 'REQUEST_TOO_LARGE', message: expect.stringMatching(/超过.*150 MB/) } });
    // and the door still answers afterwards
    expect((await request(door.port, { method: 'POST', path: '/rpc/ledger/status', headers: { host, 'x-ledger-token': door.token }, body: '{}' })).status).toBe(200);
  });

  it('answers a malformed address with 400, not 500', async () => {
    const { door, host } = await start();
    const launch = await request(door.port, { path: `/?token=${door.token}`, headers: { host } });
    const cookie = String(launch.headers['set-cookie']).split(';')[0];
    for (const p of ['/%E0%A4%A', '/%', '/assets/%ZZ.js']) {
      const r = await request(door.port, { path: p, headers: { host, cookie } });
      expect(r.status).toBe(400);
      expect(r.body).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('treats __proto__ in a body as data, not as a prototype', async () => {
    const { door, host } = await start();
    const body = '{"__proto__": {"polluted": true}, "path": "x"}';
    const r = await request(door.port, { method: 'POST', path: '/rpc/ledger/status', headers: { host, 'x-ledger-token': door.token }, body });
    expect(JSON.parse(r.body).ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
