/**
 * Writing and reading the package zip. Writing: core/zip-writer.ts (documents that are
 * compressed already are stored, the rest deflated with zlib). Reading a package someone hands
 * us goes through the import's zip guard (entry count, sizes, ratios, CRC) with limits sized for
 * packages, never trusting the archive.
 */
import { inflateEntries } from '../imports/unzip';
import { IMPORT_LIMITS, type ImportLimits } from '../imports/limits';
import { readCentralDirectory } from '../imports/zip-guard';

export { writeZip } from '../zip-writer';

const PACKAGE_LIMITS: ImportLimits = {
  ...IMPORT_LIMITS,
  maxInputBytes: 2 * 1024 * 1024 * 1024,
  maxZipEntries: 200_000,
  maxTotalUncompressedBytes: 4 * 1024 * 1024 * 1024,
};

/** Every file entry of the zip by its path (or those `want` names); throws an ImportRefusal-shaped error on a bad archive. */
export function readZip(bytes: Uint8Array, want: (name: string) => boolean = (name) => !name.endsWith('/')): Map<string, Uint8Array> {
  const entries = readCentralDirectory(bytes, PACKAGE_LIMITS);
  return inflateEntries(bytes, entries, want);
}
