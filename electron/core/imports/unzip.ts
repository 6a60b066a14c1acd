/**
 * Inflates the entries the zip guard let through, with the declared size as a hard cap
 * (zlib's maxOutputLength), then checks size and CRC. So a central directory that lies about
 * sizes cannot make us allocate more than the guard accepted, and a truncated or altered file
 * is caught here rather than inside SheetJS. Native zlib is also much faster than SheetJS's
 * pure-JS inflate, which this replaces (read-workbook hands SheetJS the inflated parts).
 */
import { crc32, inflateRawSync } from 'node:zlib';
import type { ZipEntry } from './zip-guard';
import { mb, refuse } from './refusal';

const SIG_LOCAL = 0x04034b50;

/** Parts SheetJS does not need to read cells: pictures, embedded objects, printer blobs. */
export function isNeededPart(name: string): boolean {
  const n = name.toLowerCase();
  if (n.endsWith('/')) return false;
  return !/^(xl\/media\/|xl\/embeddings\/|xl\/printersettings\/|docprops\/thumbnail|thumbnails\/|pictures\/)/.test(n);
}

export function inflateEntries(bytes: Uint8Array, entries: ZipEntry[], want: (name: string) => boolean = isNeededPart): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, Uint8Array>();
  for (const e of entries) {
    if (!want(e.name)) continue;
    const h = e.localHeaderOffset;
    if (view.getUint32(h, true) !== SIG_LOCAL) refuse('CORRUPT_FILE', '文件不完整或已损坏（条目头缺失）', { name: e.name });
    const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) refuse('CORRUPT_FILE', '文件不完整或已损坏（内容被截断）', { name: e.name });
    const data = bytes.subarray(start, end);
    let content: Uint8Array;
    if (e.method === 0) {
      content = data;
    } else if (e.uncompressedSize === 0) {
      content = new Uint8Array(0);
    } else {
      try {
        content = inflateRawSync(data, { maxOutputLength: e.uncompressedSize });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          refuse('ZIP_BOMB', `文件中“${e.name.slice(0, 80)}”解压后超过声明的 ${mb(e.uncompressedSize)}，疑似压缩炸弹，已拒绝`, { name: e.name });
        }
        refuse('CORRUPT_FILE', '文件不完整或已损坏（解压失败），请在 Excel/WPS 中打开后另存再导入', { name: e.name });
      }
    }
    if (content.length !== e.uncompressedSize) refuse('CORRUPT_FILE', '文件不完整或已损坏（解压后大小不符）', { name: e.name });
    if (crc32(content) !== e.crc32) refuse('CORRUPT_FILE', '文件不完整或已损坏（校验和不符）', { name: e.name });
    out.set(e.name, content);
  }
  return out;
}
