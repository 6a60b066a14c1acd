/** Progress and cancel of long operations; these two skip the core's queue (core.ts). */
import { defineHandlers } from '../context';

export const jobHandlers = defineHandlers({
  'jobs/progress': (ctx, { jobId }) => ctx.jobs.progress(jobId),
  'jobs/cancel': (ctx, { jobId }) => ({ cancelled: ctx.jobs.cancel(jobId) }),
});
