/**
 * The renderer's one way to reach the core. It does not know which door it goes through:
 * Electron's preload exposes `window.ledger.invoke`; in a browser we POST to the loopback door.
 */
import type { ArgsOf, OpName, ResultOf } from '../../../shared/api';
import { AppError, type Result } from '../../../shared/result';
import { fromWire, toWire } from '../../../shared/wire';

export interface LedgerBridge {
  invoke(name: string, args: unknown): Promise<Result<unknown>>;
  /** Electron only: opens an attachment with the system's viewer (electron/main/ipc.ts) */
  openAttachment?(attachmentId: number): Promise<Result<unknown>>;
}

declare global {
  interface Window {
    ledger?: LedgerBridge;
  }
}

function httpToken(): string {
  return document.querySelector('meta[name="ledger-token"]')?.getAttribute('content') ?? '';
}

async function viaHttp(name: string, args: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/rpc/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ledger-token': httpToken() },
      body: toWire(args ?? {}),
    });
  } catch {
    return { ok: false, error: { code: 'DISCONNECTED', message: '与台账服务的连接已断开，请重新启动程序' } };
  }
  try {
    return fromWire(await response.text()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'BAD_RESPONSE', message: `台账服务返回了无法识别的应答（HTTP ${response.status}）` } };
  }
}

/** Call an operation of the contract; resolves with its result or rejects with an AppError. */
export async function invoke<K extends OpName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
  return unwrap(window.ledger ? await window.ledger.invoke(name, args) : await viaHttp(name, args)) as ResultOf<K>;
}

/** A door's answer as its value, or thrown as the AppError it carries. */
function unwrap(result: Result<unknown>): unknown {
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.details);
  return result.value;
}

/** Whether this window can hand a file to the system's viewer (the Electron window can; a browser tab cannot). */
export function canOpenWithSystem(): boolean {
  return typeof window.ledger?.openAttachment === 'function';
}

/** Opens an attachment with the system's viewer; rejects with an AppError in Chinese. */
export async function openWithSystem(attachmentId: number): Promise<void> {
  unwrap(await window.ledger!.openAttachment!(attachmentId));
}

/**
 * While a call is pending, asks the core every second whether it waits for another program's
 * write (db/wait-for-writer.ts) and passes on what to tell the user. stop() when the call is
 * done; it answers whether the user was told.
 */
export function watchWaiting(say: (text: string) => void): { stop(): boolean } {
  let told = false;
  let stopped = false;
  const timer = setInterval(() => {
    invoke('ledger/waiting', {}).then(
      ({ message }) => {
        if (!message || stopped) return;
        told = true;
        say(`${message}台账正被另一个程序写入，您的修改会在它完成后保存，请勿关闭`);
      },
      () => undefined,
    );
  }, 1000);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      return told;
    },
  };
}
