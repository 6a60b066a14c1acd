/** How the 附件 section and 按发票号添加 split a large drop into calls (renderer/src/features/attachments/files.ts). */
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, BATCH_FILES, batchesOf } from '../../renderer/src/features/attachments/files';

const MB = 1024 * 1024;
const files = (sizes: number[]) => sizes.map((size, i) => ({ name: `f${i}`, size }));

describe('splitting a drop into calls', () => {
  it('keeps every file once, in order, at most BATCH_FILES a call', () => {
    const drop = files(Array.from({ length: 1000 }, () => 200 * 1024));
    const batches = batchesOf(drop);
    expect(batches.map((b) => b.length)).toEqual(Array(10).fill(BATCH_FILES));
    expect(batches.flat()).toEqual(drop);
  });

  it('starts a new call before the bytes would pass BATCH_BYTES', () => {
    const batches = batchesOf(files([20 * MB, 10 * MB, 5 * MB, 30 * MB, 1 * MB]));
    expect(batches.map((b) => b.map((f) => f.name))).toEqual([['f0', 'f1'], ['f2'], ['f3', 'f4']]);
    for (const b of batches) expect(b.reduce((n, f) => n + f.size, 0)).toBeLessThanOrEqual(BATCH_BYTES);
  });

  it('sends a file larger than a call’s bytes on its own, and nothing for an empty drop', () => {
    expect(batchesOf(files([1 * MB, 45 * MB, 1 * MB])).map((b) => b.map((f) => f.name))).toEqual([['f0'], ['f1'], ['f2']]);
    expect(batchesOf([])).toEqual([]);
  });
});
