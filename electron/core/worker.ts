/**
 * The core in a worker thread, so SQL never blocks Electron's main thread (Signal's pattern).
 * Messages: { id, name, args } in, { id, result } out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCore } from './core';

const core = createCore({ dataDir: (workerData as { dataDir?: string } | undefined)?.dataDir });

parentPort?.on('message', (msg: { id: number; name: string; args: unknown }) => {
  void core.invoke(msg.name, msg.args).then((result) => parentPort?.postMessage({ id: msg.id, result }));
});
