// Runs before `npm start`, `npm test`, `npm run cli` and `npm run bench`.
// better-sqlite3 13 needs Node >= 22. The `node` devDependency provides it (first on the PATH of
// every npm script), but its binary arrives through the package's own install script, which
// `npm ci --ignore-scripts` (needed so Electron does not try to download itself) skips. Run
// just that one script when the binary is missing, so the README's commands work as written.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node');

if (Number(process.versions.node.split('.')[0]) >= 22 || fs.existsSync(bin)) process.exit(0);
console.error(`当前 Node.js 为 ${process.version}，本程序需要 22 或更高版本；正在安装项目自带的 Node.js 22…`);
const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'node'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (r.status !== 0 || !fs.existsSync(bin)) {
  console.error('无法安装 Node.js 22：请安装 Node.js 22 或更高版本后重试（https://nodejs.org/）。');
  process.exit(1);
}
