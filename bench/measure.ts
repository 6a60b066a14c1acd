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
