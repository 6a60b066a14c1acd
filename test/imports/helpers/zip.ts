/**
 * A tiny zip writer for crafting hostile archives in tests (sizes, flags and names the real
 * writers would never produce). Not for product code.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** Content to store/deflate; or give `compressed` directly. */
  data?: Uint8Array | string;
  compressed?: Uint8Array;
  method?: 0 | 8;
  /** Declared sizes/CRC (default: the real ones). */
  uncompressedSize?: number;
  crc?: number;
  flags?: number;
}

export function buildZip(entries: RawEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data ? Buffer.from(e.data) : Buffer.alloc(0);
    const method = e.method ?? 8;
    const compressed = e.compressed ? Buffer.from(e.compressed) : method === 8 ? deflateRawSync(data) : data;
    const usize = e.uncompressedSize ?? data.length;
    const crc = e.crc ?? crc32(data);
    const flags = (e.flags ?? 0) | 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(usize >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(usize >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}

/**
 * A raw deflate stream of `megabytes` MB of zeros, built from one flushed 1 MB block repeated
 * (Z_FULL_FLUSH makes each block independent), so no test ever holds the inflated bytes.
 */
export function zeroBomb(megabytes: number): { compressed: Uint8Array; size: number; crc: number } {
  const mbZeros = Buffer.alloc(1024 * 1024);
  const block = deflateRawSync(mbZeros, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const parts: Buffer[] = [];
  let crc = 0;
  for (let i = 0; i < megabytes; i++) {
    parts.push(block);
    crc = crc32(mbZeros, crc);
  }
  parts.push(Buffer.from([0x03, 0x00])); // final empty fixed-Huffman block
  return { compressed: new Uint8Array(Buffer.concat(parts)), size: megabytes * 1024 * 1024, crc };
}

/** The minimum OOXML parts that make a zip look like an xlsx to the guard. */
export function xlsxSkeleton(): RawEntry[] {
  return [
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'xl/workbook.xml', data: '<?xml version="1.0"?><workbook/>' },
  ];
}
