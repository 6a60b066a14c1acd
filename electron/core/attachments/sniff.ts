/**
 * An attachment's type from its bytes, never from its name: a scanned invoice saved as
 * "发票.pdf" may well be a JPEG, and the preview must pick the viewer the bytes need.
 * Zip-based formats (OFD, docx, xlsx) are told apart by the names in the zip's central
 * directory; OLE (CFB) ones (doc, xls) by their stream names.
 */
import * as XLSX from 'xlsx';

export const MIME = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  xml: 'application/xml',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  zip: 'application/zip',
  text: 'text/plain',
  unknown: 'application/octet-stream',
} as const;

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

export function sniffMime(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return MIME.pdf; // %PDF
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return MIME.jpeg;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return MIME.png;
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return MIME.gif; // GIF8
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return zipMime(bytes);
  if (startsWith(bytes, CFB_MAGIC)) return cfbMime(bytes);
  if (looksLikeXml(bytes)) return MIME.xml;
  if (looksLikeText(bytes)) return MIME.text;
  return MIME.unknown;
}

/**
 * Plain text: the whole file decodes as UTF-8, GB18030 or (with its mark) UTF-16, and holds no
 * control character but tab, line breaks and form feed. A program always has NULs; a script is
 * text and opens as such (its copy ends in .txt, attachments/viewer-copy.ts).
 */
function looksLikeText(bytes: Uint8Array): boolean {
  let text: string | null = null;
  const decode = (encoding: string, body: Uint8Array) => {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(body);
    } catch {
      return null;
    }
  };
  if (startsWith(bytes, [0xff, 0xfe])) text = decode('utf-16le', bytes.subarray(2));
  else if (startsWith(bytes, [0xfe, 0xff])) text = decode('utf-16be', bytes.subarray(2));
  else if (!bytes.includes(0)) text = decode('utf-8', bytes) ?? decode('gb18030', bytes);
  // eslint-disable-next-line no-control-regex
  return text !== null && text.length > 0 && !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

function zipMime(bytes: Uint8Array): string {
  const names = zipEntryNames(bytes);
  if (names.some((n) => n.replace(/^\.?\//, '').toLowerCase() === 'ofd.xml')) return MIME.ofd;
  if (names.some((n) => n.startsWith('word/'))) return MIME.docx;
  if (names.some((n) => n.startsWith('xl/'))) return MIME.xlsx;
  return MIME.zip;
}

function cfbMime(bytes: Uint8Array): string {
  try {
    const cfb = XLSX.CFB.read(bytes, { type: 'buffer' }) as { FullPaths: string[] };
    const streams = cfb.FullPaths.map((p) => p.replace(/\/$/, '').split('/').pop()!.toLowerCase());
    if (streams.includes('worddocument')) return MIME.doc;
    if (streams.includes('workbook') || streams.includes('book')) return MIME.xls;
  } catch {
    // a damaged container is still stored; it just gets no specific type
  }
  return MIME.unknown;
}

/** UTF-8 (optionally with BOM) or UTF-16 text whose first non-blank character is '<'. */
function looksLikeXml(bytes: Uint8Array): boolean {
  let text: string;
  if (startsWith(bytes, [0xff, 0xfe])) text = new TextDecoder('utf-16le').decode(bytes.subarray(2, 4098));
  else if (startsWith(bytes, [0xfe, 0xff])) text = new TextDecoder('utf-16be').decode(bytes.subarray(2, 4098));
  else text = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096)).replace(/^\ufeff/, '');
  const head = text.trimStart();
  if (!head.startsWith('<')) return false;
  // A '<' followed by a name, a declaration or a comment; binary that happens to start with '<' is rare
  return /^<(\?xml|!--|[A-Za-z_\u4e00-\u9fff])/.test(head) && !head.slice(0, 512).includes('\u0000');
}

/**
 * The entry names of a zip's central directory. Lenient on purpose: a damaged zip is still a
 * valid attachment, it is merely typed application/zip.
 */
export function zipEntryNames(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const names: string[] = [];
  const minEocd = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= minEocd; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return names;
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder('utf-8');
  for (let n = 0; n < count && p + 46 <= bytes.length; n++) {
    if (view.getUint32(p, true) !== 0x02014b50) break;
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen > bytes.length) break;
    names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen)));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}
