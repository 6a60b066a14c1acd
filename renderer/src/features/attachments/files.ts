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
