/**
 * The check run's side of audit-chain-worker.ts. The run is synchronous and stepped (see
 * run.ts), so it cannot await a message: the worker counts progress into shared memory, and
 * the result is taken with receiveMessageOnPort once the worker flags it done. Each step waits
 * at most WAIT_MS, so a stepped run still reports progress and can be cancelled while it waits.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { CheckIssue } from '../../../shared/domain/checks';
import { workerScript } from '../worker-script';
import type { ChainPoint } from '../db/audit-chain-walk';
import type { ChainCheck } from './chain-check';

/** Int32 slots of the shared state: entries walked so far, and 1 once the result is posted. */
export const PROGRESS = 0;
export const DONE = 1;
const WAIT_MS = 100;
/** A worker that shows no progress for this long is given up on and the walk done here instead. */
const STALL_MS = 60_000;

/**
 * The ledger the worker opens a connection of its own to: a file (read-only), or a server ledger
 * by the address its session connected with (its password, if typed, included: the worker logs
 * in as the same staff member; pgpass otherwise, as for the session).
 */
export type ChainWorkerLedger = { file: string } | { postgres: { url: string } };

export interface ChainWorkerInput {
  ledger: ChainWorkerLedger;
  from: ChainPoint;
  state: SharedArrayBuffer;
}

export type ChainWorkerResult = { ok: true; issues: CheckIssue[]; end: ChainPoint; walkMs: number } | { ok: false; message: string };

export interface ParallelOptions {
  ledger: ChainWorkerLedger;
  from: ChainPoint;
  total: number;
  workerUrl?: string;
  /** the walk in this thread, should the worker fail */
  fallback: () => ChainCheck;
}

/** Starts the walk in a worker; null when no worker can be started (the caller walks itself). */
export function startChainWorker(opts: ParallelOptions, onResult: (r: { issues: CheckIssue[]; end: ChainPoint }) => void): ChainCheck | null {
  const shared = new SharedArrayBuffer(8);
  const state = new Int32Array(shared);
  const { port1, port2 } = new MessageChannel();
  const script = workerScript(opts.workerUrl, new URL('./audit-chain-worker.ts', import.meta.url));
  let worker: Worker;
  try {
    const input: ChainWorkerInput & { port: typeof port2 } = { ledger: opts.ledger, from: opts.from, state: shared, port: port2 };
    worker = new Worker(script.url, { workerData: input, transferList: [port2], execArgv: script.execArgv });
  } catch {
    return null;
  }
  worker.unref();
  worker.on('error', () => undefined); // a failure is seen as a stall or an { ok: false } result

  let finished = false;
  let reported = 0;
  let walkMs = 0;
  let fallback: ChainCheck | null = null;
  let lastProgress = { count: 0, at: performance.now() };

  const stop = () => {
    port1.close();
    void worker.terminate();
  };
  const takeResult = () => {
    const msg = receiveMessageOnPort(port1)?.message as ChainWorkerResult | undefined;
    stop();
    if (msg?.ok) {
      onResult(msg);
      walkMs = msg.walkMs;
      finished = true;
    } else fallback = opts.fallback();
  };

  return {
    get done() {
      return fallback ? fallback.done : finished;
    },
    total: () => opts.total,
    step(size) {
      if (fallback) return fallback.step(size);
      if (!finished) {
        Atomics.wait(state, DONE, 0, WAIT_MS);
        if (Atomics.load(state, DONE) === 1) takeResult();
        else {
          const count = Atomics.load(state, PROGRESS);
          if (count !== lastProgress.count) lastProgress = { count, at: performance.now() };
          else if (performance.now() - lastProgress.at > STALL_MS) {
            stop();
            fallback = opts.fallback();
          }
        }
      }
      if (fallback) return 0;
      const count = finished ? opts.total : Atomics.load(state, PROGRESS);
      const delta = Math.max(0, count - reported);
      reported += delta;
      return delta;
    },
    get walkMs() {
      return fallback ? fallback.walkMs : walkMs;
    },
    dispose() {
      if (!finished) stop();
      fallback?.dispose();
    },
    get ranIn() {
      return fallback ? 'fallback' : 'worker';
    },
  };
}
