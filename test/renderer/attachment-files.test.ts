/** How the window splits a large drop into calls, and which role a file dropped on a grid row gets (renderer/src/features/attachments/files.ts). */
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, BATCH_FILES, batchesOf, refusalOf, roleFromFileName } from '../../renderer/src/features/attachments/files';

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

describe('the role of a file dropped on a row', () => {
  it('goes by what the name says first, then by the kind of file', () => {
    expect(roleFromFileName('dzfp_21312000000012345678_上海某公司.pdf')).toBe('发票');
    expect(roleFromFileName('发票照片.JPG')).toBe('发票');
    expect(roleFromFileName('21312000000012345678.ofd')).toBe('发票');
    expect(roleFromFileName('全电发票.XML')).toBe('发票');
    expect(roleFromFileName('采购合同（松江一中）.docx')).toBe('合同');
    expect(roleFromFileName('框架协议.pdf')).toBe('合同');
    expect(roleFromFileName('帮扶产品认定证书.pdf')).toBe('认定证书');
    expect(roleFromFileName('IMG_2041.jpeg')).toBe('照片');
    expect(roleFromFileName('现场.png')).toBe('照片');
    expect(roleFromFileName('验收单.pdf')).toBe('其他');
  });
});

describe('files refused before sending', () => {
  it('says in Chinese why an empty or over-50 MB file is not added, and passes the rest', () => {
    expect(refusalOf({ name: '空.pdf', size: 0 })).toBe('“空.pdf”是空文件，未添加');
    expect(refusalOf({ name: '大.pdf', size: 50 * MB + 1 })).toBe('“大.pdf”超过 50 MB，未添加（附件最大 50 MB）');
    expect(refusalOf({ name: '正好.pdf', size: 50 * MB })).toBeNull();
  });
});
