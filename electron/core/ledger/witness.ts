/**
 * The office PC as the audit chain's witness (issue 15). Anyone with the ledger file can put an
 * older copy back, lose its WAL, or rewrite the log and re-chain it with the app's own hash
 * function; the file alone then verifies clean. So the app remembers, outside the file (beside
 * the list of recent ledgers), the last audit head it saw for each ledger, and when it opens one
 * whose chain no longer holds that head it warns loudly and offers the newest backup that does.
 *
 * Recorded after every operation that moved the head (core.ts), only when the head changed: a
 * read of the last entry, and a small file written only then. While a warning is unresolved the
 * remembered head is kept, so a warning is not silenced by the next edit.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ChainWarning } from '../../../shared/api';
import { listBackups } from '../backups/store';
import type { CoreContext, LedgerSession } from '../context';
import { isPostgres, type Db } from '../db/connection';
import { prepared } from '../db/statements';
import { writeAppFile } from './recent';

const FILE = '.ledger-heads.json';

/** The audit chain's last entry: its seq and hash, the write it belongs to, and when. */
export interface ChainHead {
  seq: number;
  hash: string;
  opId: number;
  at: string;
}

const HEAD_SQL = 'SELECT seq, hash, op_id AS "opId", at FROM audit_log ORDER BY seq DESC LIMIT 1';

export function chainHead(db: Db): ChainHead | null {
  return (prepared(db, HEAD_SQL).get() as ChainHead | undefined) ?? null;
}

function readAll(dataDir: string): Record<string, ChainHead> {
  try {
    const all = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as unknown;
    return all && typeof all === 'object' && !Array.isArray(all) ? (all as Record<string, ChainHead>) : {};
  } catch {
    return {};
  }
}

export function rememberedHead(dataDir: string, ledgerPath: string): ChainHead | null {
  return readAll(dataDir)[ledgerPath] ?? null;
}

export function rememberHead(dataDir: string, ledgerPath: string, head: ChainHead | null): void {
  const all = readAll(dataDir);
  if (head) all[ledgerPath] = head;
  else delete all[ledgerPath];
  writeAppFile(dataDir, FILE, all);
}

/** A new ledger at this path, or a backup restored on purpose: what was remembered no longer applies. */
export function forgetHead(ctx: CoreContext, ledgerPath: string): void {
  if (ctx.rememberRecent && rememberedHead(ctx.dataDir, ledgerPath)) rememberHead(ctx.dataDir, ledgerPath, null);
}

function when(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Whether a ledger (or a backup copy) still holds `head`: the same entry at the same seq. */
function holds(db: Pick<Db, 'prepare'>, head: ChainHead): boolean {
  return db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(head.seq) === head.hash;
}

/** The newest backup that holds the remembered head (backups are SQLite copies: the head is read from the copy). */
function newestBackupHolding(ledgerPath: string, head: ChainHead): ChainWarning['backup'] {
  for (const b of listBackups(ledgerPath)) {
    try {
      const copy = new Database(b.file, { readonly: true, fileMustExist: true });
      try {
        if (holds(copy, head)) return { file: b.file, at: b.at, records: b.records };
      } finally {
        copy.close();
      }
    } catch {
      // unreadable: try the next
    }
  }
  return null;
}

/** The ledger's chain against the head this PC remembers; null when it still holds it. */
export function compareWithRemembered(db: Db, ledgerPath: string, remembered: ChainHead): ChainWarning | null {
  if (holds(db, remembered)) return null;
  const now = chainHead(db);
  const backup = newestBackupHolding(ledgerPath, remembered);
  const offer = backup ? `可以用包含这些修改的最新备份（${when(backup.at)}，${backup.records ?? '?'} 条记录）恢复。` : '没有找到包含这些修改的备份。';
  if (!now || now.seq < remembered.seq) {
    const missing = Math.max(1, remembered.opId - (now?.opId ?? 0));
    return {
      kind: 'shorter',
      missingChanges: missing,
      message:
        `台账比上次关闭时少了 ${missing} 条已保存的修改：本机记得它的操作记录到第 ${remembered.seq} 条（${when(remembered.at)}），现在只到第 ${now?.seq ?? 0} 条。` +
        `可能是台账文件被换成了旧的副本，或数据库日志文件（-wal）丢失。${offer}`,
      backup,
    };
  }
  return {
    kind: 'rewritten',
    missingChanges: null,
    message: `台账的操作记录与本机上次看到的不一致：第 ${remembered.seq} 条操作记录（${when(remembered.at)}）已不是原来的内容，台账的历史可能在本程序之外被改写过。${offer}`,
    backup,
  };
}

const noted = new WeakMap<LedgerSession, string>();

/** On open: compare with what this PC remembers, and keep the warning on the session until resolved. */
export function witnessOnOpen(ctx: CoreContext, session: LedgerSession): void {
  if (!ctx.rememberRecent) return;
  const remembered = rememberedHead(ctx.dataDir, session.path);
  session.chainWarning = remembered ? compareWithRemembered(session.db, session.path, remembered) : null;
}

/** This connection's writes so far (a file's total_changes(); PgDb counts a server's). */
const writesSoFar = (db: Db): number => (isPostgres(db) ? db.totalChanges : (prepared(db, 'SELECT total_changes()').pluck().get() as number));
const writesWitnessed = new WeakMap<LedgerSession, number>();

/**
 * After an operation: remember the head if it moved (and no warning is pending). Skipped when
 * this connection wrote nothing since the last look: reading the head cost a grid page a tenth
 * of its time on a file and a round trip on a server, and another program's or colleague's
 * write only extends the chain remembered (the app's own writes all go through this
 * connection: the session's).
 */
export function witnessAfter(ctx: CoreContext): void {
  const session = ctx.ledger;
  if (!ctx.rememberRecent || !session || session.chainWarning) return;
  const writes = writesSoFar(session.db);
  if (writesWitnessed.get(session) === writes) return;
  writesWitnessed.set(session, writes);
  const head = chainHead(session.db);
  if (!head || noted.get(session) === head.hash) return;
  rememberHead(ctx.dataDir, session.path, head);
  noted.set(session, head.hash);
}

/** The user keeps the ledger as it is: its current head is what this PC remembers from now on. */
export function acceptCurrentChain(ctx: CoreContext, session: LedgerSession): void {
  session.chainWarning = null;
  writesWitnessed.delete(session);
  witnessAfter(ctx);
}
