/**
 * Worker thread entry: parses one file off the calling thread (the Electron main process must
 * stay responsive, and a hostile file must be killable). Receives the bytes in workerData,
 * posts progress and then one result. County resolution happens back on the calling thread
 * (its resolver is a function and cannot cross threads): we send the origin texts with the parse.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseUnresolved, type ParseFileOptions } from './parse-file';
import { toRefusal } from './refusal';
import { takeRows } from './row-transfer';

export interface WorkerInput {
  bytes: Uint8Array;
  fileName: string;
  options: ParseFileOptions;
}

const input = workerData as WorkerInput;
parentPort?.postMessage({ type: 'progress', phase: 'parsing' });
try {
  const result = parseUnresolved(input.bytes, input.fileName, input.options);
  for (const block of takeRows(result)) parentPort?.postMessage(block);
  parentPort?.postMessage({ type: 'result', ok: true, result });
} catch (err) {
  parentPort?.postMessage({ type: 'result', ok: false, error: toRefusal(err) });
}
