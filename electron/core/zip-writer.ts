/**
 * A small zip writer (plain zip, no ZIP64): the package and the exported workbooks. SheetJS's
 * own writer deflates every entry in JavaScript; this one deflates with Node's zlib and stores
 * what is compressed already (a month's PDFs, images, Office files): deflating 200 MB of them
 * again took 20 s and saved nothing. Over 65,535 files or 4 GB it refuses with a message rather
 * than write a broken archive.
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { AppError } from '../../shared/result';

/** Formats that are compressed inside already: deflating them again costs time and saves nothing. */
const STORED = /\.(pdf|ofd|jpe?g|png|gif|webp|zip|xlsx|docx|pptx|rar|7z)$/i;
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/** MS-DOS date and time, as zip keeps them (local time, 2-second steps). */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * A file deflated piece by piece as it was produced (deflateAsItComes): a package's audit entries,
 * never held whole and uncompressed. It is written exactly as `writeZip` writes the same content
 * given whole (zlib's output does not depend on how its input was cut).
 */
export interface DeflatedFile {
  /** the deflated bytes in pieces, or the content itself when `stored` */
  pieces: Uint8Array[];
  stored: boolean;
  crc: number;
  /** of the content */
  size: number;
  sha256: string;
}

export type ZipContent = Uint8Array | DeflatedFile;

/** Content this small is kept as it comes, so that what does not shrink is stored, as `writeZip` does. */
const KEPT_WHILE_DEFLATING = 1 << 20;

/** Deflates `pieces` as they come (awaiting zlib between them); only the deflated bytes are kept. */
export async function deflateAsItComes(pieces: Iterable<Uint8Array>): Promise<DeflatedFile> {
  // Large output chunks: each is a hop to zlib's thread; at the default 16 KB, a million entries
  // took 2.7 times as long as deflating them whole. The bytes do not depend on it.
  const deflater = zlib.createDeflateRaw({ chunkSize: 1 << 20 });
  const out: Uint8Array[] = [];
  deflater.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise<void>((resolve, reject) => {
    deflater.on('end', resolve);
    deflater.on('error', reject);
  });
  const hash = createHash('sha256');
  let kept: Uint8Array[] | null = [];
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    crc = zlib.crc32(piece, crc);
    hash.update(piece);
    size += piece.byteLength;
    if (kept && size <= KEPT_WHILE_DEFLATING) kept.push(piece);
    else kept = null;
    if (!deflater.write(piece)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await ended;
  const deflatedSize = out.reduce((n, d) => n + d.byteLength, 0);
  const stored = kept !== null && deflatedSize >= size;
  return { pieces: stored ? kept! : out, stored, crc, size, sha256: hash.digest('hex') };
}

/** An entry's bytes as the zip holds them: whole content deflated here, or deflated already. */
function entryData(name: string, content: ZipContent): { pieces: Uint8Array[]; dataSize: number; store: boolean; crc: number; size: number } {
  if (!(content instanceof Uint8Array)) {
    return { pieces: content.pieces, dataSize: content.pieces.reduce((n, d) => n + d.byteLength, 0), store: content.stored, crc: content.crc, size: content.size };
  }
  const deflated = STORED.test(name) ? null : zlib.deflateRawSync(content);
  const store = deflated === null || deflated.byteLength >= content.byteLength;
  const data = store ? content : deflated;
  return { pieces: [data], dataSize: data.byteLength, store, crc: zlib.crc32(content), size: content.byteLength };
}

export function writeZip(files: Map<string, ZipContent>, when = new Date()): Uint8Array {
  if (files.size > MAX_ENTRIES) throw new AppError('PACKAGE_TOO_LARGE', `报送包中的文件超过 ${MAX_ENTRIES} 个，请按更短的时间段分别报送`);
  const { time, date } = dosDateTime(when);
  const parts: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const { pieces, dataSize, store, crc, size } = entryData(name, content);
    // bit 11: the name is UTF-8 (our names are ASCII; set only when it matters)
    const flags = /[^\x20-\x7e]/.test(name) ? 0x0800 : 0;
    const method = store ? 0 : 8;
    if (offset > MAX_OFFSET || dataSize > MAX_OFFSET) throw new AppError('PACKAGE_TOO_LARGE', '报送包超过 4 GB，请按更短的时间段分别报送');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(dataSize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.byteLength, 26);
    local.writeUInt16LE(0, 28); // no extra field

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(date, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(dataSize, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(nameBytes.byteLength, 28);
    // extra, comment, disk number, internal and external attributes: 0
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);

    parts.push(local, nameBytes);
    for (const piece of pieces) parts.push(piece);
    offset += local.byteLength + nameBytes.byteLength + dataSize;
  }
  const directory = Buffer.concat(central);
  if (offset > MAX_OFFSET) throw new AppError('PACKAGE_TOO_LARGE', '报送包超过 4 GB，请按更短的时间段分别报送');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  const out = Buffer.concat([...parts, directory, end]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
