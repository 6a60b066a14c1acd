/**
 * The demo's records as prepared chunks, made in a worker thread (rows-worker.ts) while this
 * thread writes: generating, validating and digesting a million rows is as much work as
 * writing them, and the machine has a second core. Synchronous, like the write it feeds (the
 * demo is one transaction per chunk, nothing else runs in between): chunks are taken with
 * receiveMessageOnPort, waiting on a shared counter. Where no worker can start, the same
 * chunks are made here, one after another.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/result';
import type { RecordValues } from '../../../shared/domain/record';
import { prepareRows, type PreparedRows, type RowValidator, type Row, type TableColumns } from '../db/write-path';
import { valuesToColumns } from '../records/columns';
import { workerScript } from '../worker-script';
import { generateDemo, type DemoInput } from './generate';

/** Int32 slots of the shared state: chunks posted by the worker, chunks taken by the writer. */
export const PRODUCED = 0;
export const CONSUMED = 1;
/** Chunks the worker may run ahead of the writer. */
export const AHEAD = 2;
/** A worker silent this long is taken for dead. */
const STALL_MS = 120_000;

export interface RowsWorkerInput {
  demo: Omit<DemoInput, 'counties'>;
  shape: TableColumns;
  firstId: number;
  at: string;
  chunk: number;
  state: SharedArrayBuffer;
}

export type RowsWorkerMessage = { type: 'chunk'; batch: PreparedRows } | { type: 'done' } | { type: 'error'; code: string; message: string };

export interface ChunkSource {
  demo: DemoInput;
  shape: TableColumns;
  firstId: number;
  at: string;
  chunk: number;
  validate?: RowValidator;
  /** the built worker (Electron build); default: rows-worker.ts under tsx; null: no worker */
  workerUrl?: string | null;
}

export function* demoChunks(src: ChunkSource): Generator<PreparedRows> {
  const fromWorker = src.workerUrl === null ? null : startWorker(src);
  if (fromWorker) {
    yield* fromWorker;
    return;
  }
  const records = generateDemo(src.demo).records[Symbol.iterator]();
  let firstId = src.firstId;
  for (;;) {
    const chunk: Row[] = [];
    for (let next = records.next(); !next.done; next = records.next()) {
      chunk.push(valuesToColumns(next.value as Partial<RecordValues>));
      if (chunk.length === src.chunk) break;
    }
    if (chunk.length === 0) return;
    yield prepareRows(src.shape, chunk, { at: src.at, firstId, validate: src.validate });
    firstId += chunk.length;
  }
}

function startWorker(src: ChunkSource): Generator<PreparedRows> | null {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const script = workerScript(src.workerUrl ?? undefined, new URL('./rows-worker.ts', import.meta.url));
  const { counties: _counties, ...demo } = src.demo;
  const input: RowsWorkerInput & { port: typeof port2 } = { demo, shape: src.shape, firstId: src.firstId, at: src.at, chunk: src.chunk, state: shared, port: port2 };
  let worker: Worker;
  try {
    worker = new Worker(script.url, { workerData: input, transferList: [port2], execArgv: script.execArgv });
  } catch {
    return null;
  }
  worker.on('error', () => undefined); // seen as a stall
  return (function* () {
    try {
      for (let taken = 0; ; ) {
        const since = performance.now();
        while (Atomics.load(state, PRODUCED) <= taken) {
          if (performance.now() - since > STALL_MS) throw new AppError('DEMO_FAILED', '生成演示数据的后台线程没有响应，已停止；已写入的数据保持完整');
          Atomics.wait(state, PRODUCED, taken, 1_000);
        }
        const msg = receiveMessageOnPort(port1)?.message as RowsWorkerMessage | undefined;
        if (!msg) {
          Atomics.wait(state, CONSUMED, Atomics.load(state, CONSUMED), 1);
          continue;
        }
        taken++;
        Atomics.store(state, CONSUMED, taken);
        Atomics.notify(state, CONSUMED);
        if (msg.type === 'done') return;
        if (msg.type === 'error') throw new AppError(msg.code, msg.message);
        yield msg.batch;
      }
    } finally {
      port1.close();
      void worker.terminate();
    }
  })();
}
