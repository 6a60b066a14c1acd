/**
 * Locks a window down: no new windows (https/mailto links go to the system browser), no
 * navigation away from the app, no permissions, no webviews.
 */
import { shell, type BrowserWindow, type Session } from 'electron';

const EXTERNAL_PROTOCOLS = new Set(['https:', 'mailto:']);

export function isAllowedExternal(url: string): boolean {
  try {
    return EXTERNAL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Same origin by URL parsing, never by string prefix ('http://127.0.0.1:5173.evil' must fail). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(appUrl);
    if (a.protocol === 'file:' && b.protocol === 'file:') return a.pathname === b.pathname;
    return a.origin === b.origin;
  } catch {
    return false;
  }
}

export function lockDownWindow(win: BrowserWindow, appUrl: string): void {
  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function refusePermissions(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
