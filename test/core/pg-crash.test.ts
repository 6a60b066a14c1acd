/**
 * Crash safety on a PostgreSQL ledger (issue 17: "the crash tests SIGKILL a writer on
 * PostgreSQL too"): a child process writing to a server ledger is killed with SIGKILL while its
 * transaction is open (the ledger's advisory lock held, seen from outside in pg_locks). The
 * server rolls the open transaction back: every change the child reported committed is there,
 * no paste or import is half present, the audit chain verifies, and the next writer is not
 * locked out by the dead one.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { newCore, serverDatabase, tempDir } from './support';

const DRIVER = path.join(__dirname, 'support/crash-driver.ts');

async function serverLedger(): Promise<string> {
  const db = serverDatabase('crash');
  const core = newCore();
  await core.call('ledger/create', { path: db.url, officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
  core.close();
  return db.url;
}

/** Runs the driver, and SIGKILLs it the first time its write transaction is seen open after it began working. */
function killWhileWriting(url: string, args: string[]): Promise<{ committed: string[]; midTransaction: boolean }> {
  const watcher = new PgSyncClient(url);
  const lockHeld = () => (watcher.query<{ n: number }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted").rows[0].n > 0);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', DRIVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let midTransaction = false;
    let poll: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!poll && out.includes('READY')) {
        poll = setInterval(() => {
          if (child.exitCode !== null || !lockHeld()) return;
          midTransaction = true;
          child.kill('SIGKILL');
          clearInterval(poll);
        }, 2);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(poll);
      watcher.close();
      if (!out.includes('READY')) return reject(new Error(`driver did not start: ${err}`));
      resolve({ committed: out.split('\n').filter((l) => l.startsWith('COMMITTED')), midTransaction });
    });
  });
}

async function afterTheKill(url: string) {
  const core = newCore();
  await core.call('ledger/open', { path: url });
  const verdict = await core.call('verify/ledger', {});
  const { records } = await core.call('stats/summary', {});
  // the dead writer's lock went with its connection: the next write goes through at once
  await core.call('records/apply', { label: '之后', ops: [{ type: 'insert', values: { date: '2021-11-06', purchaserName: '上海市松江区教育局', amountFen: 1 } }] });
  return { verdict, records };
}

describe('a writer killed on a PostgreSQL ledger', () => {
  it('pastes: every reported paste is there, none half, the chain verifies', async () => {
    const url = await serverLedger();
    const run = await killWhileWriting(url, ['paste', url]);
    expect(run.midTransaction).toBe(true);
    const { verdict, records } = await afterTheKill(url);
    expect(verdict).toEqual({ ok: true, problems: [] });
    expect(records % 200).toBe(0);
    expect(records).toBeGreaterThanOrEqual(run.committed.length * 200);
    expect(records).toBeLessThanOrEqual((run.committed.length + 1) * 200);
  });

  it('imports: the batch is there whole or not at all', async () => {
    const url = await serverLedger();
    const rows = [['日期', '采购单位', '产品名称', '产地', '金额（元）'], ...Array.from({ length: 3000 }, (_, i) => ['2021-11-05', '上海市松江区教育局', '勐海普洱茶', '云南省西双版纳州勐海县', 10 + i])];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '11月');
    const file = path.join(tempDir(), '教育局.xlsx');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const run = await killWhileWriting(url, ['import', url, file]);
    expect(run.midTransaction).toBe(true);
    const { verdict, records } = await afterTheKill(url);
    expect(verdict).toEqual({ ok: true, problems: [] });
    expect([0, 3000]).toContain(records);
  });
});
