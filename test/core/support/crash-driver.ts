/**
 * A child process for the crash tests (test/core/crash.test.ts): it works on a ledger and
 * prints a line after each change the core reported committed, until the parent SIGKILLs it.
 *   node --import tsx crash-driver.ts edits   <ledger>           one record per transaction, forever
 *   node --import tsx crash-driver.ts paste   <ledger>           200 records per transaction, forever
 *   node --import tsx crash-driver.ts import  <ledger> <file>    one file as one import batch
 *   node --import tsx crash-driver.ts backup  <ledger> <dir>     online backups, one after another
 *   node --import tsx crash-driver.ts open    <ledger>           open (migrating an older ledger)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPostgresAddress } from '../../../shared/ledger-address';
import { createCore } from '../../../electron/core/core';

const [mode, ledger, extra] = process.argv.slice(2);
// (a PostgreSQL ledger has no folder of its own: the core's files go to a temp folder)
const dataDir = isPostgresAddress(ledger) ? fs.mkdtempSync(path.join(os.tmpdir(), 'crash-core-')) : path.dirname(ledger);
const core = createCore({ dataDir, actor: '崩溃测试', rememberRecent: false });
const say = (line: string) => fs.writeSync(1, `${line}\n`); // unbuffered: a line printed is a line the parent sees

const values = (n: number) => ({ date: '2021-11-05', purchaserName: '上海市松江区教育局', productName: '勐海普洱茶', originCode: '532822', amountFen: 100 + n, remark: `r${n}` });

// 'open' is killed while opening (and migrating); the others once the ledger is open.
if (mode === 'open') say('READY');
await core.call('ledger/open', { path: ledger });
if (mode !== 'open') say('READY');
if (mode === 'edits' || mode === 'paste') {
  const size = mode === 'paste' ? 200 : 1;
  for (let n = 0; ; n += size) {
    await core.call('records/apply', { label: '崩溃测试', ops: Array.from({ length: size }, (_, i) => ({ type: 'insert' as const, values: values(n + i) })) });
    say(`COMMITTED ${n} ${size}`);
  }
} else if (mode === 'import') {
  const r = await core.call('imports/file', { fileName: path.basename(extra), content: new Uint8Array(fs.readFileSync(extra)) });
  say(`COMMITTED ${r.status} ${r.records} ${r.error ? JSON.stringify(r.error) : ''}`);
} else if (mode === 'backup') {
  for (let n = 0; ; n++) {
    const target = path.join(extra, `b${n}.db`);
    await core.call('ledger/backup', { target });
    say(`COMMITTED ${target}`);
  }
} else if (mode === 'open') {
  say('COMMITTED opened');
}
core.close();
