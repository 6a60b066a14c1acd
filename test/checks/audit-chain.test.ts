/**
 * The audit-chain check walked in a worker thread (what a large ledger gets, on a file or a
 * server) finds exactly what the walk in the calling thread finds, remembers a clean walk (a
 * file), falls back to walking itself when the worker cannot, and a cancelled run stops its worker.
 */
import { describe, expect, it } from 'vitest';
import type { CheckIssue } from '../../shared/domain/checks';
import { chainCheck, type ChainCheck } from '../../electron/core/checks/audit-chain';
import { CheckRun } from '../../electron/core/checks/run';
import { CLEAN, ledgerWith, rawSql } from './helpers';
import { liftLogGuardAt } from '../support/behind-the-app';
import { newCore, tempDir, TEST_BACKEND } from '../core/support';
import { isPostgres } from '../../electron/core/db/connection';

function walkAll(chain: ChainCheck): void {
  const until = Date.now() + 60_000;
  while (!chain.done && Date.now() < until) chain.step(100_000);
}

async function tamperedLedger() {
  const l = await ledgerWith([CLEAN, { ...CLEAN, amountFen: 200 }, { ...CLEAN, amountFen: 300 }]);
  liftLogGuardAt(l.file);
  // one entry changed, one removed from the middle (a removed last entry is verify's to find: no row matches it)
  rawSql(l.file, "UPDATE audit_log SET actor = '别人' WHERE entity = 'record' AND entity_id = 1");
  rawSql(l.file, "DELETE FROM audit_log WHERE entity = 'record' AND entity_id = 2");
  return l;
}

describe('the audit-chain check in a worker (a file opened again, or a second server connection)', () => {
  it('finds the same broken entries as the walk in this thread', async () => {
    const { core, file } = await tamperedLedger();
    const db = core.ctx.ledger!.db;
    const inWorker: CheckIssue[] = [];
    const here: CheckIssue[] = [];
    const parallel = chainCheck(db, inWorker, { ledgerPath: file, parallelFrom: 0 });
    const local = chainCheck(db, here, { ledgerPath: file, parallelFrom: Infinity });
    walkAll(parallel);
    walkAll(local);
    // (a worker that failed would have handed the walk back to this thread: 'fallback')
    expect([parallel.ranIn, local.ranIn]).toEqual(['worker', 'thread']);
    expect(here.length).toBeGreaterThanOrEqual(3);
    expect(inWorker).toEqual(here);
    core.close();
  });

  it('walks a log of several slices (read ahead on a server) and finds an entry changed past the first slice', async () => {
    const { core, file } = await ledgerWith(Array.from({ length: 6_000 }, (_, i) => ({ ...CLEAN, amountFen: 100 + i })));
    liftLogGuardAt(file);
    rawSql(file, "UPDATE audit_log SET actor = '别人' WHERE entity = 'record' AND entity_id = 5500");
    const db = core.ctx.ledger!.db;
    const inWorker: CheckIssue[] = [];
    const here: CheckIssue[] = [];
    const parallel = chainCheck(db, inWorker, { ledgerPath: file, parallelFrom: 0 });
    const local = chainCheck(db, here, { ledgerPath: file, parallelFrom: Infinity });
    expect(parallel.total()).toBeGreaterThan(6_000);
    walkAll(parallel);
    walkAll(local);
    expect([parallel.ranIn, local.ranIn]).toEqual(['worker', 'thread']);
    expect(here.map((i) => i.message)).toEqual([expect.stringContaining('哈希不符')]);
    expect(inWorker).toEqual(here);
    core.close();
  });

  it('a whole check run with the chain in a worker reports the broken chain as the run in this thread does; a cancelled run stops its worker', async () => {
    const { core } = await tamperedLedger();
    const ledger = core.ctx.ledger!;
    const inWorker = new CheckRun(ledger, core.ctx.reference, null, { chainInWorkerFrom: 0 });
    const report = inWorker.runToEnd();
    const here = new CheckRun(ledger, core.ctx.reference, null, { chainInWorkerFrom: Infinity }).runToEnd();
    const broken = (r: typeof report) => r.issues.filter((i) => i.code === 'AUDIT_CHAIN_BROKEN');
    expect(broken(report).length).toBeGreaterThanOrEqual(2);
    expect(broken(report)).toEqual(broken(here));
    expect(report.issues).toEqual(here.issues);
    const abort = new AbortController();
    abort.abort();
    const cancelled = new CheckRun(ledger, core.ctx.reference, null, { chainInWorkerFrom: 0 });
    expect(() => cancelled.runToEnd(undefined, abort.signal)).toThrow('检查已取消');
    core.close();
  });
});

