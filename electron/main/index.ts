/** Electron's main process: one window, the IPC door, the core in a worker. Nothing else. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import importWorkerPath from '../core/imports/worker?modulePath';
import coreWorkerPath from '../core/worker?modulePath';
import { startCoreWorker } from './core-client';
import { registerIpc } from './ipc';
import { lockDownWindow, refusePermissions } from './security';
import { secureWebPreferences } from './web-preferences';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.LEDGER_DATA_DIR ?? path.join(app.getPath('documents'), '帮扶台账');
let appUrl = '';

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: '帮扶台账',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, '../preload/index.cjs')),
  });
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  appUrl = devUrl ?? `file://${path.join(here, '../renderer/index.html')}`;
  lockDownWindow(win, appUrl);
  win.once('ready-to-show', () => win.show());
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(path.join(here, '../renderer/index.html'));
}

void app.whenReady().then(() => {
  refusePermissions(session.defaultSession);
  const core = startCoreWorker(coreWorkerPath, { dataDir, importWorkerUrl: importWorkerPath });
  registerIpc(ipcMain, () => appUrl, core.invoke);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', () => void core.stop());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
