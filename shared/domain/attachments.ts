/** Attachments and certificates as the contract and the window see them. */

export const ATTACHMENT_TARGETS = ['record', 'purchaser', 'supplier', 'certificate'] as const;
export type AttachmentTarget = (typeof ATTACHMENT_TARGETS)[number];

export const ATTACHMENT_ROLES = ['发票', '合同', '认定证书', '照片', '其他'] as const;
export type AttachmentRole = (typeof ATTACHMENT_ROLES)[number];

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
