/**
 * Opening an attachment the window cannot show (OFD, Word, Excel, XML…) with the system's own
 * viewer: the core writes a copy, checked against its hash, to `<dataDir>/viewer/` under a name
 * Windows accepts and whose extension is the one the bytes call for (so the right program opens
 * it), and the Electron door opens that path. Bytes of no known document type (a program, a
 * script, a zip…) get no copy at all: PREVIEW_UNSUPPORTED — handing `invoice.pdf.exe` to
 * shell.openPath runs it. The type is sniffed again from the bytes read here, not taken from the
 * row, so a ledger from before text was recognised still opens its text files. The stored file itself is never handed out: a viewer that saves
 * in place must not change evidence. Copies older than a day are removed on the next open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { previewUnsupportedMessage, viewerExtensionOf } from '../../../shared/domain/attachments';
import { AppError } from '../../../shared/result';
import { namesIn } from '../names-in';
import { sniffMime } from './sniff';
import type { DocumentStore } from './document-store';
import { sha256Of } from './store';

const KEEP_MS = 24 * 60 * 60 * 1000;
const MAX_BASE_CHARS = 80;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * A file name every system accepts, ending in the extension the bytes call for: characters
 * Windows forbids become "_", a reserved device name gets a "_" in front, no trailing dot or
 * space, the base at most MAX_BASE_CHARS characters. Null for bytes that must not be opened.
 */
export function viewerFileName(displayName: string, mime: string): string | null {
  const wanted = viewerExtensionOf(mime);
  if (!wanted) return null;
  // eslint-disable-next-line no-control-regex
  const clean = displayName.replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, '_');
  const dot = clean.lastIndexOf('.');
  let base = dot > 0 ? clean.slice(0, dot) : clean;
  let ext = dot > 0 ? clean.slice(dot).toLowerCase() : '';
  if (ext !== wanted && !(wanted === '.jpg' && ext === '.jpeg')) {
    base = clean;
    ext = wanted;
  }
  base = [...base].slice(0, MAX_BASE_CHARS).join('').replace(/[. ]+$/, '');
  if (base === '') base = '附件';
  if (WINDOWS_RESERVED.test(base)) base = `_${base}`;
  return `${base}${ext}`;
}

export function viewerDirOf(dataDir: string): string {
  return path.join(dataDir, 'viewer');
}

/** Writes the checked copy and returns its path; ATTACHMENT_BROKEN if the stored bytes no longer match. */
export function writeViewerCopy(dataDir: string, store: DocumentStore, file: { id: number; sha256: string; name: string }, now = Date.now()): string {
  // Whole: the type is sniffed from all of it (a zip's directory is at its end); one document, at most 50 MB.
  const bytes = store.read(file.sha256, file.name);
  if (sha256Of(bytes) !== file.sha256) {
    throw new AppError('ATTACHMENT_BROKEN', `附件“${file.name}”的文件内容被改动过（与保存时的哈希不符），未打开；请在“检查”中核对`);
  }
  const name = viewerFileName(file.name, sniffMime(bytes));
  if (!name) throw new AppError('PREVIEW_UNSUPPORTED', previewUnsupportedMessage(file.name));
  const dir = viewerDirOf(dataDir);
  removeOldCopies(dir, now);
  // One folder per attachment keeps the file's own name (what the viewer's title bar shows).
  const target = path.join(dir, String(file.id), name);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, bytes);
  } catch (err) {
    throw new AppError('WRITE_FAILED', `无法准备附件“${file.name}”以供打开：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return target;
}

function removeOldCopies(dir: string, now: number): void {
  for (const entry of namesIn(dir)) {
    const p = path.join(dir, entry);
    try {
      if (now - fs.statSync(p).mtimeMs > KEEP_MS) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // still open in a viewer (Windows): next time
    }
  }
}
