/**
 * The IPC door: one channel for the contract, one handler. It answers only the app's own top
 * frame and only well-formed calls; the core (in a worker) validates the argument against the
 * contract. Beside it, one narrow channel for what only this process can do: open an attachment
 * with the system's viewer. The window names the attachment, never a path; the path opened is
 * the checked copy the core just wrote (attachments/viewerCopy).
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { hasViewerExtension, previewUnsupportedMessage } from '../../shared/domain/attachments';
import type { Result } from '../../shared/result';
import { isAppUrl } from './security';

export const INVOKE_CHANNEL = 'ledger:invoke';
export const OPEN_ATTACHMENT_CHANNEL = 'ledger:openAttachment';

export type CoreInvoke = (name: string, args: unknown) => Promise<Result<unknown>>;

export function senderAllowed(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, appUrl);
}

/** shell.openPath: '' when the system opened it, else its reason. */
export type OpenPath = (path: string) => Promise<string>;

export function registerIpc(ipcMain: IpcMain, appUrl: () => string, invoke: CoreInvoke, openPath: OpenPath): void {
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

  ipcMain.handle(OPEN_ATTACHMENT_CHANNEL, async (event, attachmentId: unknown): Promise<Result<null>> => {
    if (!senderAllowed(event, appUrl())) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自非本程序页面的请求' } };
    }
    if (!Number.isSafeInteger(attachmentId) || (attachmentId as number) <= 0) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: '请求格式不正确' } };
    }
    const copy = await invoke('attachments/viewerCopy', { attachmentId });
    if (!copy.ok) return copy;
    const copyPath = (copy.value as { path: string }).path;
    // The core names copies by their bytes' type; this door still opens nothing but a document's
    // extension (on Windows, opening an .exe, .bat or .dll runs it).
    if (!hasViewerExtension(copyPath)) {
      return { ok: false, error: { code: 'PREVIEW_UNSUPPORTED', message: previewUnsupportedMessage(copyPath.split(/[\\/]/).pop() ?? '') } };
    }
    const problem = await openPath(copyPath);
    return problem ? { ok: false, error: { code: 'OPEN_FAILED', message: `系统无法打开这个文件：${problem}` } } : { ok: true, value: null };
  });
}
