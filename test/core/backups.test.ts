/**
 * Backups and recovery on real files: rotation, automatic backups as changes happen (with an
 * injected clock), restore (after backing up the current state), a damaged ledger refused and
 * restored from its newest good backup, and a full disk that loses nothing committed.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupsToKeep } from '../../electron/core/backups/rotation';
import { removeStaleBackupTemps } from '../../electron/core/db/backup';
import { createCore } from '../../electron/core/core';
import type { SqliteDb } from '../../electron/core/db/connection';
import { SAMPLE, tempDir } from './support';

describe('backup rotation', () => {
  it('keeps every backup of today, the newest of each of 30 days, the newest of each of 12 months', () => {
    const now = new Date(2026, 10, 23, 15, 0, 0);
    const list = [];
    for (let h = 0; h < 24 * 420; h += 6) {
      const at = new Date(now.getTime() - h * 3_600_000);
      list.push({ file: `b-${h}`, at });
    }
    const keep = backupsToKeep(list, now);
    const kept = list.filter((b) => keep.has(b.file));
    const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();
    expect(kept.filter((b) => sameDay(b.at, now)).length).toBe(list.filter((b) => sameDay(b.at, now)).length);
    const days = new Set(kept.filter((b) => now.getTime() - b.at.getTime() <= 30 * 86_400_000).map((b) => b.at.toDateString()));
    expect(days.size).toBeGreaterThanOrEqual(30);
    // beyond 30 days at most one per month, and nothing beyond a year
    const old = kept.filter((b) => now.getTime() - b.at.getTime() > 31 * 86_400_000);
    const months = old.map((b) => `${b.at.getFullYear()}-${b.at.getMonth()}`);
    expect(new Set(months).size).toBe(months.length);
    expect(old.every((b) => now.getTime() - b.at.getTime() <= 366 * 86_400_000)).toBe(true);
    expect(kept.length).toBeLessThan(60);
    // within a kept day, the newest is the one kept
    const yesterday = list.filter((b) => b.at.toDateString() === new Date(now.getTime() - 86_400_000).toDateString());
    expect(keep.has(yesterday.sort((a, b) => b.at.getTime() - a.at.getTime())[0].file)).toBe(true);
  });
});

function coreWithClock(dir: string) {
  let now = new Date(2026, 10, 23, 9, 0, 0);
  const core = createCore({ dataDir: dir, actor: '测试员', rememberRecent: false, autoBackup: { intervalMs: 10 * 60_000, now: () => now } });
  return { core, advance: (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000)) };
}

const insert = (date: string) => ({ label: '录入', ops: [{ type: 'insert' as const, values: { ...SAMPLE, date } }] });

describe('temporary files of killed backups', () => {
  it('removes only ours, and only those of a process that no longer runs', () => {
    const dir = tempDir();
    const names = {
      dead: `.台账.db-20211105-101010.bak.2147483646.1638700000000.tmp`,
      deadJournal: `.台账.db-20211105-101010.bak.2147483646.1638700000000.tmp-journal`,
      deadRestore: `.台账.db.restore-2147483645.tmp`,
      mine: `.台账.db-manual.bak.${process.pid}.1638700000000.tmp`,
      live: `.台账.db-manual.bak.${process.ppid}.1638700000000.tmp`,
      notOurs: `.某个文件.tmp`,
      backup: `台账.db-20211105-101010.bak`,
    };
    for (const n of Object.values(names)) fs.writeFileSync(path.join(dir, n), 'x');
    expect(removeStaleBackupTemps(dir)).toBe(3);
    expect(fs.readdirSync(dir).sort()).toEqual([names.live, names.mine, names.notOurs, names.backup].sort());
    expect(removeStaleBackupTemps(path.join(dir, 'missing'))).toBe(0);
  });
});

describe('automatic backups', () => {
  it('back up after a change at most every interval, on close, and restore after backing up the current state', async () => {
    const dir = tempDir();
    const { core, advance } = coreWithClock(dir);
    // creating the ledger is its first change: it is backed up at once
    await core.call('ledger/create', { path: 'auto.db', officeName: '松江区合作交流办', districtName: '', districtCode: '' });
    let list = (await core.call('backups/list', {})).backups;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ records: 0, kind: 'automatic' });
    advance(11);
    await core.call('records/apply', insert('2021-11-01'));
    list = (await core.call('backups/list', {})).backups;
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ records: 1, kind: 'automatic' });

    advance(3);
    await core.call('records/apply', insert('2021-11-02'));
    expect((await core.call('backups/list', {})).backups).toHaveLength(2);
    advance(8);
    await core.call('records/list', { startRow: 0, endRow: 10, sort: [] }); // any call after the interval
    list = (await core.call('backups/list', {})).backups;
    expect(list).toHaveLength(3);
    expect(list[0].records).toBe(2);

    advance(1);
    await core.call('records/apply', insert('2021-11-03'));
    const first = list[1]; // the one with 1 record
    const restored = await core.call('backups/restore', { file: first.file });
    expect(restored.notice).toContain('恢复前的台账已另存为备份');
    expect((await core.call('stats/summary', {})).records).toBe(1);
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
    const kinds = (await core.call('backups/list', {})).backups.map((b) => b.kind);
    expect(kinds).toContain('beforeRestore');
    const before = (await core.call('backups/list', {})).backups.find((b) => b.kind === 'beforeRestore')!;
    expect(before.records).toBe(3);
    await expect(core.call('backups/restore', { file: path.join(dir, 'auto.db') })).rejects.toMatchObject({ code: 'BAD_ARGS' });

    advance(1);
    await core.call('records/apply', insert('2021-11-04'));
    const count = (await core.call('backups/list', {})).backups.length;
    await core.call('ledger/close', {});
    core.close();
    const after = fs.readdirSync(path.join(dir, 'auto.db.backups'));
    expect(after.length).toBe(count + 1);
  });
});

describe('a damaged ledger', () => {
  it('is refused untouched, names its newest good backup, and is restored from it with the damaged file kept aside', async () => {
    const dir = tempDir();
    const { core } = coreWithClock(dir);
    await core.call('ledger/create', { path: 'hurt.db', officeName: '松江区合作交流办', districtName: '', districtCode: '' });
    await core.call('records/apply', insert('2021-11-01'));
    await core.call('backups/create', {});
    await core.call('ledger/close', {});
    const file = path.join(dir, 'hurt.db');
    // garbage over the middle of the file: tables' pages, not the header
    const bytes = fs.readFileSync(file);
    for (let i = 4096 * 2; i < Math.min(bytes.length, 4096 * 6); i++) bytes[i] = (i * 7) & 0xff;
    fs.writeFileSync(file, bytes);
    const damaged = Buffer.from(bytes);

    const r = await core.invoke('ledger/open', { path: file });
    expect(r).toMatchObject({ ok: false, error: { code: 'LEDGER_DAMAGED' } });
    if (r.ok) return;
    expect(fs.readFileSync(file).equals(damaged)).toBe(true); // nothing written to it
    const backup = (r.error.details as { backup: { file: string; records: number } }).backup;
    expect(backup.records).toBe(1);
    expect(r.error.message).toContain('可以用最近的完好备份');

    const status = await core.call('backups/restoreDamaged', { ledgerPath: file, file: backup.file });
    expect(status.recordCount).toBe(1);
    expect(status.notice).toContain('损坏的文件保留为');
    expect(fs.readdirSync(dir).some((n) => n.startsWith('hurt.db.damaged-'))).toBe(true);
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
    core.close();
  });
});

describe('a full disk', () => {
  it('gives a clear Chinese error and loses nothing committed before', async () => {
    const dir = tempDir();
    const core = createCore({ dataDir: dir, actor: '测试员', rememberRecent: false });
    await core.call('ledger/create', { path: 'full.db', officeName: '松江区合作交流办', districtName: '', districtCode: '' });
    await core.call('records/apply', insert('2021-11-01'));
    const db = core.ctx.ledger!.db as SqliteDb;
    // the file may not grow beyond what it has now: the next big write fills the "disk"
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    const many = { label: '粘贴', ops: Array.from({ length: 2000 }, (_, i) => ({ type: 'insert' as const, values: { ...SAMPLE, date: '2021-11-02', remark: `第 ${i} 行 ${'备注'.repeat(40)}` } })) };
    const r = await core.invoke('records/apply', many);
    expect(r).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    if (!r.ok) expect(r.error.message).toContain('磁盘空间已满');
    expect((await core.call('stats/summary', {})).records).toBe(1);
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
    core.close();
    const check = new Database(path.join(dir, 'full.db'), { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });
});

describe('an unwritable place', () => {
  it('gives a clear Chinese error for a ledger or a backup that cannot be written, and writes nothing', async () => {
    const dir = tempDir();
    // a folder that cannot exist: its parent is a regular file (works as root too, unlike chmod)
    const blocker = path.join(dir, '不是文件夹.txt');
    fs.writeFileSync(blocker, 'x');
    const core = createCore({ dataDir: dir, actor: '测试员', rememberRecent: false });
    const r = await core.invoke('ledger/create', { path: path.join(blocker, '台账.db'), officeName: '松江区合作交流办' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(fs.readFileSync(blocker, 'utf8')).toBe('x');

    await core.call('ledger/create', { path: 'ok.db', officeName: '松江区合作交流办', districtName: '', districtCode: '' });
    const b = await core.invoke('ledger/backup', { target: path.join(blocker, 'copy.db') });
    expect(b).toMatchObject({ ok: false });
    if (!b.ok) {
      expect(['NOT_WRITABLE', 'BACKUP_FAILED']).toContain(b.error.code);
      expect(b.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await core.call('verify/ledger', {})).ok).toBe(true);
    core.close();
  });
});
