/** Files the user picked or dropped → the contract's items, with the store's limits checked first in Chinese. */
import type { AttachmentRole, AttachmentTarget } from '../../../../shared/domain/attachments';

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

/** Reads the files; returns the items to send and one Chinese line per refused file. */
export async function readAttachmentFiles(
  files: File[],
  target: { entity: AttachmentTarget; id: number },
  role: AttachmentRole,
): Promise<{ items: AttachmentItem[]; problems: string[] }> {
  const items: AttachmentItem[] = [];
  const problems: string[] = [];
  for (const file of files) {
    if (file.size === 0) problems.push(`“${file.name}”是空文件，未添加`);
    else if (file.size > MAX_ATTACHMENT_BYTES) problems.push(`“${file.name}”超过 50 MB，未添加（附件最大 50 MB）`);
    else items.push({ target, role, fileName: file.name, content: new Uint8Array(await file.arrayBuffer()) });
  }
  return { items, problems };
}

/** Types the window can show itself; the rest are offered for download. */
export function previewKind(mime: string): 'pdf' | 'image' | null {
  if (mime === 'application/pdf') return 'pdf';
  if (/^image\/(png|jpeg|gif)$/.test(mime)) return 'image';
  return null;
}
