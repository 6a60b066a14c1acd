/**
 * Writing and reading the package zip. Writing: SheetJS's CFB container in zip mode,
 * compressed. Reading a package someone hands us goes through the import's zip guard (entry
 * count, sizes, ratios, CRC) with limits sized for packages, never trusting the archive.
 */
import * as XLSX from 'xlsx';
import { inflateEntries } from '../imports/unzip';
import { IMPORT_LIMITS, type ImportLimits } from '../imports/limits';
import { readCentralDirectory } from '../imports/zip-guard';

const PACKAGE_LIMITS: ImportLimits = {
  ...IMPORT_LIMITS,
  maxInputBytes: 2 * 1024 * 1024 * 1024,
  maxZipEntries: 200_000,
  maxTotalUncompressedBytes: 4 * 1024 * 1024 * 1024,
};

export function writeZip(files: Map<string, Uint8Array>): Uint8Array {
  const zip = XLSX.CFB.utils.cfb_new();
  // (cfb_new's placeholder entry is left out of zip output by SheetJS itself.)
  for (const [name, content] of files) XLSX.CFB.utils.cfb_add(zip, name, content);
  const out = XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: true }) as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Every file entry of the zip by its path; throws an ImportRefusal-shaped error on a bad archive. */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const entries = readCentralDirectory(bytes, PACKAGE_LIMITS);
  return inflateEntries(bytes, entries, (name) => !name.endsWith('/'));
}
