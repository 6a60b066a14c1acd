/**
 * `npm run bench [-- --rows N]`: every figure the issues ask for, measured here and now,
 * each against a baseline measured in the same run. Work files go to bench/.work/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchAttachments } from './attachments';
import { benchBrowser } from './browser';
import { benchChecks } from './checks';
import { benchGrid } from './grid';
import { benchPackage } from './package';
import { benchPgChecks } from './pg-checks';
import { benchPostgres } from './postgres';
import { benchTransfer } from './transfer';
import { report } from './measure';

const { values } = parseArgs({ options: { rows: { type: 'string' }, only: { type: 'string' } } });
const rows = Number(values.rows ?? 1_000_000);
const workDir = path.resolve('bench/.work');
fs.mkdirSync(workDir, { recursive: true });

// --only grid|browser|transfer|attachments|checks|package|pg|pg-1m runs one group (the 1,000,000-row grid ledger takes minutes to make).
const only = values.only;
const results = [
  ...(only === undefined || only === 'grid' ? await benchGrid(workDir, rows) : []),
  ...(only === undefined || only === 'browser' ? await benchBrowser(workDir, rows) : []),
  ...(only === undefined || only === 'transfer' ? await benchTransfer(workDir) : []),
  ...(only === undefined || only === 'attachments' ? await benchAttachments(workDir) : []),
  ...(only === undefined || only === 'checks' ? await benchChecks(workDir, rows) : []),
  ...(only === undefined || only === 'package' ? await benchPackage(workDir) : []),
  ...(only === undefined || only === 'pg' ? await benchPostgres(workDir) : []),
  // not in the full run: the 1,000,000-record server ledger takes minutes to make
  ...(only === 'pg-1m' ? await benchPgChecks(rows) : []),
];
const ok = report(results);
console.log(ok ? '\n全部达到要求。' : '\n有未达到要求的测量项（✗）。');
process.exitCode = ok ? 0 : 1;
