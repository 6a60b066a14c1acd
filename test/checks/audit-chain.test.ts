/**
 * The audit-chain check walked in a worker thread (what a large ledger gets) finds exactly what
 * the walk in the calling thread finds, remembers a clean walk, falls back to walking itself
 * when the worker cannot, and a cancelled run stops its worker.
 */
import { describe, expect, it } from 'vitest';
import type { CheckIssue } from '../../shared/domain/checks';
import { chainCheck, type ChainCheck } from '../../electron/core/checks/audit-chain';
import { CheckRun } from '../../electron/core/checks/run';
import { CLEAN, ledgerWith, rawSql } from './helpers';
import { liftLogGuardAt } from '../support/behind-the-app';
import { TEST_BACKEND } from '../core/support';

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

// The worker opens the ledger file a second time: a file ledger's only (PostgreSQL: below).
describe.skipIf(TEST_BACKEND === 'postgres')('the audit-chain check in a worker', () => {
  it('finds the same broken entries as the walk in this thread', async () => {
    const { core, file } = await tamperedLedger();
    const db = core.ctx.ledger!.db;
    const inWorker: CheckIssue[] = [];
    const here: CheckIssue[] = [];
    const parallel = chainCheck(db, inWorker, { ledgerPath: file, parallelFrom: 0 });
    const local = chainCheck(db, here, { ledgerPath: file, parallelFrom: Infinity });
    walkAll(parallel);
    walkAll(local);
    expect([parallel.ranIn, local.ranIn]).toEqual(['worker', 'thread']);
    expect(here.length).toBeGreaterThanOrEqual(3);
    expect(inWorker).toEqual(here);
    core.close();
  });

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

  it('a whole check run with the chain in a worker reports the broken chain; a cancelled run stops its worker', async () => {
    const { core } = await tamperedLedger();
    const ledger = core.ctx.ledger!;
    const report = new CheckRun(ledger, core.ctx.reference, null, { chainInWorkerFrom: 0 }).runToEnd();
    expect(report.issues.filter((i) => i.code === 'AUDIT_CHAIN_BROKEN').length).toBeGreaterThanOrEqual(2);
    const abort = new AbortController();
    abort.abort();
    const cancelled = new CheckRun(ledger, core.ctx.reference, null, { chainInWorkerFrom: 0 });
    expect(() => cancelled.runToEnd(undefined, abort.signal)).toThrow('检查已取消');
    core.close();
  });
});

describe.runIf(TEST_BACKEND === 'postgres')('the audit-chain check on PostgreSQL', () => {
  it('walks in this thread even when a worker is asked for, from the first entry every time, and finds the broken entries', async () => {
    const { core, file } = await tamperedLedger();
    const db = core.ctx.ledger!.db;
    const issues: CheckIssue[] = [];
    const chain = chainCheck(db, issues, { ledgerPath: file, parallelFrom: 0 });
    expect(chain.ranIn).toBe('thread');
    const total = chain.total();
    walkAll(chain);
    expect(issues.length).toBeGreaterThanOrEqual(3);
    // nothing tells this connection that another changed an old entry: no clean walk is remembered
    expect(chainCheck(db, [], { ledgerPath: file, parallelFrom: 0 }).total()).toBe(total);
    const report = new CheckRun(core.ctx.ledger!, core.ctx.reference, null, { chainInWorkerFrom: 0 }).runToEnd();
    expect(report.issues.filter((i) => i.code === 'AUDIT_CHAIN_BROKEN').length).toBeGreaterThanOrEqual(2);
    core.close();
  });
});
