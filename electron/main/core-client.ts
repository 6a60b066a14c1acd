/** The main process's handle on the core worker: invoke by name, matched replies by id. */
import { Worker } from 'node:worker_threads';
import type { Result } from '../../shared/result';
import type { WorkerUrls } from '../core/worker-script';

export interface CoreWorkerData {
  dataDir: string;
  /** the built workers the core starts (import parsing, the audit-chain walk, demo rows) */
  workerUrls: Required<WorkerUrls>;
}

export function startCoreWorker(workerPath: string, data: CoreWorkerData) {
  const worker = new Worker(workerPath, { workerData: data });
  let nextId = 1;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  worker.on('message', (msg: { id: number; result: Result<unknown> }) => {
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  });
  worker.on('error', (err) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'CORE_CRASHED', message: `台账服务出错：${err.message}` } });
    pending.clear();
  });
  return {
    invoke(name: string, args: unknown): Promise<Result<unknown>> {
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        worker.postMessage({ id, name, args });
      });
    },
    stop: () => worker.terminate(),
  };
}
