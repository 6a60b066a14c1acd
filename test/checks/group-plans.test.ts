/**
 * Each many-row check's GROUP BY reads its covering index in order rather than sorting (or
 * hashing) the whole table: a million-record ledger's checks depend on it. On PostgreSQL the
 * query must also say ORDER BY … NULLS FIRST for the server to walk the NULLS FIRST index
 * (dialect-sql groupOrder); this holds on whichever backend the run uses.
 */
import { describe, expect, it } from 'vitest';
import { groupQueries } from '../../electron/core/checks/many-row';
import { scopeOf } from '../../electron/core/checks/scope';
import { queryPlan } from '../core/support/query-plan';
import { coreWithLedger } from '../core/support';

describe('the many-row checks walk their indexes', () => {
  it.each(['invoices', 'duplicates', 'purchasers', 'prices'] as const)('%s', async (name) => {
    const { core } = await coreWithLedger();
    const db = core.ctx.ledger!.db;
    const { index, sql } = groupQueries(db, scopeOf(null))[name];
    const plan = queryPlan(db, sql);
    expect(plan.index, plan.text).toBe(index);
    expect(plan.sorts, plan.text).toBe(false);
  });
});
