/**
 * The loopback door: the same handlers for a browser on this machine. It listens on
 * 127.0.0.1 only, requires the per-launch token on every request, refuses foreign Host
 * headers (DNS rebinding) and cross-origin calls, and serves nothing outside the renderer build.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fromWire, toWire } from '../../shared/wire';
import type { Core } from '../core/core';

export interface HttpDoorOptions {
  core: Core;
  /** the renderer build (dist-web); null serves only /rpc */
  staticDir: string | null;
  port?: number;
  token?: string;
}

export interface HttpDoor {
  url: string;
  /** the URL to open first: it carries the token and sets the session cookie */
  launchUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Room for a 100 MB workbook as base64; larger files are refused before they are sent. */
const MAX_BODY_BYTES = 150 * 1024 * 1024;
const COOKIE = 'ledger_token';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: http.IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function startHttpDoor(opts: HttpDoorOptions): Promise<HttpDoor> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const staticRoot = opts.staticDir ? path.resolve(opts.staticDir) : null;
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handleRpc(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, '只接受 POST 请求');
    // The header (not only the cookie) is required: a cross-site page cannot set it.
    if (!sameToken(req.headers['x-ledger-token'] as string | undefined, token)) return send(res, 401, '缺少或错误的访问令牌');
    const origin = req.headers.origin;
    if (origin && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return send(res, 403, '拒绝跨站请求');
    let args: unknown;
    try {
      const body = await readBody(req);
      // JSON.parse makes '__proto__' an own property, never the prototype; zod then drops unknown keys.
      args = body.length ? fromWire(body.toString('utf8')) : {};
    } catch {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'BAD_REQUEST', message: '请求内容不是有效的 JSON 或过大' } }), 'application/json; charset=utf-8');
    }
    const result = await opts.core.invoke(name, args);
    send(res, 200, toWire(result), 'application/json; charset=utf-8');
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (!staticRoot) return send(res, 404, '未找到');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '不支持的请求方法');
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(staticRoot, rel);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) return send(res, 404, '未找到');
    let body: Buffer;
    try {
      body = fs.readFileSync(file);
    } catch {
      return send(res, 404, '未找到');
    }
    const ext = path.extname(file).toLowerCase();
    if (ext === '.html') {
      const html = body.toString('utf8').replace('<head>', `<head>\n    <meta name="ledger-token" content="${token}" />`);
      return send(res, 200, html, TYPES['.html'], { 'content-security-policy': CSP, 'x-frame-options': 'DENY' });
    }
    send(res, 200, body, TYPES[ext] ?? 'application/octet-stream', { 'cache-control': 'no-cache' });
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 403, '拒绝访问：主机名不符');
        const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
        const queryToken = url.searchParams.get('token');
        if (queryToken !== null) {
          if (!sameToken(queryToken, token)) return send(res, 401, '访问令牌错误，请使用程序启动时打印的完整地址');
          return send(res, 302, '', 'text/plain; charset=utf-8', {
            'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
            location: url.pathname,
          });
        }
        if (url.pathname.startsWith('/rpc/')) return await handleRpc(req, res, url.pathname.slice(5));
        if (!sameToken(cookieToken(req), token)) {
          return send(res, 401, '请使用程序启动时打印的完整地址（含访问令牌）打开帮扶台账');
        }
        serveStatic(req, res, url.pathname);
      } catch (err) {
        send(res, 500, `内部错误：${(err as Error).message}`);
      }
    })();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as { port: number }).port;
      const url = `http://127.0.0.1:${port}/`;
      resolve({
        url,
        launchUrl: `${url}?token=${token}`,
        port,
        token,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
