/** Timing helpers: median of repeated runs after a warm-up, and a ratio against a baseline. */
export async function median(fn: () => unknown | Promise<unknown>, runs = 15, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

type Work = () => unknown | Promise<unknown>;
/**
 * What is timed, and optionally what must happen untimed before each sample (a fresh target
 * folder, a new ledger) and after it (removing what it wrote, so the next sample, of either
 * side, starts from the same state of the machine).
 */
export type Side = Work | { setup: Work; run: Work; teardown?: Work };

/**
 * The app and its baseline timed in alternation (app, baseline, app, …), each sample a batch
 * of calls so that sub-millisecond queries are not lost in timer and scheduling noise, and
 * drift (another process, the page cache warming) hits both sides alike. Medians per call.
 */
export async function compare(app: Side, baseline: Side, { runs = 15, warmup = 3, batch = 1 } = {}): Promise<{ appMs: number; baselineMs: number }> {
  const once = async (side: Side) => {
    const { setup, run, teardown } = typeof side === 'function' ? { setup: null, run: side, teardown: null } : side;
    await setup?.();
    const t = performance.now();
    for (let i = 0; i < batch; i++) await run();
    const ms = (performance.now() - t) / batch;
    await teardown?.();
    return ms;
  };
  for (let i = 0; i < warmup; i++) {
    await once(app);
    await once(baseline);
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await once(app));
    b.push(await once(baseline));
  }
  const mid = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { appMs: mid(a), baselineMs: mid(b) };
}

export interface Row {
  what: string;
  appMs: number;
  baselineMs: number | null;
  limitMs: number | null;
  maxRatio: number | null;
  /** what appMs and limitMs count when not milliseconds (memory in MB) */
  unit?: 'MB';
}

export function report(rows: Row[]): boolean {
  let ok = true;
  console.log('\n| 测量项 | 程序 (ms) | 基线 (ms) | 比值 | 要求 |');
  console.log('|---|---:|---:|---:|---|');
  for (const r of rows) {
    const ratio = r.baselineMs ? r.appMs / r.baselineMs : null;
    const pass = (r.limitMs === null || r.appMs <= r.limitMs) && (r.maxRatio === null || ratio === null || ratio <= r.maxRatio);
    ok &&= pass;
    const want = [r.limitMs !== null ? `< ${r.limitMs} ${r.unit ?? 'ms'}` : '', r.maxRatio !== null ? `≤ ${r.maxRatio}×` : ''].filter(Boolean).join('，');
    console.log(`| ${r.what} | ${r.appMs.toFixed(1)} | ${r.baselineMs?.toFixed(1) ?? '—'} | ${ratio ? `${ratio.toFixed(2)}×` : '—'} | ${want} ${pass ? '✓' : '✗'} |`);
  }
  return ok;
}
