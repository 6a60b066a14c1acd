/**
 * A child process for test/core/witness.test.ts: the app's core (which remembers the audit head
 * it sees) opens a ledger, saves five edits, and is killed before it could checkpoint its WAL.
 *   node --import tsx witness-driver.ts <ledger> <dataDir>
 */
import { createCore } from '../../../electron/core/core';

const [ledger, dataDir] = process.argv.slice(2);
const core = createCore({ dataDir, actor: '见证测试', rememberRecent: true });
await core.call('ledger/open', { path: ledger });
const id = (await core.call('records/list', { startRow: 0, endRow: 1, sort: [] })).rows[0].id;
for (let i = 1; i <= 5; i++) await core.call('records/apply', { label: `编辑 ${i}`, ops: [{ type: 'update', id, values: { remark: `第 ${i} 次修改` } }] });
process.kill(process.pid, 'SIGKILL');
