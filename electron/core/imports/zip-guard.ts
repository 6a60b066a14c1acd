/**
 * The zip guard: reads an xlsx's central directory ourselves and refuses what SheetJS must never
 * see. SheetJS has no decompression limit (a 400 KB crafted xlsx peaks near 855 MiB), so the
 * declared sizes, ratios, names and flags are checked here, and unzip.ts then inflates with the
 * declared size as a hard cap (a lying size is caught there, not trusted).
 */
import { IMPORT_LIMITS, type ImportLimits } from './limits';
import { mb, refuse } from './refusal';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate */
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;

const CORRUPT = '文件不完整或已损坏（压缩结构无法读取），请在 Excel/WPS 中打开后另存为 .xlsx 再导入';

export function readCentralDirectory(bytes: Uint8Array, limits: ImportLimits = IMPORT_LIMITS): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(bytes, view);
  if (eocd < 0) refuse('CORRUPT_FILE', CORRUPT, { reason: 'no end of central directory' });

  let entryCount = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  const diskNo = view.getUint16(eocd + 4, true);
  if (diskNo !== 0 && diskNo !== 0xffff) refuse('CORRUPT_FILE', '不支持分卷压缩的文件', { reason: 'multi-disk' });

  // ZIP64: the 32-bit fields say 0xFFFF…; the real values sit in the ZIP64 end record.
  if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || view.getUint32(loc, true) !== SIG_EOCD64_LOCATOR) refuse('CORRUPT_FILE', CORRUPT, { reason: 'zip64 locator' });
    const rec = safeNumber(view.getBigUint64(loc + 8, true));
    if (rec + 56 > bytes.length || view.getUint32(rec, true) !== SIG_EOCD64) refuse('CORRUPT_FILE', CORRUPT, { reason: 'zip64 record' });
    entryCount = safeNumber(view.getBigUint64(rec + 32, true));
    cdSize = safeNumber(view.getBigUint64(rec + 40, true));
    cdOffset = safeNumber(view.getBigUint64(rec + 48, true));
  }

  if (entryCount > limits.maxZipEntries) {
    refuse('ZIP_BOMB', `文件包含 ${entryCount} 个压缩条目，超过上限 ${limits.maxZipEntries}，不像正常的工作簿`, { entryCount });
  }
  if (cdOffset + cdSize > bytes.length) refuse('CORRUPT_FILE', CORRUPT, { reason: 'central directory out of range' });

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let totalDeclared = 0;
  let p = cdOffset;
  for (let i = 0; i < entryCount; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== SIG_CENTRAL) refuse('CORRUPT_FILE', CORRUPT, { reason: 'central entry', index: i });
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc32 = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let uncompressedSize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > bytes.length) refuse('CORRUPT_FILE', CORRUPT, { reason: 'central entry length' });
    const name = decodeName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x0800) !== 0);

    // ZIP64 extended information (0x0001): present fields replace the 0xFFFFFFFF ones, in order.
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const z = findZip64Extra(view, p + 46 + nameLen, extraLen);
      if (z < 0) refuse('CORRUPT_FILE', CORRUPT, { reason: 'zip64 extra missing', name });
      let q = z;
      const zEnd = z + view.getUint16(z - 2, true);
      const next = (): number => {
        if (q + 8 > zEnd) refuse('CORRUPT_FILE', CORRUPT, { reason: 'zip64 extra short', name });
        const v = safeNumber(view.getBigUint64(q, true));
        q += 8;
        return v;
      };
      if (uncompressedSize === 0xffffffff) uncompressedSize = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
    }

    // Bit 0: traditional encryption; bit 6: strong encryption. Either way we cannot read it.
    if (flags & 0x0041) refuse('ENCRYPTED', '文件已加密（设置了打开密码），请取消密码后重新导入', { name });
    if (method !== 0 && method !== 8) refuse('CORRUPT_FILE', `文件使用了不支持的压缩方式（${method}），请用 Excel/WPS 另存为 .xlsx 后重新导入`, { name, method });
    if (unsafeName(name)) refuse('UNSAFE_ZIP', `文件包含可疑的路径“${name.slice(0, 80)}”，已拒绝`, { name });
    const key = name.toLowerCase();
    if (seen.has(key)) refuse('CORRUPT_FILE', `文件中“${name.slice(0, 80)}”出现了两次，结构异常`, { name });
    seen.add(key);
    if (localHeaderOffset + 30 > bytes.length || localHeaderOffset + compressedSize > bytes.length) {
      refuse('CORRUPT_FILE', CORRUPT, { reason: 'entry beyond end of file', name });
    }
    if (method === 0 && compressedSize !== uncompressedSize) refuse('CORRUPT_FILE', CORRUPT, { reason: 'stored size mismatch', name });

    // Ratio: deflate tops out near 1032:1 on zeros; real sheet XML is 5–100:1.
    if (uncompressedSize >= limits.minRatioCheckBytes && uncompressedSize / Math.max(compressedSize, 1) > limits.maxEntryRatio) {
      refuse('ZIP_BOMB', `文件中“${name.slice(0, 80)}”解压后 ${mb(uncompressedSize)}，压缩比异常（超过 ${limits.maxEntryRatio}:1），疑似压缩炸弹，已拒绝`, {
        name,
        compressedSize,
        uncompressedSize,
      });
    }
    totalDeclared += uncompressedSize;
    if (totalDeclared > limits.maxTotalUncompressedBytes) {
      refuse('ZIP_BOMB', `文件解压后超过 ${mb(limits.maxTotalUncompressedBytes)}，疑似压缩炸弹或过大，已拒绝`, { totalDeclared });
    }
    entries.push({ name, method, flags, crc32, compressedSize, uncompressedSize, localHeaderOffset });
    p = end;
  }
  return entries;
}

/** What kind of zip package this is, from its entry names; null when it is no workbook we read. */
export function zipWorkbookKind(entries: ZipEntry[]): 'xlsx' | 'ods' | null {
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  if (names.has('[content_types].xml') && (names.has('xl/workbook.xml') || names.has('xl/workbook.bin'))) return 'xlsx';
  if (names.has('mimetype') && names.has('content.xml') && names.has('meta-inf/manifest.xml')) return 'ods';
  return null;
}

function findEocd(bytes: Uint8Array, view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= min; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && view.getUint32(i, true) === SIG_EOCD) {
      const commentLen = view.getUint16(i + 20, true);
      if (i + 22 + commentLen <= bytes.length) return i;
    }
  }
  return -1;
}

function findZip64Extra(view: DataView, start: number, len: number): number {
  let q = start;
  while (q + 4 <= start + len) {
    const id = view.getUint16(q, true);
    const size = view.getUint16(q + 2, true);
    if (id === 0x0001) return q + 4;
    q += 4 + size;
  }
  return -1;
}

function safeNumber(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) refuse('CORRUPT_FILE', CORRUPT, { reason: 'size overflow' });
  return Number(n);
}

function decodeName(raw: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(raw);
  // CP437 names: OOXML part names are ASCII; anything else is kept visible, not interpreted.
  return Array.from(raw, (b) => String.fromCharCode(b)).join('');
}

/** `..` segments, absolute paths, drive letters, backslashes and NULs have no place in an xlsx. */
function unsafeName(name: string): boolean {
  if (name === '' || name.includes('\0') || name.includes('\\')) return true;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return true;
  return name.split('/').some((seg) => seg === '..');
}
