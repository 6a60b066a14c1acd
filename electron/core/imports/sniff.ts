/**
 * Decide what a file really is from its bytes, never from its name: a picture renamed .xlsx,
 * a CSV renamed .xls and a .xls that is really an HTML table (common from finance systems) are
 * all things units send. An encrypted xlsx is not a zip at all but a CFB (OLE) container with an
 * EncryptedPackage stream, so it is recognised here.
 */
import * as XLSX from 'xlsx';
import { biffOverrun } from './biff-records';
import { decodeText, looksLikeText, type DecodedText } from './decode-text';
import { refuse } from './refusal';
import { controlCharacterProblem, guardTextShape } from './text-guard';

export type Sniffed =
  | { kind: 'zip' }
  | { kind: 'cfb' }
  | { kind: 'text'; decoded: DecodedText; flavour: 'csv' | 'html' | 'xml2003' };

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const KNOWN_BINARY: { magic: number[]; what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'PNG 图片' },
  { magic: [0xff, 0xd8, 0xff], what: 'JPEG 图片' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'GIF 图片' },
  { magic: [0x42, 0x4d], what: 'BMP 图片' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'PDF 文件' },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'RAR 压缩包' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: '7z 压缩包' },
  { magic: [0x1f, 0x8b], what: 'gzip 压缩包' },
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'TIFF 图片' },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'TIFF 图片' },
];

const NOT_A_WORKBOOK = '不是可导入的表格文件（支持 .xlsx、.xls、.csv），请确认选对了文件';

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) refuse('EMPTY_FILE', '文件是空的（0 字节）');
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  if (startsWith(bytes, CFB_MAGIC)) return { kind: 'cfb' };
  for (const k of KNOWN_BINARY) {
    if (startsWith(bytes, k.magic)) refuse('NOT_A_WORKBOOK', `这是${k.what}，${NOT_A_WORKBOOK}`, { detected: k.what });
  }
  guardTextShape(bytes);
  const decoded = decodeText(bytes);
  if (!decoded) refuse('NOT_A_WORKBOOK', NOT_A_WORKBOOK);
  if (!looksLikeText(decoded.text)) refuse('NOT_A_WORKBOOK', controlCharacterProblem(decoded.text.slice(0, 65_536)) ?? NOT_A_WORKBOOK);
  const head = decoded.text.slice(0, 4096).replace(/^\ufeff/, '').trimStart().toLowerCase();
  if (head.startsWith('<')) {
    if (head.includes('urn:schemas-microsoft-com:office:spreadsheet')) return { kind: 'text', decoded, flavour: 'xml2003' };
    if (/<(html|table|meta|!doctype html)/.test(head)) return { kind: 'text', decoded, flavour: 'html' };
    refuse('NOT_A_WORKBOOK', NOT_A_WORKBOOK, { detected: 'markup' });
  }
  return { kind: 'text', decoded, flavour: 'csv' };
}

/**
 * Inside a CFB container: a legacy workbook has a Workbook (BIFF8) or Book (BIFF5) stream; an
 * encrypted OOXML workbook has EncryptedPackage + EncryptionInfo; anything else (a .doc renamed)
 * is refused. CFB is not compressed, so reading its directory is bounded by the input size.
 */
export function inspectCfb(bytes: Uint8Array): void {
  let cfb: { FullPaths: string[] };
  try {
    cfb = XLSX.CFB.read(bytes, { type: 'buffer' });
  } catch {
    refuse('CORRUPT_FILE', '文件不完整或已损坏（OLE 结构无法读取），请在 Excel/WPS 中打开后另存再导入');
  }
  const names = new Set(cfb.FullPaths.map((p: string) => (p.split('/').filter(Boolean).pop() ?? '').toLowerCase()));
  if (names.has('encryptedpackage') || names.has('encryptioninfo')) {
    refuse('ENCRYPTED', '文件已加密（设置了打开密码），请在 Excel/WPS 中取消密码后重新导入');
  }
  if (!names.has('workbook') && !names.has('book')) refuse('NOT_A_WORKBOOK', `这是 Office 文件但不是工作簿，${NOT_A_WORKBOOK}`);
  const stream = (XLSX.CFB.find(cfb as never, 'Workbook') ?? XLSX.CFB.find(cfb as never, 'Book'))?.content as Uint8Array | undefined;
  if (stream && biffOverrun(stream)) {
    refuse('CORRUPT_FILE', '文件不完整或已损坏（工作簿数据被截断），请在 Excel/WPS 中打开后另存再导入');
  }
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}
