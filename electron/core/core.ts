/**
 * The core: the handler map behind one `invoke(name, args)`. Every door (IPC, HTTP, CLI)
 * calls this; it checks the name and the argument against the contract's schema and turns
 * every failure into `{ ok: false, error }` with a Chinese message.
 */
import os from 'node:os';
import path from 'node:path';
import { api, isOpName, type OpName, type ResultOf } from '../../shared/api';
import { AppError, toErrorShape, type Result } from '../../shared/result';
import type { CoreContext } from './context';
import { handlers } from './handlers';
import { JobRegistry, type JobWait } from './jobs/registry';
import { backupIfDue, type AutoBackupOptions } from './backups/auto';
import { closeLedger } from './ledger/session';
import { witnessAfter } from './ledger/witness';
import { loadReference } from './reference/reference';
import { retryWhileAnotherWrites, type WaitHooks } from './db/wait-for-writer';
import type { WorkerUrls } from './worker-script';

export interface CoreOptions {
  dataDir?: string;
  actor?: string;
  rememberRecent?: boolean;
  workerUrls?: WorkerUrls;
  /** automatic backups after changes (the app's doors turn them on; the CLI and tests do not) */
  autoBackup?: AutoBackupOptions;
  /** told when a call waits for another process's long write (the CLI prints it on stderr) */
  onWait?: (message: string) => void;
}

export interface Core {
  ctx: CoreContext;
  invoke(name: string, args: unknown): Promise<Result<unknown>>;
  /** Typed call for in-process users (CLI, tests); throws AppError on failure. */
  call<K extends OpName>(name: K, args: unknown): Promise<ResultOf<K>>;
  close(): void;
}

/** Operations that only read the job registry or the wait notice, never the ledger: answered while a call holds the queue. */
const UNQUEUED = new Set<string>(['jobs/progress', 'jobs/cancel', 'ledger/waiting']);

export function defaultDataDir(): string {
  return process.env.LEDGER_DATA_DIR ?? path.join(os.homedir(), 'Documents', '帮扶台账');
}

function defaultActor(): string {
  try {
    return os.userInfo().username || '本机用户';
  } catch {
    return '本机用户';
  }
}

export function createCore(opts: CoreOptions = {}): Core {
  const ctx: CoreContext = {
    dataDir: path.resolve(opts.dataDir ?? defaultDataDir()),
    actor: opts.actor ?? defaultActor(),
    reference: loadReference(),
    ledger: null,
    rememberRecent: opts.rememberRecent ?? true,
    workerUrls: opts.workerUrls ?? {},
    jobs: new JobRegistry(),
    waitingFor: null,
    waitForWriters: (part) => retryWhileAnotherWrites(() => ctx.ledger?.db ?? null, part, running ?? { onWait() {} }),
  };
  /** How the queued call now running waits (one runs at a time): its later parts wait the same way. */
  let running: WaitHooks | null = null;

  // Mutations run one at a time, in arrival order, even when a door serves several callers.
  let queue: Promise<unknown> = Promise.resolve();

  async function run(name: string, rawArgs: unknown): Promise<unknown> {
    if (!isOpName(name)) throw new AppError('UNKNOWN_OPERATION', `未知的操作：${name}`);
    const parsed = api[name].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '参数'}：${i.message}`).join('；');
      throw new AppError('BAD_ARGS', `参数不正确（${detail}）`, { issues: parsed.error.issues });
    }
    const handler = handlers[name] as (ctx: CoreContext, args: unknown) => unknown;
    // Closing is the last chance to keep what changed since the last automatic backup.
    if (name === 'ledger/close' && ctx.ledger && opts.autoBackup) await backupQuietly(opts.autoBackup, true);
    // Another process's long commit makes the call wait and run again, not fail (db/wait-for-writer.ts).
    const jobId = (parsed.data as { jobId?: string }).jobId;
    let waitingJob: JobWait | undefined;
    const hooks: WaitHooks = {
      onWait: (message) => {
        if (jobId) waitingJob = ctx.jobs.waiting(jobId, message);
        ctx.waitingFor = message;
        opts.onWait?.(message);
      },
      onResume: () => {
        waitingJob?.resume();
        ctx.waitingFor = null;
      },
      throwIfCancelled: () => waitingJob?.throwIfCancelled(),
    };
    const queued = !UNQUEUED.has(name);
    if (queued) running = hooks;
    let result: unknown;
    try {
      result = await retryWhileAnotherWrites(() => ctx.ledger?.db ?? null, () => handler(ctx, parsed.data), hooks);
    } finally {
      if (queued) running = null;
      if (jobId && waitingJob) ctx.jobs.forget(jobId);
      ctx.waitingFor = null;
    }
    // The office PC as the chain's witness: remember the head if the operation moved it (ledger/witness.ts).
    if (!UNQUEUED.has(name)) witnessAfter(ctx);
    if (opts.autoBackup && ctx.ledger && !UNQUEUED.has(name)) await backupQuietly(opts.autoBackup, false);
    return result;
  }

  /** A failed automatic backup must not fail the user's operation; it is reported on stderr. */
  async function backupQuietly(auto: AutoBackupOptions, force: boolean): Promise<void> {
    try {
      await backupIfDue(ctx.ledger!, auto, force);
    } catch (err) {
      console.error(`自动备份失败：${(err as Error).message}`);
    }
  }

  async function invoke(name: string, args: unknown): Promise<Result<unknown>> {
    // Progress and cancel must be answered while a long job holds the queue.
    const task = UNQUEUED.has(name) ? run(name, args) : queue.then(() => run(name, args));
    if (!UNQUEUED.has(name)) queue = task.catch(() => undefined);
    try {
      return { ok: true, value: await task };
    } catch (err) {
      return { ok: false, error: toErrorShape(err) };
    }
  }

  return {
    ctx,
    invoke,
    async call(name, args) {
      const r = await invoke(name, args);
      if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
      return r.value as never;
    },
    close() {
      if (ctx.ledger) closeLedger(ctx.ledger);
      ctx.ledger = null;
    },
  };
}
