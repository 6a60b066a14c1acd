/**
 * The ledger's automatic backups, in a folder beside it (`<ledger>.backups/`), each made with
 * SQLite's online backup and kept only after integrity_check passes (db/backup.ts). Names carry
 * the time, so listing needs no database; the record count is read from each copy for the
 * restore screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupInfo } from '../../../shared/api';
import { isPostgresAddress } from '../../../shared/ledger-address';
import { AppError } from '../../../shared/result';
import { backupTo } from '../db/backup';
import type { Db } from '../db/connection';
import { namesIn } from '../names-in';
import { backupsToKeep } from './rotation';

const NAME = /^(.+)-(\d{8})-(\d{6})(-manual|-before-restore)?(?:-\d+)?\.bak$/;

export function backupFolder(ledgerPath: string): string {
  return `${ledgerPath}.backups`;
}

function stamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function parseStamp(date: string, time: string): Date {
  return new Date(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)), Number(time.slice(0, 2)), Number(time.slice(2, 4)), Number(time.slice(4, 6)));
}

/** Why a backup was made, kept in its name: '' (automatic), '-manual', '-before-restore'. */
export type BackupReason = '' | '-manual' | '-before-restore';

export async function createBackup(db: Db, ledgerPath: string, reason: BackupReason, now = new Date()): Promise<string> {
  // A server ledger has no folder beside it: its backups are the server's, and a ledger file of
  // all of it is one command away (`backup` / `copy`, backups/copy-ledger.ts).
  if (isPostgresAddress(ledgerPath)) {
    throw new AppError('NOT_ON_POSTGRES', '共用台账（PostgreSQL）由数据库服务器备份；需要一份完整的台账文件时，请用命令 backup 或 copy 把它复制到文件');
  }
  const dir = backupFolder(ledgerPath);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new AppError('NOT_WRITABLE', `无法创建备份文件夹“${dir}”：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const base = path.join(dir, `${path.basename(ledgerPath)}-${stamp(now)}${reason}`);
  let file = `${base}.bak`;
  for (let i = 2; fs.existsSync(file); i++) file = `${base}-${i}.bak`;
  return backupTo(db, file);
}

function recordCount(file: string): number | null {
  try {
    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (copy.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    } finally {
      copy.close();
    }
  } catch {
    return null;
  }
}

export function listBackups(ledgerPath: string): BackupInfo[] {
  if (isPostgresAddress(ledgerPath)) return [];
  const dir = backupFolder(ledgerPath);
  const out: BackupInfo[] = [];
  for (const name of namesIn(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const at = parseStamp(m[2], m[3]);
    out.push({ file, name, at: at.toISOString(), sizeBytes: fs.statSync(file).size, records: recordCount(file), kind: m[4] === '-manual' ? 'manual' : m[4] === '-before-restore' ? 'beforeRestore' : 'automatic' });
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

/** Removes automatic backups the rotation no longer keeps; manual ones stay until the user removes them. */
export function rotateBackups(ledgerPath: string, now = new Date()): string[] {
  const automatic = listBackups(ledgerPath).filter((b) => b.kind === 'automatic');
  const keep = backupsToKeep(automatic.map((b) => ({ file: b.file, at: new Date(b.at) })), now);
  const removed: string[] = [];
  for (const b of automatic) {
    if (keep.has(b.file)) continue;
    fs.rmSync(b.file, { force: true });
    removed.push(b.file);
  }
  return removed;
}

/** The newest backup that passes integrity_check, for a ledger that will not open. */
export function newestGoodBackup(ledgerPath: string): BackupInfo | null {
  for (const b of listBackups(ledgerPath)) {
    if (b.records === null) continue;
    try {
      const copy = new Database(b.file, { readonly: true, fileMustExist: true });
      try {
        if (copy.pragma('quick_check', { simple: true }) === 'ok') return b;
      } finally {
        copy.close();
      }
    } catch {
      // unreadable: try the next
    }
  }
  return null;
}
