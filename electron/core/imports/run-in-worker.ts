/**
 * parseImportFile in a worker_threads Worker, with a hard timeout and a heap limit: a file that
 * would take too long or too much memory is stopped by terminating the worker, and the caller
 * gets PARSE_TIMEOUT / OUT_OF_MEMORY instead of a hung app. Cancellable with an AbortSignal.
 * Where the worker's code comes from (source under tsx, a built chunk in Electron): worker-script.ts.
 */
import { Worker } from 'node:worker_threads';
import type { CountyResolver } from '../../../shared/record-fields';
import { finishParse, type ParseFileOptions, type UnresolvedParse } from './parse-file';
import type { ImportRefusal } from './refusal';
import { RowCollector, type RowsMessage } from './row-transfer';
import type { ImportResult } from './types';
import { workerScript } from '../worker-script';

export interface WorkerParseOptions extends ParseFileOptions {
  resolveCounty: CountyResolver;
  /**
   * Hard limit for the whole parse. Default: 20 s, or 4 s per MB of input when that is more
   * (at most 180 s): 100,000 rows (~15 MB xlsx) take ~11 s on the 2-core build machine, so a
   * flat 20 s would stop real files on a slow office PC. Hostile files never get near it: the
   * guards refuse them in milliseconds; the timeout is the backstop for what they cannot foresee.
   */
  timeoutMs?: number;
  /** V8 old-generation heap limit of the worker; default 1536 MB (buffers are bounded by the zip guard). */
  maxMemoryMb?: number;
  /** The worker script (a built .js in production); default: worker.ts beside this file, via tsx. */
  workerUrl?: URL | string;
  signal?: AbortSignal;
  onProgress?: (phase: string) => void;
}

export function defaultTimeoutMs(bytes: number): number {
  return Math.min(180_000, Math.max(20_000, Math.ceil((bytes / (1024 * 1024)) * 4_000)));
}

const DEFAULT_MEMORY_MB = 1536;

type WorkerMessage =
  | { type: 'progress'; phase: string }
  | RowsMessage
  | { type: 'result'; ok: true; result: UnresolvedParse }
  | { type: 'result'; ok: false; error: ImportRefusal };

export function parseImportFileInWorker(bytes: Uint8Array, fileName: string, opts: WorkerParseOptions): Promise<ImportResult> {
  const timeoutMs = opts.timeoutMs ?? defaultTimeoutMs(bytes.byteLength);
  const script = workerScript(opts.workerUrl, new URL('./worker.ts', import.meta.url));
  const { resolveCounty, timeoutMs: _t, maxMemoryMb, workerUrl: _w, signal, onProgress, ...options } = opts;
  void _t;
  void _w;

  return new Promise<ImportResult>((resolve) => {
    if (signal?.aborted) {
      resolve({ ok: false, error: { code: 'CANCELLED', message: '已取消导入' } });
      return;
    }
    let settled = false;
    // A copy, so the caller's buffer is not detached by the transfer.
    const copy = new Uint8Array(bytes);
    const worker = new Worker(script.url, {
      workerData: { bytes: copy, fileName, options },
      transferList: [copy.buffer],
      execArgv: script.execArgv,
      resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb ?? DEFAULT_MEMORY_MB },
      stdout: false,
      stderr: false,
    });
    const finish = (result: ImportResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => {
      finish({
        ok: false,
        error: { code: 'PARSE_TIMEOUT', message: `解析超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成，已停止；文件可能过大或已损坏，请拆分或另存后重试` },
      });
    }, timeoutMs);
    const onAbort = (): void => finish({ ok: false, error: { code: 'CANCELLED', message: '已取消导入' } });
    signal?.addEventListener('abort', onAbort, { once: true });

    const rows = new RowCollector();
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'progress') {
        onProgress?.(msg.phase);
        return;
      }
      if (msg.type === 'rows') {
        rows.add(msg);
        return;
      }
      if (!msg.ok) {
        finish({ ok: false, error: msg.error });
        return;
      }
      try {
        finish({ ok: true, value: finishParse(rows.restore(msg.result), resolveCounty) });
      } catch (err) {
        finish({ ok: false, error: { code: 'PARSE_FAILED', message: `无法完成解析：${err instanceof Error ? err.message : String(err)}` } });
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish({ ok: false, error: { code: 'OUT_OF_MEMORY', message: '文件过大，解析时超出内存上限，已停止；请拆分文件后重试' } });
      } else {
        finish({ ok: false, error: { code: 'PARSE_FAILED', message: `解析进程出错：${err.message.slice(0, 200)}` } });
      }
    });
    worker.on('exit', (code) => {
      if (!settled) finish({ ok: false, error: { code: 'PARSE_FAILED', message: `解析进程意外退出（${code}）` } });
    });
  });
}
