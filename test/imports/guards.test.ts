/** The pieces under the pipeline: zip guard limits, ZIP64 sizes, byte sniffing, text decoding, 大写 amounts. */
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, ImportRefusalError } from '../../electron/core/imports';
import { chineseAmountToYuan } from '../../electron/core/imports/chinese-amount';
import { decodeText } from '../../electron/core/imports/decode-text';
import { sniff } from '../../electron/core/imports/sniff';
import { inflateEntries } from '../../electron/core/imports/unzip';
import { readCentralDirectory, zipWorkbookKind } from '../../electron/core/imports/zip-guard';
import { encodeGbk } from './helpers/gbk';
import { buildZip, xlsxSkeleton } from './helpers/zip';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ImportRefusalError) return err.code;
    throw err;
  }
  return 'OK';
}

describe('zip guard', () => {
  it('reads names and sizes from the central directory and recognises an xlsx', () => {
    const bytes = buildZip([...xlsxSkeleton(), { name: 'xl/worksheets/sheet1.xml', data: '<a/>'.repeat(100) }]);
    const entries = readCentralDirectory(bytes);
    expect(entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ...xlsxSkeleton().map((e) => [e.name, Buffer.byteLength(e.data as string)]),
      ['xl/worksheets/sheet1.xml', 400],
    ]);
    expect(zipWorkbookKind(entries)).toBe('xlsx');
    expect(new TextDecoder().decode(inflateEntries(bytes, entries).get('xl/worksheets/sheet1.xml'))).toBe('<a/>'.repeat(100));
  });

  it('applies each limit (tested with small limits)', () => {
    const data = 'x'.repeat(100_000); // compresses ~500:1
    const bytes = buildZip([...xlsxSkeleton(), { name: 'a.xml', data }, { name: 'b.xml', data }]);
    expect(codeOf(() => readCentralDirectory(bytes))).toBe('OK');
    expect(codeOf(() => readCentralDirectory(bytes, { ...IMPORT_LIMITS, maxZipEntries: 3 }))).toBe('ZIP_BOMB');
    expect(codeOf(() => readCentralDirectory(bytes, { ...IMPORT_LIMITS, maxTotalUncompressedBytes: 150_000 }))).toBe('ZIP_BOMB');
    expect(codeOf(() => readCentralDirectory(bytes, { ...IMPORT_LIMITS, minRatioCheckBytes: 50_000, maxEntryRatio: 100 }))).toBe('ZIP_BOMB');
  });

  it('catches a stored entry whose sizes disagree, an unknown method, a duplicate name', () => {
    expect(codeOf(() => readCentralDirectory(buildZip([{ name: 'a', data: 'abc', method: 0, uncompressedSize: 10 }])))).toBe('CORRUPT_FILE');
    expect(codeOf(() => readCentralDirectory(buildZip([{ name: 'a', compressed: new Uint8Array(4), method: 12 as 8 }])))).toBe('CORRUPT_FILE');
    expect(codeOf(() => readCentralDirectory(buildZip([{ name: 'a', data: 'x' }, { name: 'A', data: 'y' }])))).toBe('CORRUPT_FILE');
  });

  it('inflation is capped by the declared size and checked by CRC', () => {
    const bytes = buildZip([{ name: 'a', data: 'hello world' }]);
    const entries = readCentralDirectory(bytes);
    expect(codeOf(() => inflateEntries(bytes, [{ ...entries[0], uncompressedSize: 5 }]))).toBe('ZIP_BOMB');
    expect(codeOf(() => inflateEntries(bytes, [{ ...entries[0], uncompressedSize: 50 }]))).toBe('CORRUPT_FILE');
    expect(codeOf(() => inflateEntries(bytes, [{ ...entries[0], crc32: 1 }]))).toBe('CORRUPT_FILE');
  });

  it('reads ZIP64 sizes from the extra field and the ZIP64 end record', () => {
    const content = Buffer.from('<x/>');
    const zip = buildZip64(content);
    const entries = readCentralDirectory(zip);
    expect(entries[0]).toMatchObject({ name: 'a.xml', uncompressedSize: 4 });
    expect(Buffer.from(inflateEntries(zip, entries).get('a.xml')!).toString()).toBe('<x/>');
  });
});

