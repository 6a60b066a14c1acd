/** Electron's main process: one window, the IPC door, the core in a worker. Nothing else. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import auditChainWorkerPath from '../core/checks/audit-chain-worker?modulePath';
import demoRowsWorkerPath from '../core/demo/rows-worker?modulePath';
import importWorkerPath from '../core/imports/worker?modulePath';
import coreWorkerPath from '../core/worker?modulePath';
import pgClientThreadPath from '../core/db/pg/client-thread?modulePath';
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

/** The ledger file a start was asked to open (a double-clicked .bfdb/.db), if any. */
export function ledgerFileArg(argv: readonly string[]): string | null {
  const file = [...argv].reverse().find((a) => /\.(bfdb|db)$/i.test(a) && !a.startsWith('-'));
  return file ?? null;
}

// One app per PC user: a second start (a double-clicked ledger, say) hands its file to the
// first one, which comes to the front, instead of a second process writing the same ledger.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: ReturnType<typeof startCoreWorker> | null = null;
  const openFile = (file: string | null) => {
    if (!file || !core) return;
    void core.invoke('ledger/open', { path: file }).then(() => BrowserWindow.getAllWindows()[0]?.webContents.reload());
  };

  app.on('second-instance', (_event, argv: string[]) => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    openFile(ledgerFileArg(argv));
  });

  void app.whenReady().then(() => {
    refusePermissions(session.defaultSession);
    core = startCoreWorker(coreWorkerPath, {
      dataDir,
      workerUrls: { importParse: importWorkerPath, auditChain: auditChainWorkerPath, demoRows: demoRowsWorkerPath, pgClient: pgClientThreadPath },
    });
    registerIpc(ipcMain, () => appUrl, core.invoke, (p) => shell.openPath(p));
    createWindow();
    openFile(ledgerFileArg(process.argv.slice(1)));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
    // Before quitting, close the ledger through the core (which takes the exit backup), then stop it.
    let closing = false;
    app.on('before-quit', (event) => {
      if (closing || !core) return;
      closing = true;
      event.preventDefault();
      const done = () => void core!.stop().finally(() => app.quit());
      void core.invoke('ledger/close', {}).then(done, done);
    });
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
