/**
 * The Electron build, without Electron's binary: electron-vite bundles main, preload and
 * renderer; the bundled core worker (and the import worker it starts) run in Node exactly as
 * the main process starts them, and import a real file. Catches a worker missing from the
 * bundle, which no source-level test can see.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCoreWorker } from '../../electron/main/core-client';
import { TEAM_FIXTURES } from '../support/fixtures';
import { tempDir } from './support';

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

describe('the Electron build', () => {
  it('bundles a core worker that opens a ledger and imports through the bundled parse worker', async () => {
    const core = startCoreWorker(builtWorker('electron/core/worker.ts'), { dataDir: tempDir(), importWorkerUrl: builtWorker('electron/core/imports/worker.ts') });
    try {
      const created = await core.invoke('ledger/create', { path: 'built.db', officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
      expect(created.ok).toBe(true);
      const content = new Uint8Array(fs.readFileSync(path.join(TEAM_FIXTURES, 'sample-hospital-2021-11.xlsx')));
      const r = await core.invoke('imports/file', { fileName: 'sample-hospital-2021-11.xlsx', content });
      expect(r).toMatchObject({ ok: true, value: { status: 'imported', records: 24, totalFen: 10725553 } });
      expect(await core.invoke('verify/ledger', {})).toMatchObject({ ok: true, value: { ok: true } });
    } finally {
      await core.stop();
    }
  });

  it('ships the renderer with its Content-Security-Policy and the preload as CommonJS', () => {
    const html = fs.readFileSync(path.join(OUT, 'renderer/index.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*default-src 'self'/);
    expect(fs.existsSync(path.join(OUT, 'preload/index.cjs'))).toBe(true);
  });
});
