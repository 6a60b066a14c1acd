/**
 * Runs a long operation as a job: the call carries a fresh jobId, the bar polls
 * jobs/progress, and 取消 asks the core to stop (it then fails with CANCELLED and writes nothing).
 */
import { useCallback, useRef, useState } from 'react';
import type { JobProgress } from '../../../shared/api';
import { invoke } from '../api/client';

export interface RunningJob {
  id: string;
  title: string;
  progress: JobProgress | null;
  cancelling: boolean;
  cancellable: boolean;
}

const POLL_MS = 250;

export function useJob() {
  const [job, setJob] = useState<RunningJob | null>(null);
  const current = useRef<string | null>(null);

  const run = useCallback(async <T,>(title: string, call: (jobId: string) => Promise<T>, opts: { cancellable?: boolean } = {}): Promise<T> => {
    const id = crypto.randomUUID();
    current.current = id;
    setJob({ id, title, progress: null, cancelling: false, cancellable: opts.cancellable ?? true });
    const timer = setInterval(() => {
      void invoke('jobs/progress', { jobId: id }).then(
        (progress) => setJob((j) => (j && j.id === id && progress ? { ...j, progress } : j)),
        () => undefined,
      );
    }, POLL_MS);
    try {
      return await call(id);
    } finally {
      clearInterval(timer);
      if (current.current === id) setJob(null);
    }
  }, []);

  const cancel = useCallback(() => {
    const id = current.current;
    if (!id) return;
    setJob((j) => (j ? { ...j, cancelling: true } : j));
    void invoke('jobs/cancel', { jobId: id });
  }, []);

  return { job, run, cancel };
}

export function JobBar({ job, onCancel }: { job: RunningJob | null; onCancel(): void }) {
  if (!job) return null;
  const p = job.progress;
  const pct = p && p.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : null;
  return (
    <div className="job-bar" role="status" aria-live="polite">
      <strong>{job.title}</strong>
      <span className="job-phase">{job.cancelling ? '正在取消…' : (p?.phase ?? '准备中')}{pct !== null ? `（${p!.done.toLocaleString('zh-CN')} / ${p!.total!.toLocaleString('zh-CN')}）` : ''}</span>
      <progress max={100} value={pct ?? undefined} aria-label="进度" />
      {job.cancellable && (
        <button onClick={onCancel} disabled={job.cancelling}>
          取消
        </button>
      )}
    </div>
  );
}
