/** Which ledger is open: create, open, the demo ledger, close, and the files in the data folder. */
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerStatus } from '../../../shared/api';
import { AppError } from '../../../shared/result';
import { defineHandlers, requireLedger, type CoreContext, type LedgerSession } from '../context';
import { backupTo } from '../db/backup';
import { copyLedger } from '../backups/copy-ledger';
import { isPostgres, refuseNetworkPath } from '../db/connection';
import { grantLedgerToRole } from '../db/pg/app-role';
import { SCHEMA_VERSION } from '../db/migrate';
import { loadDemo } from '../demo/load';
import { readSettings } from '../settings/app';
import { hasPassword, rememberPassword } from './pgpass';
import { readRecent, rememberRecent } from './recent';
import { closeLedger, createLedger, openLedger, type SessionOptions } from './session';
import { isPostgresAddress, withoutPassword } from '../../../shared/ledger-address';
import { acceptCurrentChain, forgetHead, witnessOnOpen } from './witness';

export const DEMO_FILE_NAME = '演示台账.db';
const DEFAULT_DEMO_ROWS = 3000;

/** A bare name goes into the data folder; '.db' is added when no extension is given; a postgres:// address is kept. */
export function resolveLedgerPath(ctx: CoreContext, input: string): string {
  if (isPostgresAddress(input)) return input.trim();
  refuseNetworkPath(input);
  const withExt = path.extname(input) ? input : `${input}.db`;
  return path.isAbsolute(withExt) ? withExt : path.join(ctx.dataDir, withExt);
}

/** What opening a ledger needs from the core: who acts, the reference data, the built PostgreSQL thread. */
export function sessionOptions(ctx: CoreContext): SessionOptions {
  return { actor: ctx.actor, reference: ctx.reference, pgThreadUrl: ctx.workerUrls.pgClient };
}

export function ledgerStatus(ctx: CoreContext): LedgerStatus {
  const ledger = ctx.ledger;
  if (!ledger) {
    return { open: false, path: null, officeName: null, districtName: null, schemaVersion: null, recordCount: null, dataDir: ctx.dataDir, notice: null };
  }
  const settings = readSettings(ledger);
  const count = ledger.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number };
  const notice = ledger.notice;
  ledger.notice = null;
  return {
    open: true,
    path: ledger.path,
    officeName: settings.officeName,
    districtName: settings.districtName,
    schemaVersion: SCHEMA_VERSION,
    recordCount: count.n,
    dataDir: ctx.dataDir,
    notice,
    chainWarning: ledger.chainWarning ?? null,
  };
}

export function closeCurrent(ctx: CoreContext): void {
  if (ctx.ledger) closeLedger(ctx.ledger);
  ctx.ledger = null;
}

export function makeCurrent(ctx: CoreContext, session: LedgerSession): LedgerStatus {
  closeCurrent(ctx);
  ctx.ledger = session;
  if (ctx.rememberRecent) rememberRecent(ctx.dataDir, session.path);
  witnessOnOpen(ctx, session);
  return ledgerStatus(ctx);
}

/** On start: reopen the ledger used last, if it is still there and opens cleanly. */
export async function reopenLast(ctx: CoreContext): Promise<void> {
  // Files only: a server that does not answer would hold the start for its connect timeout
  // (30 s); a shared ledger is one click away under 打开台账 instead.
  const last = readRecent(ctx.dataDir).find((p) => fs.existsSync(p));
  if (!last || ctx.ledger) return;
  try {
    ctx.ledger = await openLedger(last, sessionOptions(ctx));
    witnessOnOpen(ctx, ctx.ledger);
  } catch {
    // The welcome screen offers the choices; the reason shows when the user opens it by hand.
  }
}

/**
 * 记住密码, once the password has proved right (the ledger opened): into the user's own pgpass
 * file (ledger/pgpass.ts). The ledger is open whatever happens here; a failure is a notice.
 */
function withPasswordRemembered(status: LedgerStatus, address: string, remember: boolean | undefined): LedgerStatus {
  if (!remember || !isPostgresAddress(address) || !hasPassword(address)) return status;
  try {
    const file = rememberPassword(address);
    return { ...status, notice: [status.notice, `密码已保存在本人的密码文件“${file}”中（仅本人可读），下次打开无需再输入。`].filter(Boolean).join('\n') };
  } catch (err) {
    return { ...status, notice: [status.notice, `台账已打开，但${(err as Error).message}`].filter(Boolean).join('\n') };
  }
}