// What only a file has: PRAGMA data_version to remember a clean walk by, and a path to get wrong.
describe.skipIf(TEST_BACKEND === 'postgres')('the audit-chain check in a worker on a file', () => {
  it('reports progress while it waits, and remembers a clean walk so the next run walks only new entries', async () => {
    const { core, file } = await ledgerWith([CLEAN, CLEAN]);
    const db = core.ctx.ledger!.db;
    const chain = chainCheck(db, [], { ledgerPath: file, parallelFrom: 0 });
    const total = chain.total();
    expect(total).toBeGreaterThan(2);
    let done = 0;
    while (!chain.done) done += chain.step(100_000);
    expect(done).toBe(total);
    expect(chain.walkMs).toBeGreaterThan(0);
    expect(chainCheck(db, [], { ledgerPath: file, parallelFrom: 0 }).total()).toBe(0);
    await core.call('records/apply', { ops: [{ type: 'insert', values: CLEAN }] });
    expect(chainCheck(db, [], { ledgerPath: file, parallelFrom: 0 }).total()).toBe(1);
    core.close();
  });

  it('walks in this thread when the worker cannot open the ledger', async () => {
    const { core } = await tamperedLedger();
    const issues: CheckIssue[] = [];
    const chain = chainCheck(core.ctx.ledger!.db, issues, { ledgerPath: '/nonexistent/ledger.db', parallelFrom: 0 });
    // a worker was started (it is not the walk here from the outset) ...
    expect(chain.ranIn).toBe('worker');
    walkAll(chain);
    // ... it could not open the ledger, and the walk here took over and found what the worker would have
    expect(chain.ranIn).toBe('fallback');
    expect(issues.map((i) => i.code)).toContain('AUDIT_CHAIN_BROKEN');
    core.close();
  });
});

describe.runIf(TEST_BACKEND === 'postgres')('the audit-chain check on PostgreSQL', () => {
  it('walks in a worker on a connection of its own, from the first entry every time, and finds the broken entries', async () => {
    const { core, file } = await tamperedLedger();
    const db = core.ctx.ledger!.db;
    const issues: CheckIssue[] = [];
    const chain = chainCheck(db, issues, { ledgerPath: file, parallelFrom: 0 });
    expect(chain.ranIn).toBe('worker');
    const total = chain.total();
    let done = 0;
    const until = Date.now() + 60_000;
    while (!chain.done && Date.now() < until) done += chain.step(100_000);
    expect(chain.ranIn).toBe('worker');
    expect(done).toBe(total);
    expect(issues.length).toBeGreaterThanOrEqual(3);
    // nothing tells this connection that another changed an old entry: no clean walk is remembered
    expect(chainCheck(db, [], { ledgerPath: file, parallelFrom: Infinity }).total()).toBe(total);
    core.close();
  });

  it("logs in as the session did: the worker is given the address as typed, password included, which the ledger's shown path leaves out", async () => {
    const { core, file } = await ledgerWith([]);
    core.close();
    const url = new URL(file);
    url.password = 'geheim';
    const again = newCore(tempDir());
    const status = await again.call('ledger/open', { path: url.toString() });
    expect(status.path).not.toContain('geheim');
    const db = again.ctx.ledger!.db;
    expect(isPostgres(db) && db.client.opened.url).toBe(url.toString());
    // (this cluster trusts loopback, so the password itself goes unchecked here)
    const issues: CheckIssue[] = [];
    const chain = chainCheck(db, issues, { ledgerPath: status.path!, parallelFrom: 0 });
    walkAll(chain);
    expect([chain.ranIn, issues]).toEqual(['worker', []]);
    again.close();
  });
});
