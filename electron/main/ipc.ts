/**
 * The IPC door: one channel, one handler. It answers only the app's own top frame and only
 * well-formed calls; the core (in a worker) validates the argument against the contract.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../shared/result';
import { isAppUrl } from './security';

export const INVOKE_CHANNEL = 'ledger:invoke';

export type CoreInvoke = (name: string, args: unknown) => Promise<Result<unknown>>;

export function senderAllowed(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, appUrl);
}

export function registerIpc(ipcMain: IpcMain, appUrl: () => string, invoke: CoreInvoke): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, message: unknown): Promise<Result<unknown>> => {
    if (!senderAllowed(event, appUrl())) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求' } };
    }
    if (typeof message !== 'object' || message === null || typeof (message as { name?: unknown }).name !== 'string') {
      return { ok: false, error: { code: 'BAD_REQUEST', message: '请求格式不正确' } };
    }
    const { name, args } = message as { name: string; args?: unknown };
    return invoke(name, args ?? {});
  });
}
