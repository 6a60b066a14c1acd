// `npm start`: the Electron window where Electron's binary is installed (a Windows PC with
// internet); otherwise the same UI served to a browser on loopback, with its URL printed.
//   npm start -- --browser        force the browser mode
//   npm start -- --data-dir DIR   where ledgers live (default: ~/Documents/帮扶台账)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

function electronBinary() {
  try {
    const file = require('electron'); // the package exports the binary's path, or throws when it is missing
    return typeof file === 'string' && fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

function run(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (!forceBrowser && electronBinary()) {
  run(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'dev']);
} else {
  if (!forceBrowser) console.log('未找到 Electron 程序文件，改为在浏览器中运行同一界面。');
  console.log('正在构建界面…');
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.web.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(process.execPath, ['--import', 'tsx', path.join(root, 'electron/http/serve.ts'), ...passThrough]);
}
