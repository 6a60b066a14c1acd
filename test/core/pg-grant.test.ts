/**
 * A staff member's own database user on a shared ledger (issue 17: "the app's database role
 * needs no superuser"; changes attributed to the person): granted by the owner through the
 * core, it reads and writes records under its own name and cannot rewrite the audit log, and
 * the owner connecting directly is told that only a trigger then guards the log.
 */
import { describe, expect, it } from 'vitest';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { databaseUrl } from '../support/pg-cluster';
import { SAMPLE, newCore, serverDatabase } from './support';

describe('staff users on a shared ledger', () => {
  it('are granted by the owner, write under their own name, and cannot rewrite history', async () => {
    const database = serverDatabase('grant');
    const owner = new PgDb(new PgSyncClient(database.url));
    const role = `staff_${Math.random().toString(36).slice(2, 8)}`;
    owner.exec(`CREATE ROLE ${role} LOGIN`);
    owner.close();

    const admin = newCore();
    await admin.call('ledger/create', { path: database.url, officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
    const reopened = await newCore().call('ledger/open', { path: database.url });
    expect(reopened.notice).toContain('您正以台账所有者');
    await admin.call('ledger/grantStaff', { role });

    const staffUrl = databaseUrl(database.url, new URL(database.url).pathname.slice(1), role);
    const staff = newCore();
    const opened = await staff.call('ledger/open', { path: staffUrl });
    expect(opened.notice).toBeNull();
    const [{ id }] = (await staff.call('records/apply', { label: '新增', ops: [{ type: 'insert', values: SAMPLE }] })).changes;
    const entries = (await staff.call('audit/history', { entity: 'record', entityId: id })).entries;
    expect(entries.map((e) => e.actor)).toEqual([role]);

    const psql = new PgDb(new PgSyncClient(staffUrl));
    try {
      expect(() => psql.prepare('UPDATE audit_log SET actor = ? WHERE seq = 1').run('别人')).toThrow(/permission denied/);
      expect(() => psql.exec('ALTER TABLE audit_log DISABLE TRIGGER USER')).toThrow(/must be owner/);
    } finally {
      psql.close();
    }
    expect(await staff.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
    staff.close();
  });

  it('is refused on a ledger file', async () => {
    const core = newCore();
    await core.call('ledger/create', { path: 'one-pc.db', officeName: '松江区合作交流办', districtName: '', districtCode: '' });
    expect(await core.invoke('ledger/grantStaff', { role: 'wangfang' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGS' } });
  });
});
