/**
 * Runs the app for a browser: the core plus the loopback door serving the renderer build.
 * Used where Electron's binary is not available, and by the end-to-end tests.
 *   tsx electron/http/serve.ts [--data-dir DIR] [--port N] [--ledger FILE] [--static DIR]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCore, defaultDataDir } from '../core/core';
import { reopenLast } from '../core/ledger/app';
import { startHttpDoor } from './server';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    ledger: { type: 'string' },
    static: { type: 'string' },
  },
});

const staticDir = path.resolve(values.static ?? 'dist-web');
if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
  console.error(`找不到界面文件 ${staticDir}/index.html，请先运行 npm run build:web`);
  process.exit(2);
}
const dataDir = values['data-dir'] ?? defaultDataDir();
fs.mkdirSync(dataDir, { recursive: true });
// The browser door is the app too: automatic backups every 10 minutes at most, and on exit.
const core = createCore({ dataDir, autoBackup: { intervalMs: 10 * 60_000 } });
if (values.ledger) {
  const r = await core.invoke('ledger/open', { path: path.resolve(values.ledger) });
  if (!r.ok) console.error(`无法打开台账：${r.error.message}`);
} else {
  await reopenLast(core.ctx);
}
const door = await startHttpDoor({ core, staticDir, port: values.port ? Number(values.port) : 0 });
console.log(`帮扶台账已启动。请在浏览器中打开：${door.launchUrl}`);
console.log(`台账文件夹：${dataDir}`);
console.log(`LEDGER_URL=${door.launchUrl}`);

function shutdown() {
  // ledger/close takes the backup on exit (if anything changed), then closes the file.
  setTimeout(() => process.exit(0), 30_000).unref();
  void core
    .invoke('ledger/close', {})
    .then(() => door.close())
    .then(() => process.exit(0));
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
