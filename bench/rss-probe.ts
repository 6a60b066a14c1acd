/** Prints the resident memory (MB) of a core with the given ledger open, after grid queries. */
import path from 'node:path';
import { createCore } from '../electron/core/core';

const file = process.argv[2];
const core = createCore({ dataDir: path.dirname(file) });
await core.call('ledger/open', { path: file });
await core.call('records/list', { startRow: 0, endRow: 100, filters: {}, sort: [] });
await core.call('records/list', { startRow: 0, endRow: 100, filters: { channel: { type: 'text', op: 'contains', value: '832' } }, sort: [{ field: 'amountFen', dir: 'desc' }] });
await core.call('records/totals', { filters: {} });
await core.call('stats/summary', {});
global.gc?.();
process.stdout.write(String(Math.round(process.memoryUsage().rss / 1024 / 1024)));
core.close();
