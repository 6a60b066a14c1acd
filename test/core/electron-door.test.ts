/**
 * The Electron door with a mocked electron module (the binary cannot run here): the window's
 * webPreferences, navigation and window-open rules, permissions, and the one IPC handler.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const windows: {
    options: Record<string, unknown>;
    handlers: Record<string, (...a: unknown[]) => unknown>;
    openHandler?: (d: { url: string }) => unknown;
    window: { focus: ReturnType<typeof vi.fn>; restore: ReturnType<typeof vi.fn> };
  }[] = [];
  const coreInvoke = vi.fn(async (name: string) => ({ ok: true, value: { called: name } }));
  const ipcHandlers = new Map<string, (...a: unknown[]) => unknown>();
  const openExternal = vi.fn();
  const openPath = vi.fn(async (_p: string) => '');
  let permissionHandler: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
  class BrowserWindow {
    static getAllWindows = () => windows.map((w) => w.window);
    webContents: Record<string, unknown>;
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => true;
    constructor(options: Record<string, unknown>) {
      const entry: (typeof windows)[number] = { options, handlers: {}, window: this };
      windows.push(entry);
      this.webContents = {
        reload: vi.fn(),
        setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (entry.openHandler = fn),
        on: (name: string, fn: (...a: unknown[]) => unknown) => (entry.handlers[name] = fn),
      };
    }
    once() {}
    loadURL() { return Promise.resolve(); }
    loadFile() { return Promise.resolve(); }
  }
  let ready: () => void = () => undefined;
  const app = {
    getPath: () => '/tmp',
    requestSingleInstanceLock: () => true,
    whenReady: () => new Promise<void>((r) => (ready = r)),
    on: vi.fn(),
    quit: vi.fn(),
    fireReady: () => ready(),
  };
  return {
    windows, ipcHandlers, openExternal, openPath, app, coreInvoke,
    getPermissionHandler: () => permissionHandler,
    module: {
      app,
      BrowserWindow,
      shell: { openExternal, openPath },
      ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => ipcHandlers.set(ch, fn) },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: typeof permissionHandler) => (permissionHandler = fn),
          setPermissionCheckHandler: vi.fn(),
        },
      },
    },
  };
});

vi.mock('electron', () => ({ ...electron.module, default: electron.module }));
vi.mock('../../electron/core/worker?modulePath', () => ({ default: '/worker.js' }));
vi.mock('../../electron/core/db/pg/client-thread?modulePath', () => ({ default: '/pg-client-thread.js' }));
vi.mock('../../electron/main/core-client', () => ({
  startCoreWorker: () => ({ invoke: electron.coreInvoke, stop: vi.fn() }),
}));

describe('the Electron door', () => {
  beforeEach(async () => {
    if (electron.windows.length === 0) {
      await import('../../electron/main/index');
      electron.app.fireReady();
      await new Promise((r) => setTimeout(r, 10));
    }
  });

  it('creates its window with the secure webPreferences', () => {
    const prefs = electron.windows[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('denies new windows and opens only https/mailto links outside', () => {
    const open = electron.windows[0].openHandler!;
    expect(open({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(electron.openExternal.mock.calls.map((c) => c[0])).toEqual(['https://www.gov.cn/']);
  });

  it('blocks navigation to another origin, compared as URLs not prefixes', async () => {
    const { isAppUrl } = await import('../../electron/main/security');
    expect(isAppUrl('http://127.0.0.1:5173/x', 'http://127.0.0.1:5173/')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5173.evil.com/', 'http://127.0.0.1:5173/')).toBe(false);
    const prevent = vi.fn();
    electron.windows[0].handlers['will-navigate']({ preventDefault: prevent }, 'https://evil.example/');
    expect(prevent).toHaveBeenCalled();
    const webview = vi.fn();
    electron.windows[0].handlers['will-attach-webview']({ preventDefault: webview });
    expect(webview).toHaveBeenCalled();
  });

  it('refuses every permission request', () => {
    const answer = vi.fn();
    electron.getPermissionHandler()!(null, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
  });

  it('has one IPC handler for the contract that answers only the app top frame with well-formed calls', async () => {
    expect([...electron.ipcHandlers.keys()]).toEqual(['ledger:invoke', 'ledger:openAttachment']);
    const handle = electron.ipcHandlers.get('ledger:invoke')!;
    const appFile = (electron.windows[0].options.webPreferences as { preload: string }).preload.replace(/preload[\\/]index\.cjs$/, 'renderer/index.html');
    const top = { senderFrame: { parent: null, url: `file://${appFile}` } };
    expect(await handle(top, { name: 'ledger/status', args: {} })).toEqual({ ok: true, value: { called: 'ledger/status' } });
    expect(await handle({ senderFrame: { parent: {}, url: `file://${appFile}` } }, { name: 'ledger/status' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handle({ senderFrame: { parent: null, url: 'https://evil.example/' } }, { name: 'ledger/status' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handle(top, 'ledger/status')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('opens an attachment with the system viewer: the copy the core wrote, for the app frame only', async () => {
    const handle = electron.ipcHandlers.get('ledger:openAttachment')!;
    const appFile = (electron.windows[0].options.webPreferences as { preload: string }).preload.replace(/preload[\\/]index\.cjs$/, 'renderer/index.html');
    const top = { senderFrame: { parent: null, url: `file://${appFile}` } };
    electron.coreInvoke.mockClear();
    electron.coreInvoke.mockImplementationOnce(async () => ({ ok: true, value: { path: '/data/viewer/7/合同.docx' } }) as never);
    expect(await handle(top, 7)).toEqual({ ok: true, value: null });
    expect(electron.coreInvoke).toHaveBeenCalledWith('attachments/viewerCopy', { attachmentId: 7 });
    expect(electron.openPath).toHaveBeenCalledWith('/data/viewer/7/合同.docx');

    electron.coreInvoke.mockImplementationOnce(async () => ({ ok: true, value: { path: '/data/viewer/8/x.ofd' } }) as never);
    electron.openPath.mockResolvedValueOnce('No application is associated with the specified file');
    expect(await handle(top, 8)).toMatchObject({ ok: false, error: { code: 'OPEN_FAILED', message: expect.stringContaining('系统无法打开这个文件') } });

    electron.coreInvoke.mockImplementationOnce(async () => ({ ok: false, error: { code: 'ATTACHMENT_BROKEN', message: '附件“x”的文件内容被改动过' } }) as never);
    electron.openPath.mockClear();
    expect(await handle(top, 9)).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_BROKEN' } });
    expect(electron.openPath).not.toHaveBeenCalled();

    // whatever the core answers, the door opens only a document's extension inside the viewer folder
    for (const p of ['/data/viewer/10/invoice.pdf.exe', '/data/viewer/11/发票.bat', '/data/viewer/12/evil.dll', '/data/viewer/13/a.PDF.lnk', '/data/viewer/14/noext']) {
      electron.coreInvoke.mockImplementationOnce(async () => ({ ok: true, value: { path: p } }) as never);
      expect(await handle(top, 10)).toMatchObject({ ok: false, error: { code: 'PREVIEW_UNSUPPORTED', message: expect.stringContaining('不支持预览') } });
    }
    expect(electron.openPath).not.toHaveBeenCalled();

    electron.coreInvoke.mockClear();
    expect(await handle({ senderFrame: { parent: null, url: 'https://evil.example/' } }, 7)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await handle(top, '../../etc/passwd')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await handle(top, 1.5)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(electron.coreInvoke).not.toHaveBeenCalled();
  });

  it('keeps one instance: a second start brings the window forward and opens the file it was given', async () => {
    const secondInstance = electron.app.on.mock.calls.find((c) => c[0] === 'second-instance')![1] as (e: unknown, argv: string[]) => void;
    electron.coreInvoke.mockClear();
    secondInstance({}, ['C:\\Program Files\\帮扶台账\\帮扶台账.exe', 'D:\\台账\\松江区.bfdb']);
    const win = electron.windows[0].window;
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 0));
    expect(electron.coreInvoke).toHaveBeenCalledWith('ledger/open', { path: 'D:\\台账\\松江区.bfdb' });
  });
});
