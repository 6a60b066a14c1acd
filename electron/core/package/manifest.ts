/**
 * The submission package's manifest: every file in the zip with its SHA-256 and size, the
 * month's record count and total, and the head of the audit chain when it was built. Anyone
 * can check a package against it (`cli verify package.zip`): a changed, missing or added file
 * is found.
 */
import { createHash } from 'node:crypto';

export const MANIFEST_NAME = 'manifest.json';
export const PACKAGE_FORMAT = 'bangfu-taizhang-package/2';
/**
 * Packages made by releases before 2026-12-02, already at the city: their 汇总 sheet has no
 * office, version, audit-head or forced rows and they carry no audit entries. verify still
 * reads them, recomputes every figure they hold, and names what they cannot show.
 */
export const OLDER_PACKAGE_FORMAT = 'bangfu-taizhang-package/1';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
}

export interface Manifest {
  format: typeof PACKAGE_FORMAT | typeof OLDER_PACKAGE_FORMAT;
  office: string;
  districtCode: string;
  period: string;
  /** 1 for the first submission of the month, 2 after a reopen and resubmission, … */
  version: number;
  createdAt: string;
  records: number;
  totalFen: number;
  auditHead: { seq: number; hash: string };
  files: ManifestFile[];
  /** set when the package was made despite unwaived errors */
  forcedReason?: string;
  unwaivedErrors?: number;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file of the package: its bytes, or what was measured of them as they were deflated (zip-writer.ts). */
export function describeFile(path: string, content: Uint8Array | { sha256: string; size: number }): ManifestFile {
  if (content instanceof Uint8Array) return { path, sha256: sha256Hex(content), size: content.byteLength };
  return { path, sha256: content.sha256, size: content.size };
}
