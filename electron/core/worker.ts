/**
 * The core in a worker thread, so SQL never blocks Electron's main thread (Signal's pattern).
 * Messages: { id, name, args } in, { id, result } out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCore } from './core';
import { reopenLast } from './ledger/app';

const data = (workerData ?? {}) as { dataDir?: string; importWorkerUrl?: string };
const core = createCore({ dataDir: data.dataDir, importWorkerUrl: data.importWorkerUrl });
const ready = reopenLast(core.ctx);

parentPort?.on('message', (msg: { id: number; name: string; args: unknown }) => {
  void ready.then(() => core.invoke(msg.name, msg.args)).then((result) => parentPort?.postMessage({ id: msg.id, result }));
});
