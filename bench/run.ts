/**
 * `npm run bench [-- --rows N]`: every figure the issues ask for, measured here and now,
 * each against a baseline measured in the same run. Work files go to bench/.work/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchChecks } from './checks';
import { benchGrid } from './grid';
import { report } from './measure';

const { values } = parseArgs({ options: { rows: { type: 'string' } } });
const rows = Number(values.rows ?? 1_000_000);
const workDir = path.resolve('bench/.work');
fs.mkdirSync(workDir, { recursive: true });

const only = process.env.BENCH_ONLY;
const results = [
  ...(only && only !== 'grid' ? [] : await benchGrid(workDir, rows)),
  ...(only && only !== 'checks' ? [] : await benchChecks(workDir, rows)),
];
const ok = report(results);
console.log(ok ? '\n全部达到要求。' : '\n有未达到要求的测量项（✗）。');
process.exitCode = ok ? 0 : 1;
