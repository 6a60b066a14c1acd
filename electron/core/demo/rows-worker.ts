/**
 * Worker thread entry: makes the demo's records and prepares them for the write path
 * (prepareRows: typed, numbered, validated, digested) in chunks, while the calling thread
 * writes the chunk before. Runs at most AHEAD chunks ahead (shared counters), so a million
 * records never sit in memory at once.
 */
import { isMainThread, type MessagePort, workerData } from 'node:worker_threads';
import { prepareRows, type Row } from '../db/write-path';
import { recordValidator } from '../records/validate';
import { valuesToColumns } from '../records/columns';
import { loadReference } from '../reference/reference';
import type { RecordValues } from '../../../shared/domain/record';
import { generateDemo } from './generate';
import { AHEAD, CONSUMED, PRODUCED, type RowsWorkerInput, type RowsWorkerMessage } from './rows-pipeline';

function run(input: RowsWorkerInput & { port: MessagePort }): void {
  const state = new Int32Array(input.state);
  const post = (msg: RowsWorkerMessage) => {
    input.port.postMessage(msg);
    Atomics.add(state, PRODUCED, 1);
    Atomics.notify(state, PRODUCED);
  };
  try {
    const reference = loadReference();
    const validate = recordValidator(reference.isCounty);
    const records = generateDemo({ ...input.demo, counties: reference.data.counties }).records[Symbol.iterator]();
    let firstId = input.firstId;
    let produced = 0;
    for (;;) {
      const chunk: Row[] = [];
      for (let next = records.next(); !next.done; next = records.next()) {
        chunk.push(valuesToColumns(next.value as Partial<RecordValues>));
        if (chunk.length === input.chunk) break;
      }
      if (chunk.length === 0) break;
      // Wait while the writer is AHEAD chunks behind.
      for (let consumed = Atomics.load(state, CONSUMED); produced - consumed >= AHEAD; consumed = Atomics.load(state, CONSUMED)) {
        Atomics.wait(state, CONSUMED, consumed, 1_000);
      }
      post({ type: 'chunk', batch: prepareRows(input.shape, chunk, { at: input.at, firstId, validate }) });
      produced++;
      firstId += chunk.length;
      if (chunk.length < input.chunk) break;
    }
    post({ type: 'done' });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    post({ type: 'error', code: e.code ?? 'INTERNAL', message: e.message ?? String(err) });
  }
}

// Only as a worker: importing this file elsewhere (a test of main/index.ts) must do nothing.
if (!isMainThread && workerData) run(workerData as RowsWorkerInput & { port: MessagePort });