export const ledgerHandlers = defineHandlers({
  'ledger/status': (ctx) => ledgerStatus(ctx),

  'ledger/waiting': (ctx) => ({ message: ctx.waitingFor }),

  // (a server ledger's address is kept without its password, and listed whether or not it answers now)
  'ledger/recent': (ctx) => ({ files: readRecent(ctx.dataDir).filter((p) => isPostgresAddress(p) || fs.existsSync(p)) }),

  'ledger/create': async (ctx, args) => {
    const file = resolveLedgerPath(ctx, args.path);
    const session = await createLedger(file, args, sessionOptions(ctx));
    forgetHead(ctx, session.path);
    return withPasswordRemembered(makeCurrent(ctx, session), file, args.rememberPassword);
  },

  'ledger/open': async (ctx, args) => {
    const file = resolveLedgerPath(ctx, args.path);
    if (ctx.ledger?.path === (isPostgresAddress(file) ? withoutPassword(file) : path.resolve(file))) return ledgerStatus(ctx);
    return withPasswordRemembered(makeCurrent(ctx, await openLedger(file, sessionOptions(ctx))), file, args.rememberPassword);
  },

  'ledger/openDemo': async (ctx, args) => {
    const file = path.join(ctx.dataDir, DEMO_FILE_NAME);
    const opts = sessionOptions(ctx);
    let session;
    if (fs.existsSync(file)) {
      session = await openLedger(file, opts);
    } else {
      session = await createLedger(file, { officeName: '松江区合作交流办（演示）', districtName: '松江区', districtCode: '310117' }, opts);
      forgetHead(ctx, session.path);
      try {
        loadDemo(session, ctx.reference, { rows: args.rows ?? DEFAULT_DEMO_ROWS });
      } catch (err) {
        closeLedger(session);
        for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
        throw err;
      }
    }
    return makeCurrent(ctx, session);
  },

  'ledger/close': (ctx) => {
    closeCurrent(ctx);
    return ledgerStatus(ctx);
  },

  'ledger/acceptChain': (ctx) => {
    acceptCurrentChain(ctx, requireLedger(ctx));
    return ledgerStatus(ctx);
  },

  'ledger/grantStaff': (ctx, { role }) => {
    const ledger = requireLedger(ctx);
    if (!isPostgres(ledger.db)) throw new AppError('BAD_ARGS', '只有 PostgreSQL 上的共用台账需要为工作人员授权；台账文件由能打开它的人使用');
    grantLedgerToRole(ledger.db, role);
    return { role };
  },

  'ledger/copyTo': async (ctx, { target, jobId }) => {
    const ledger = requireLedger(ctx);
    const where = resolveLedgerPath(ctx, target);
    if (where === ledger.path) throw new AppError('BAD_ARGS', '复制的目标不能是台账本身');
    return ctx.jobs.run(jobId, (job) => copyLedger(ledger.db, where, { pgThreadUrl: ctx.workerUrls.pgClient, sourcePath: ledger.path, job }));
  },

  'ledger/backup': async (ctx, { target, jobId }) => {
    const ledger = requireLedger(ctx);
    const file = path.resolve(target);
    // A server ledger's backup is a ledger file holding all of it (also the way back to one PC).
    if (isPostgresAddress(ledger.path)) {
      const copy = await ctx.jobs.run(jobId, (job) => copyLedger(ledger.db, file, { pgThreadUrl: ctx.workerUrls.pgClient, sourcePath: ledger.path, job }));
      return { file: copy.target };
    }
    if (file === ledger.path) throw new AppError('BAD_ARGS', '备份文件不能与台账文件相同');
    if (fs.existsSync(file)) throw new AppError('FILE_EXISTS', `文件“${file}”已存在，为避免覆盖，请换一个文件名`);
    return { file: await backupTo(ledger.db, file) };
  },

  'demo/generate': (ctx, { rows, seed }) => loadDemo(requireLedger(ctx), ctx.reference, { rows, seed, workerUrl: ctx.workerUrls.demoRows }),

  'ledger/files': (ctx) => {
    let names: string[] = [];
    try {
      names = fs.readdirSync(ctx.dataDir).filter((n) => /\.(db|bfdb)$/i.test(n));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new AppError('NOT_READABLE', `无法读取文件夹“${ctx.dataDir}”`);
    }
    const files = names.map((name) => {
      const full = path.join(ctx.dataDir, name);
      const st = fs.statSync(full);
      return { path: full, name, sizeBytes: st.size, modifiedAt: st.mtime.toISOString() };
    });
    files.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
    return { files };
  },
});
