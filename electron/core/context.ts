/** What every handler receives: where ledgers live, who is acting, reference data, the open ledger. */
import type { Kysely } from 'kysely';
import type { ChainWarning, OpName, ParsedArgsOf, ResultOf } from '../../shared/api';
import { AppError } from '../../shared/result';
import type { Db } from './db/connection';
import type { LedgerSchema } from './db/schema';
import type { WaitForWriters } from './db/wait-for-writer';
import type { Writer } from './db/write-path';
import type { JobRegistry } from './jobs/registry';
import type { Reference } from './reference/reference';
import type { WorkerUrls } from './worker-script';

export interface LedgerSession {
  path: string;
  db: Db;
  kysely: Kysely<LedgerSchema>;
  /** shown once to the user, e.g. that a backup was taken before an upgrade */
  notice: string | null;
  /** the ledger no longer holds the audit head this PC remembers (ledger/witness.ts); kept until resolved */
  chainWarning?: ChainWarning | null;
  /** the one write path, bound to this ledger and its validators */
  write<T>(label: string, fn: (w: Writer) => T): T;
  /** `write`, committed once `ready` resolves, rolled back if it rejects (db/write-path.ts: writeWhen) */
  writeWhen<T>(label: string, fn: (w: Writer) => T, ready: Promise<unknown>): Promise<T>;
}

export interface CoreContext {
  dataDir: string;
  actor: string;
  reference: Reference;
  ledger: LedgerSession | null;
  /** keep the list of recent ledgers in dataDir (the app does; the CLI must not litter cwd) */
  rememberRecent: boolean;
  /** long operations in progress (import, export, checks): progress and cancel */
  jobs: JobRegistry;
  /** the built worker scripts (Electron build); empty under tsx/vitest, where the sources are used */
  workerUrls: WorkerUrls;
  /** what a call waiting for another process's write says meanwhile (db/wait-for-writer.ts), else null */
  waitingFor: string | null;
  /** runs a later part (one transaction) of the running call, waiting like the call would (db/wait-for-writer.ts) */
  waitForWriters: WaitForWriters;
}

export function requireLedger(ctx: CoreContext): LedgerSession {
  if (!ctx.ledger) throw new AppError('NO_LEDGER', '尚未打开台账，请先新建或打开一个台账文件');
  return ctx.ledger;
}

export type Handler<K extends OpName> = (ctx: CoreContext, args: ParsedArgsOf<K>) => Promise<ResultOf<K>> | ResultOf<K>;
export type HandlerMap<K extends OpName> = { [P in K]: Handler<P> };

/** Declares a domain's handlers with their argument and result types checked against the contract. */
export function defineHandlers<K extends OpName>(map: HandlerMap<K>): HandlerMap<K> {
  return map;
}
