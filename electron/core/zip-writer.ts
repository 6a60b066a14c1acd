/**
 * A small zip writer (plain zip, no ZIP64): the package and the exported workbooks. SheetJS's
 * own writer deflates every entry in JavaScript; this one deflates with Node's zlib and stores
 * what is compressed already (a month's PDFs, images, Office files): deflating 200 MB of them
 * again took 20 s and saved nothing. Over 65,535 files or 4 GB it refuses with a message rather
 * than write a broken archive.
 */
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
