/**
 * Several staff on one PostgreSQL ledger (issue 17: "one person's 100,000-row import does not
 * stop the others from working: they wait at most for its commit, with a message, never an
 * error"): while another connection holds the ledger's write lock longer than the short wait,
 * an edit in the app waits, says "正在等待另一项导入完成…", and lands once the other commits;
 * reading is never held up meanwhile.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { SAMPLE, serverDatabase, tempDir } from './support';

const WAITING = '正在等待另一项导入完成';
/** db/pg/ledger-lock.ts's key: 'BFTZ' */
const LEDGER_LOCK_KEY = 0x4246545a;

describe('a second writer on a PostgreSQL ledger', () => {
  it('waits for the other staff member’s commit, says so, and lands', async () => {
    const database = serverDatabase('wait');
    const notices: string[] = [];
    const core = createCore({ dataDir: tempDir(), actor: '测试', rememberRecent: false, onWait: (m) => notices.push(m) });
    await core.call('ledger/create', { path: database.url, officeName: '等待测试', districtName: '', districtCode: '' });

    // another staff member's long import commit, as the server sees it: the lock held in an open transaction
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
    const started = Date.now();
    const edit = core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    // once the short wait (5 s) is over the app says it waits, and answers other calls meanwhile
    const said = await new Promise<boolean>((resolve) => {
      const tick = () => (notices.some((n) => n.includes(WAITING)) ? resolve(true) : Date.now() - started > 60_000 ? resolve(false) : setTimeout(tick, 50));
      tick();
    });
    expect(said).toBe(true);
    expect((await core.call('ledger/waiting', {})).message).toContain(WAITING);
    // a third staff member's app reads the ledger meanwhile without waiting for anyone
    const reader = createCore({ dataDir: tempDir(), actor: '读者', rememberRecent: false });
    await reader.call('ledger/open', { path: database.url });
    expect((await reader.call('stats/summary', {})).records).toBe(0);
    reader.close();

    await other.query('COMMIT');
    await other.end();
    expect((await edit).changes).toHaveLength(1);
    expect((await core.call('ledger/waiting', {})).message).toBeNull();
    expect((await core.call('verify/ledger', {})).problems).toEqual([]);
    core.close();
  }, 120_000);
});
