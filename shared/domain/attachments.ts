/** Attachments and certificates as the contract and the window see them. */

export const ATTACHMENT_TARGETS = ['record', 'purchaser', 'supplier', 'certificate'] as const;
export type AttachmentTarget = (typeof ATTACHMENT_TARGETS)[number];

export const ATTACHMENT_ROLES = ['发票', '合同', '认定证书', '照片', '其他'] as const;
export type AttachmentRole = (typeof ATTACHMENT_ROLES)[number];

/**
 * What may be handed to the system's viewer (the Electron window's 打开): a document type, told by
 * the file's bytes (electron/core/attachments/sniff.ts), and the extension its copy gets so that
 * the document's own program opens it. Anything else — a program, a script, a zip, bytes of no
 * known type — is never opened, whatever its name says (on Windows opening an .exe, .bat or .dll
 * runs it); the window offers to save a copy instead.
 */
export const VIEWER_EXTENSION_OF_MIME: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'application/ofd': '.ofd',
  'application/xml': '.xml',
  'text/plain': '.txt',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/msword': '.doc',
  'application/vnd.ms-excel': '.xls',
};

/** The extension a viewer copy of these bytes gets, or null when they must not be opened. */
export function viewerExtensionOf(mime: string): string | null {
  return Object.hasOwn(VIEWER_EXTENSION_OF_MIME, mime) ? VIEWER_EXTENSION_OF_MIME[mime] : null;
}

/** Whether a path ends in one of those extensions (the Electron door's last check before opening). */
export function hasViewerExtension(filePath: string): boolean {
  const lower = filePath.toLowerCase();
  return Object.values(VIEWER_EXTENSION_OF_MIME).some((ext) => lower.endsWith(ext)) || lower.endsWith('.jpeg');
}

export function previewUnsupportedMessage(name: string): string {
  return `“${name}”不是可识别的文档（PDF、OFD、图片、Office 文件、XML 或文本），不支持预览，也不会交给系统打开；可以“另存副本”后自行查看`;
}

export const CERTIFICATE_KINDS = ['帮扶产品认定', '百县百品', '绿色食品', '有机产品', '地理标志', '其他'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** One link of a stored file to a record, purchaser, supplier or certificate. */
export interface AttachmentLink {
  /** the link's id (what attachments/unlink takes) */
  linkId: number;
  attachmentId: number;
  sha256: string;
  size: number;
  mime: string;
  /** the name the file had when it was added (display only) */
  name: string;
  role: AttachmentRole;
  entity: AttachmentTarget;
  entityId: number;
  linkedAt: string;
}

export interface Certificate {
  id: number;
  kind: CertificateKind;
  number: string | null;
  productName: string;
  supplierName: string | null;
  issuer: string | null;
  validFrom: string | null;
  validTo: string | null;
  updatedAt: string;
}
