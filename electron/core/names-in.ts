import fs from 'node:fs';

/**
 * The names in a folder, or none when it is missing or cannot be read. For the folders the app
 * keeps beside a ledger (attachments, backups, viewer copies), which need not exist yet and
 * which another program may have removed: an absent folder simply holds nothing.
 */
export function namesIn(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
