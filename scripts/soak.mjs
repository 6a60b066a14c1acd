// `npm run soak`: the crash and fuzz suites with many more kill points and mutated files than
// `npm test` runs (SOAK=1 raises their counts: 130 SIGKILLs per kind, at least 100 of which must
// land mid-operation; the crash suite prints how many did). Long: most of an hour.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/core/crash.test.ts', 'test/core/fuzz.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, SOAK: '1' },
});
process.exit(r.status ?? 1);
