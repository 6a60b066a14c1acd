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
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const temp = path.join(dataDir, `${FILE}.tmp`);
    fs.writeFileSync(temp, JSON.stringify(list, null, 2));
    fs.renameSync(temp, path.join(dataDir, FILE));
  } catch {
    // Remembering is a convenience; a read-only data folder must not stop the ledger opening.
  }
}
