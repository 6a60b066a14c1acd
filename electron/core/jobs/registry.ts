/**
 * Long operations (import, export, checks) as jobs the window can watch and stop. The caller
 * names the job (a UUID in the argument `jobId`); the handler reports its phase and counts and
 * checks for cancellation between chunks, yielding to the event loop there so that
 * `jobs/progress` and `jobs/cancel` (which skip the core's queue) are answered meanwhile.
 */
import { AppError } from '../../../shared/result';
import type { JobProgress } from '../../../shared/api';

export interface Job {
  /** Phase in Chinese for the progress bar, and counts when known. */
  report(phase: string, done?: number, total?: number): void;
  /** Throws CANCELLED once the user has asked to stop. */
  throwIfCancelled(): void;
  /** Let queued progress and cancel calls run; then throwIfCancelled. */
  checkpoint(): Promise<void>;
  /** Aborted on cancel, for work that runs elsewhere (the parse worker). */
  readonly signal: AbortSignal;
}

/** A job waiting for another writer (JobRegistry.waiting). */
export interface JobWait {
  throwIfCancelled(): void;
  resume(): void;
}

const NO_JOB: Job = { report() {}, throwIfCancelled() {}, checkpoint: () => Promise.resolve(), signal: new AbortController().signal };

export class JobRegistry {
  private readonly jobs = new Map<string, JobProgress & { cancelled: boolean; abort: AbortController }>();

  /** Runs `fn` as job `jobId` (or untracked when there is none); the job is forgotten after. */
  async run<T>(jobId: string | undefined, fn: (job: Job) => Promise<T> | T): Promise<T> {
    if (!jobId) return fn(NO_JOB);
    // a job that waited for another writer (waiting()) keeps a cancel asked for meanwhile
    const waited = this.jobs.get(jobId);
    const state = { phase: '准备中', done: 0, total: null as number | null, cancelled: waited?.cancelled ?? false, abort: waited?.abort ?? new AbortController() };
    this.jobs.set(jobId, state);
    const job: Job = {
      signal: state.abort.signal,
      report(phase, done, total) {
        state.phase = phase;
        state.done = done ?? 0;
        state.total = total ?? null;
      },
      throwIfCancelled() {
        if (state.cancelled) throw new AppError('CANCELLED', '已取消，台账未作任何改动');
      },
      async checkpoint() {
        await new Promise<void>((resolve) => setImmediate(resolve));
        job.throwIfCancelled();
      },
    };
    try {
      job.throwIfCancelled();
      return await fn(job);
    } finally {
      this.jobs.delete(jobId);
    }
  }

  /**
   * A job between two attempts, waiting for another writer (db/wait-for-writer.ts): its progress
   * shows `phase` and it can be cancelled. The returned check throws CANCELLED once it was;
   * `resume` puts back the progress it showed before, for a job that goes on where it was.
   */
  waiting(jobId: string, phase: string): JobWait {
    const state = this.jobs.get(jobId) ?? { phase, done: 0, total: null, cancelled: false, abort: new AbortController() };
    const before = { phase: state.phase, done: state.done, total: state.total };
    state.phase = phase;
    state.done = 0;
    state.total = null;
    this.jobs.set(jobId, state);
    return {
      throwIfCancelled() {
        if (state.cancelled) throw new AppError('CANCELLED', '已取消，台账未作任何改动');
      },
      resume: () => Object.assign(state, before),
    };
  }

  /** Forgets a job that will not run again (one that gave up waiting). */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }

  progress(jobId: string): JobProgress | null {
    const s = this.jobs.get(jobId);
    return s ? { phase: s.phase, done: s.done, total: s.total } : null;
  }

  /** Marks a running job cancelled; false when no such job runs (it has already finished). */
  cancel(jobId: string): boolean {
    const s = this.jobs.get(jobId);
    if (s) {
      s.cancelled = true;
      s.abort.abort();
    }
    return Boolean(s);
  }
}
