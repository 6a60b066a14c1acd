/**
 * The core in a worker thread, so SQL never blocks Electron's main thread (Signal's pattern).
 * Messages: { id, name, args } in, { id, result } out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createCore } from './core';
import { reopenLast } from './ledger/app';
import type { WorkerUrls } from './worker-script';

const data = (workerData ?? {}) as { dataDir?: string; workerUrls?: WorkerUrls };
// Automatic backups every 10 minutes at most while changes happen, and on close.
const core = createCore({ dataDir: data.dataDir, workerUrls: data.workerUrls, autoBackup: { intervalMs: 10 * 60_000 } });
const ready = reopenLast(core.ctx);

parentPort?.on('message', (msg: { id: number; name: string; args: unknown }) => {
  void ready.then(() => core.invoke(msg.name, msg.args)).then((result) => parentPort?.postMessage({ id: msg.id, result }));
});
