/**
 * The Electron build, without Electron's binary: electron-vite bundles main, preload and
 * renderer; the bundled core worker (and the import worker it starts) run in Node exactly as
 * the main process starts them, and import a real file. Catches a worker missing from the
 * bundle, which no source-level test can see.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { MessageChannel, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ChainWorkerLedger, ChainWorkerResult } from '../../electron/core/checks/audit-chain-parallel';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { startCoreWorker } from '../../electron/main/core-client';
import { TEAM_FIXTURES } from '../support/fixtures';
import { newCore, serverDatabase, tempDir } from './support';
import { editBehindTheApp } from '../support/behind-the-app';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'out');

beforeAll(() => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
}, 200_000);

/** The worker paths the built main process passes to its workers. */
function builtWorker(source: string): string {
  const main = fs.readFileSync(path.join(OUT, 'main/index.js'), 'utf8');
  const m = new RegExp(`// ${source.replace(/[.?]/g, '\\$&')}\\?modulePath\\n[^\\n]*"(\\./chunks/[^"]+)"`).exec(main);
  if (!m) throw new Error(`no bundled worker for ${source}`);
  return path.join(OUT, 'main', m[1]);
}

/** The bundled audit-chain worker's walk from the first entry, as the check run starts it. */
function walkInBuiltWorker(ledger: ChainWorkerLedger): Promise<ChainWorkerResult> {
  return new Promise<ChainWorkerResult>((resolve, reject) => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(builtWorker('electron/core/checks/audit-chain-worker.ts'), {
      workerData: { ledger, from: { seq: 0, hash: '0'.repeat(64) }, state: new SharedArrayBuffer(8), port: port2 },
      transferList: [port2],
    });
    port1.once('message', (m: ChainWorkerResult) => {
      port1.close();
      void worker.terminate().then(() => resolve(m));
    });
    worker.once('error', reject);
  });
}

describe('the Electron build', () => {
  it('bundles a core worker that opens a ledger and imports through the bundled parse worker', async () => {
    const core = startCoreWorker(builtWorker('electron/core/worker.ts'), {
      dataDir: tempDir(),
      workerUrls: {
        importParse: builtWorker('electron/core/imports/worker.ts'),
        auditChain: builtWorker('electron/core/checks/audit-chain-worker.ts'),
        demoRows: builtWorker('electron/core/demo/rows-worker.ts'),
        pgClient: builtWorker('electron/core/db/pg/client-thread.ts'),
      },
    });
    try {
      const created = await core.invoke('ledger/create', { path: 'built.db', officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
      expect(created.ok).toBe(true);
      const content = new Uint8Array(fs.readFileSync(path.join(TEAM_FIXTURES, 'sample-hospital-2021-11.xlsx')));
      const r = await core.invoke('imports/file', { fileName: 'sample-hospital-2021-11.xlsx', content });
      expect(r).toMatchObject({ ok: true, value: { status: 'imported', records: 24, totalFen: 10725553 } });
      expect(await core.invoke('verify/ledger', {})).toMatchObject({ ok: true, value: { ok: true } });
      // a demo large enough to make its rows in the bundled rows worker
      expect(await core.invoke('ledger/create', { path: 'demo.db', officeName: '演示', districtName: '松江区', districtCode: '310117' })).toMatchObject({ ok: true });
      expect(await core.invoke('demo/generate', { rows: 20_000, seed: 1 })).toEqual({ ok: true, value: { records: 20_000 } });
      expect(await core.invoke('verify/ledger', {})).toMatchObject({ ok: true, value: { ok: true } });
    } finally {
      await core.stop();
    }
  });

  it('bundles the audit-chain worker, which walks a real ledger and finds a tampered entry', async () => {
    const dir = tempDir();
    const core = newCore(dir);
    const { path: file } = await core.call('ledger/create', { path: 'chain.db', officeName: '链', districtName: '', districtCode: '' });
    await core.call('records/apply', { ops: [{ type: 'insert', values: { date: '2021-11-05', productName: '茶叶', amountFen: 100 } }] });
    core.close();
    const walk = (ledgerPath: string) => walkInBuiltWorker({ file: ledgerPath });
    const clean = await walk(file!);
    expect(clean).toMatchObject({ ok: true, issues: [] });
    const raw = new Database(file!);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET label = '篡改' WHERE seq = 2").run();
    raw.close();
    const tampered = await walk(file!);
    expect(tampered.ok && tampered.issues.map((i) => i.subject)).toEqual(['audit:2']);
  });

  it('bundles the audit-chain worker with its PostgreSQL reader: it walks a server ledger and finds a tampered entry', async () => {
    const { url } = serverDatabase('built');
    const core = newCore(tempDir());
    await core.call('ledger/create', { path: url, officeName: '链', districtName: '', districtCode: '' });
    await core.call('records/apply', { ops: [{ type: 'insert', values: { date: '2021-11-05', productName: '茶叶', amountFen: 100 } }] });
    core.close();
    expect(await walkInBuiltWorker({ postgres: { url } })).toMatchObject({ ok: true, issues: [] });
    editBehindTheApp(url, 'ALTER TABLE audit_log DISABLE TRIGGER USER', "UPDATE audit_log SET label = '篡改' WHERE seq = 2");
    const tampered = await walkInBuiltWorker({ postgres: { url } });
    expect(tampered.ok && tampered.issues.map((i) => i.subject)).toEqual(['audit:2']);
  });

  it('ships the renderer with its Content-Security-Policy and the preload as CommonJS', () => {
    const html = fs.readFileSync(path.join(OUT, 'renderer/index.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*default-src 'self'/);
    expect(fs.existsSync(path.join(OUT, 'preload/index.cjs'))).toBe(true);
  });

  it('bundles the PostgreSQL connection thread, which answers a query on a real server', () => {
    const client = new PgSyncClient(inject('pgAdminUrl'), { threadUrl: builtWorker('electron/core/db/pg/client-thread.ts') });
    try {
      expect(client.query('SELECT count(*) AS n FROM pg_database WHERE datname = $1', ['postgres']).rows).toEqual([{ n: 1 }]);
    } finally {
      client.close();
    }
  });
});