describe('sniff and decode', () => {
  it('types files by bytes, not names', () => {
    expect(sniff(buildZip(xlsxSkeleton())).kind).toBe('zip');
    expect(sniff(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])).kind).toBe('cfb');
    expect(sniff(new TextEncoder().encode('a,b\n1,2')).kind).toBe('text');
    expect(codeOf(() => sniff(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])))).toBe('NOT_A_WORKBOOK');
    expect(codeOf(() => sniff(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])))).toBe('NOT_A_WORKBOOK');
    expect(codeOf(() => sniff(new TextEncoder().encode('<svg><path/></svg>')))).toBe('NOT_A_WORKBOOK');
    expect(codeOf(() => sniff(new Uint8Array([0x61, 0x00, 0x62, 0x00, 0x01, 0x02])))).toBe('NOT_A_WORKBOOK');
  });

  it('decodes UTF-8 strictly, then GB18030; honours BOMs', () => {
    expect(decodeText(new TextEncoder().encode('采购单位'))).toEqual({ text: '采购单位', encoding: 'utf-8' });
    expect(decodeText(encodeGbk('采购单位,金额'))).toEqual({ text: '采购单位,金额', encoding: 'gb18030' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x61]))).toEqual({ text: 'a', encoding: 'utf-16be' });
    // A UTF-8 BOM followed by GBK bytes is not silently mis-decoded.
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...encodeGbk('金额')]))).toBeNull();
  });
});

describe('大写 amounts', () => {
  it.each([
    ['壹仟贰佰叁拾肆元伍角整', '1234.50'],
    ['人民币壹万元整', '10000.00'],
    ['拾元', '10.00'],
    ['壹佰零伍元零伍分', '105.05'],
    ['贰亿叁仟万元整', '230000000.00'],
    ['伍角', '0.50'],
    ['壹仟贰佰', null],
    ['1234元', null],
  ])('%s → %s', (input, yuan) => expect(chineseAmountToYuan(input)).toBe(yuan));
});

/** One stored entry whose central directory uses ZIP64 fields (sizes 0xFFFFFFFF → extra field). */
function buildZip64(content: Buffer): Uint8Array {
  const name = Buffer.from('a.xml');
  const data = deflateRawSync(content);
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  const extra = Buffer.alloc(4 + 16);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(16, 2);
  extra.writeBigUInt64LE(BigInt(content.length), 4);
  extra.writeBigUInt64LE(BigInt(data.length), 12);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(45, 4);
  central.writeUInt16LE(45, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt16LE(extra.length, 30);
  central.writeUInt32LE(0, 42);
  const localPart = Buffer.concat([local, name, data]);
  const cd = Buffer.concat([central, name, extra]);
  const cdOffset = localPart.length;
  const eocd64 = Buffer.alloc(56);
  eocd64.writeUInt32LE(0x06064b50, 0);
  eocd64.writeBigUInt64LE(44n, 4);
  eocd64.writeUInt16LE(45, 12);
  eocd64.writeUInt16LE(45, 14);
  eocd64.writeBigUInt64LE(1n, 24);
  eocd64.writeBigUInt64LE(1n, 32);
  eocd64.writeBigUInt64LE(BigInt(cd.length), 40);
  eocd64.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(cdOffset + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(0xffff, 8);
  eocd.writeUInt16LE(0xffff, 10);
  eocd.writeUInt32LE(0xffffffff, 12);
  eocd.writeUInt32LE(0xffffffff, 16);
  return new Uint8Array(Buffer.concat([localPart, cd, eocd64, locator, eocd]));
}
