/** Files the user picked or dropped → the contract's items, with the store's limits checked first in Chinese. */
import type { AttachmentRole, AttachmentTarget } from '../../../../shared/domain/attachments';
import type { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';

/** Same limit as the core's store (electron/core/attachments/store.ts); checked here so a 60 MB drop fails before it is sent. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

export interface AttachmentItem {
  target: { entity: AttachmentTarget; id: number };
  role: AttachmentRole;
  fileName: string;
  content: Uint8Array<ArrayBuffer>;
}

/**
 * One call carries at most this many files and (unless a single file is larger) this many
 * bytes: the contract takes 500 files a call, the loopback door 150 MB a request (bytes grow by
 * a third on the wire), and a drop of a thousand scans must not be read into memory at once.
 */
export const BATCH_FILES = 100;
export const BATCH_BYTES = 32 * 1024 * 1024;

/** Splits a drop into calls, keeping its order; a file over BATCH_BYTES goes in a call of its own. */
export function batchesOf<T extends { size: number }>(files: readonly T[], maxFiles = BATCH_FILES, maxBytes = BATCH_BYTES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Why the store would refuse this file (empty, over 50 MB), in Chinese; null if it can be sent. */
export function refusalOf(file: { name: string; size: number }): string | null {
  if (file.size === 0) return `“${file.name}”是空文件，未添加`;
  if (file.size > MAX_ATTACHMENT_BYTES) return `“${file.name}”超过 50 MB，未添加（附件最大 50 MB）`;
  return null;
}

/** Reads the files; returns the items to send and one Chinese line per refused file. */
export async function readAttachmentFiles(
  files: File[],
  target: { entity: AttachmentTarget; id: number },
  role: AttachmentRole | ((file: File) => AttachmentRole),
): Promise<{ items: AttachmentItem[]; problems: string[] }> {
  const items: AttachmentItem[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const refusal = refusalOf(file);
    if (refusal) problems.push(refusal);
    else items.push({ target, role: typeof role === 'function' ? role(file) : role, fileName: file.name, content: new Uint8Array(await file.arrayBuffer()) });
  }
  return { items, problems };
}

export interface AddOutcome {
  /** links made, by role */
  added: Map<AttachmentRole, number>;
  /** one Chinese line per file refused before sending */
  problems: string[];
  /** what stopped the drop part-way (what was added before it stays added) */
  error: AppError | null;
}

/**
 * Adds a drop to one target in calls of BATCH_FILES / BATCH_BYTES, reading each call's files
 * only when it is sent, and telling `onProgress` how many are done.
 */
export async function addAttachmentFiles(
  files: File[],
  target: { entity: AttachmentTarget; id: number },
  role: AttachmentRole | ((file: File) => AttachmentRole),
  onProgress: (done: number, total: number) => void,
): Promise<AddOutcome> {
  const outcome: AddOutcome = { added: new Map(), problems: [], error: null };
  let done = 0;
  try {
    for (const batch of batchesOf(files)) {
      onProgress(done, files.length);
      const { items, problems } = await readAttachmentFiles(batch, target, role);
      outcome.problems.push(...problems);
      if (items.length > 0) {
        const { links } = await invoke('attachments/addMany', { items });
        for (const l of links) outcome.added.set(l.role, (outcome.added.get(l.role) ?? 0) + 1);
      }
      done += batch.length;
    }
  } catch (e) {
    outcome.error = e as AppError;
  }
  return outcome;
}

/** "发票 2、照片 1" */
export function describeAdded(added: Map<AttachmentRole, number>): string {
  return [...added].map(([role, n]) => `${role} ${n}`).join('、');
}

export function countAdded(added: Map<AttachmentRole, number>): number {
  return [...added.values()].reduce((a, b) => a + b, 0);
}

/**
 * The role a file dropped on a grid row most likely has, from its name and type: what the
 * name says first (a photo named 发票 is an invoice), then e-invoice formats, then pictures.
 */
export function roleFromFileName(name: string): AttachmentRole {
  const lower = name.toLowerCase();
  if (/发票|fapiao|dzfp|invoice/.test(lower)) return '发票';
  if (/合同|协议|contract/.test(lower)) return '合同';
  if (/证书|认定|certificate|cert/.test(lower)) return '认定证书';
  if (/\.(ofd|xml)$/.test(lower)) return '发票';
  if (/\.(jpe?g|png|gif|heic|bmp|webp)$/.test(lower)) return '照片';
  return '其他';
}

/** Types the window can show itself; the rest are offered for download. */
export function previewKind(mime: string): 'pdf' | 'image' | null {
  if (mime === 'application/pdf') return 'pdf';
  if (/^image\/(png|jpeg|gif)$/.test(mime)) return 'image';
  return null;
}
