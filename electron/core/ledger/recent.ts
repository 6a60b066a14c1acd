/**
 * The ledgers opened lately, newest first, kept in the data folder so the app reopens the
 * last one on start (staff expect to come back to where they were).
 */
import fs from 'node:fs';
import path from 'node:path';

const FILE = '.recent-ledgers.json';
const KEEP = 10;

export function readRecent(dataDir: string): string[] {
  try {
    const list = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberRecent(dataDir: string, ledgerPath: string): void {
  const list = [ledgerPath, ...readRecent(dataDir).filter((p) => p !== ledgerPath)].slice(0, KEEP);
  writeAppFile(dataDir, FILE, list);
}

/**
 * One of the app's own small files in the data folder (this list, ledger/witness.ts's heads),
 * replaced whole (temporary name, then rename). What they hold is a convenience or a safeguard: a
 * read-only data folder must not stop the user's work, so a failure is ignored.
 */
export function writeAppFile(dataDir: string, name: string, value: unknown): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const temp = path.join(dataDir, `${name}.tmp`);
    fs.writeFileSync(temp, JSON.stringify(value, null, 2));
    fs.renameSync(temp, path.join(dataDir, name));
  } catch {
    // see above
  }
}
