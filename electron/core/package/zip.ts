/**
 * Writing and reading the package zip.
 *
 * Writing is a small zip writer of our own: SheetJS's deflates every entry in JavaScript, and a
 * month's documents are PDFs, OFDs, images and Office files that are compressed already —
 * deflating 200 MB of them again took 20 s and saved nothing. Those are stored as they are;
 * everything else (the manifest, XML, text) is deflated with Node's zlib. Plain zip (no ZIP64),
 * so a package over 65,535 files or 4 GB is refused with a message rather than written broken.
 *
 * Reading a package someone hands us goes through the import's zip guard (entry count, sizes,
 * ratios, CRC) with limits sized for packages, never trusting the archive.
 */
import zlib from 'node:zlib';
import { AppError } from '../../../shared/result';
import { inflateEntries } from '../imports/unzip';
import { IMPORT_LIMITS, type ImportLimits } from '../imports/limits';
import { readCentralDirectory } from '../imports/zip-guard';

const PACKAGE_LIMITS: ImportLimits = {
  ...IMPORT_LIMITS,
  maxInputBytes: 2 * 1024 * 1024 * 1024,
  maxZipEntries: 200_000,
  maxTotalUncompressedBytes: 4 * 1024 * 1024 * 1024,
};

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

export function writeZip(files: Map<string, Uint8Array>, when = new Date()): Uint8Array {
  if (files.size > MAX_ENTRIES) throw new AppError('PACKAGE_TOO_LARGE', `报送包中的文件超过 ${MAX_ENTRIES} 个，请按更短的时间段分别报送`);
  const { time, date } = dosDateTime(when);
  const parts: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = STORED.test(name) ? null : zlib.deflateRawSync(content);
    const store = deflated === null || deflated.byteLength >= content.byteLength;
    const data = store ? content : deflated;
    const crc = zlib.crc32(content);
    // bit 11: the name is UTF-8 (our names are ASCII; set only when it matters)
    const flags = /[^\x20-\x7e]/.test(name) ? 0x0800 : 0;
    const method = store ? 0 : 8;
    if (offset > MAX_OFFSET || data.byteLength > MAX_OFFSET) throw new AppError('PACKAGE_TOO_LARGE', '报送包超过 4 GB，请按更短的时间段分别报送');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.byteLength, 18);
    local.writeUInt32LE(content.byteLength, 22);
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
    entry.writeUInt32LE(data.byteLength, 20);
    entry.writeUInt32LE(content.byteLength, 24);
    entry.writeUInt16LE(nameBytes.byteLength, 28);
    // extra, comment, disk number, internal and external attributes: 0
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);

    parts.push(local, nameBytes, data);
    offset += local.byteLength + nameBytes.byteLength + data.byteLength;
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

/** Every file entry of the zip by its path; throws an ImportRefusal-shaped error on a bad archive. */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const entries = readCentralDirectory(bytes, PACKAGE_LIMITS);
  return inflateEntries(bytes, entries, (name) => !name.endsWith('/'));
}
