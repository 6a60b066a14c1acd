/**
 * One of the three staff of bench/pg-writers.ts, in a process of its own (as three PCs would be),
 * on one server ledger. Prints one JSON line. Times are epoch milliseconds, comparable across
 * the three processes of one machine.
 *   edit <ledger> <stop-file>   edits records one at a time through records/apply, as the grid
 *                               saves a cell (with the updatedAt it showed), until the stop file
 *                               exists: { edits: [{ start, end }], errors: [code…] }
 *   import <ledger> <xlsx>      previews the workbook with every check, then commits it:
 *                               { start, end, commits: [{ asked, locked, committed }] } where
 *                               `commits` are the write transactions it ran: when it first
 *                               asked for the ledger's write lock (its place in the queue), when
 *                               it held it, and its COMMIT's answer
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../electron/core/core';
import { PgSyncClient } from '../electron/core/db/pg/sync-client';
import { AppError } from '../shared/result';

const [mode, ledger, arg] = process.argv.slice(2);
const now = () => performance.timeOrigin + performance.now();
const core = createCore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-writer-')), rememberRecent: false, actor: `${mode}-${process.pid}` });
await core.call('ledger/open', { path: ledger });

if (mode === 'edit') {
  const page = await core.call('records/list', { startRow: 0, endRow: 100, filters: {}, sort: [] });
  const seen = new Map(page.rows.map((r) => [r.id, r.updatedAt]));
  const ids = [...seen.keys()];
  const edits: { start: number; end: number }[] = [];
  const errors: string[] = [];
  for (let i = 0; !fs.existsSync(arg); i++) {
    const id = ids[i % ids.length];
    const start = now();
    try {
      const { changes } = await core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id, values: { remark: `编辑 ${i}` }, seen: seen.get(id) }] });
      edits.push({ start, end: now() });
      seen.set(id, changes[0].after!.updatedAt);
    } catch (err) {
      errors.push(err instanceof AppError ? err.code : String(err));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  process.stdout.write(`${JSON.stringify({ edits, errors })}\n`);
} else if (mode === 'import') {
  // Where each write transaction held the ledger's lock (db/pg/ledger-lock.ts) until its COMMIT
  // answered: from the blocking lock, a successful try-lock, or the grant of the lock it queued
  // for (queryAsync: the call then runs again holding it), whichever came first.
  const commits: { asked: number; locked: number; committed: number }[] = [];
  let asked: number | null = null;
  let locked: number | null = null;
  const proto = PgSyncClient.prototype as unknown as Record<string, (this: PgSyncClient, sql: string, ...rest: unknown[]) => unknown>;
  for (const m of ['query', 'queryArrays', 'queryColumn', 'queryAsync']) {
    const original = proto[m];
    proto[m] = function (this: PgSyncClient, sql: string, ...rest: unknown[]) {
      const took = (r: unknown) => {
        const first = (r as { rows: unknown[] }).rows[0];
        const value = Array.isArray(first) ? first[0] : first !== null && typeof first === 'object' ? Object.values(first)[0] : first;
        if (locked === null && (/pg_advisory_(xact_)?lock\(/.test(sql) || (sql.includes('pg_try_advisory_xact_lock') && value === true))) locked = now();
        else if (sql === 'COMMIT' && locked !== null) commits.push({ asked: asked ?? locked, locked, committed: now() });
        if (sql === 'COMMIT') asked = null;
        if (sql === 'COMMIT' || sql === 'ROLLBACK') locked = null;
        return r;
      };
      // its place in the line: the first ask since its last COMMIT (a ROLLBACK to queue keeps it)
      if (asked === null && /pg_(try_)?advisory_(xact_)?lock\(/.test(sql)) asked = now();
      const r = original.call(this, sql, ...rest);
      return r instanceof Promise ? r.then(took) : took(r);
    };
  }
  const content = new Uint8Array(fs.readFileSync(arg));
  const preview = await core.call('imports/preview', { fileName: path.basename(arg), content });
  const start = now();
  const r = await core.call('imports/commit', { stageId: preview.stageId });
  process.stdout.write(`${JSON.stringify({ start, end: now(), records: r.records, commits })}\n`);
} else {
  throw new Error(`unknown mode ${mode}`);
}
core.close();
