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
/**
 * An over-long body is still read (and dropped) up to this much after the 413 is sent: a browser
 * that is cut off mid-upload reports a reset connection, never the answer. Past it, the door
 * stops listening to that request.
 */
const MAX_DRAIN_BYTES = 1024 * 1024 * 1024;
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

function sendJsonError(res: http.ServerResponse, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  send(res, status, JSON.stringify({ ok: false, error: { code, message } }), 'application/json; charset=utf-8', extra);
}

class BodyTooLarge extends Error {}

/** The body, or BodyTooLarge as soon as it (declared or as counted) passes MAX_BODY_BYTES. */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** 413 with a message the window shows, then the rest of the upload is read and dropped (see MAX_DRAIN_BYTES). */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  const size = declared > 0 ? `有 ${Math.round(declared / 1024 / 1024)} MB，` : '';
  // No 'connection: close': Node would close the socket under a client still sending, which
  // sees a reset (EPIPE) instead of this answer.
  sendJsonError(res, 413, 'REQUEST_TOO_LARGE', `上传的内容${size}超过一次请求 ${MAX_BODY_BYTES / 1024 / 1024} MB 的上限，未处理；导入文件请不超过 100 MB，可按月或按单位拆分后再导入`);
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) req.destroy();
  });
  req.resume();
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
    } catch (err) {
      if (err instanceof BodyTooLarge) return refuseTooLarge(req, res);
      return sendJsonError(res, 400, 'BAD_REQUEST', '请求内容不是有效的 JSON');
    }
    const result = await opts.core.invoke(name, args);
    send(res, 200, toWire(result), 'application/json; charset=utf-8');
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (!staticRoot) return send(res, 404, '未找到');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '不支持的请求方法');
    let rel: string;
    try {
      rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return send(res, 400, '地址格式不正确');
    }
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
