/**
 * Issue 17: every CLI command works on a postgres:// ledger with the same JSON and the same
 * figures as on a file. The same script (init, demo, import, list, stats, export, check, verify,
 * attach, package, verify of the package, copy) runs against a file and against a fresh database
 * of the run's throwaway cluster.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM_FIXTURES } from '../support/fixtures';
import { freshPgDatabase } from '../support/pg-database';
import { tempDir } from './support';

const ROOT = path.resolve(__dirname, '../..');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

/** Runs a command that must succeed (exit 0, or 1 where cli.md says findings remain) and returns its JSON. */
function ok(args: string[], codes: number[] = [0]) {
  const r = cli([...args, '--json']);
  expect(codes, `${args[0]} exited ${r.code}: ${r.stderr}`).toContain(r.code);
  const json = r.json();
  expect(json.error, `${args[0]}: ${JSON.stringify(json.error)}`).toBeUndefined();
  return json;
}

const databases: ReturnType<typeof freshPgDatabase>[] = [];
afterEach(() => {
  while (databases.length) databases.pop()!.drop();
});

/** What a script reads from a ledger through the CLI, at `ledger` (a file path or an address). */
function script(ledger: string, dir: string) {
  ok(['init', ledger, '--office', '松江区合作交流办', '--district-code', '310117']);
  const demo = ok(['demo', ledger, '--rows', '500', '--seed', '7']);
  const fixtures = ['sample-hospital-2021-11.xlsx', 'sample-union-2021-12-gbk.csv'].map((f) => path.join(TEAM_FIXTURES, f));
  const imported = ok(['import', ledger, ...fixtures]).files.map((f: { status: string; records: number; totalFen: number; rejectedRows: number }) => [f.status, f.records, f.totalFen, f.rejectedRows]);
  // when each record was written differs between two runs; everything else must not
  const list = ok(['list', ledger, '--limit', '20']).records.map(({ createdAt, updatedAt, ...r }: { createdAt: string; updatedAt: string }) => ({ ...r, stamped: [createdAt, updatedAt].every((t) => !Number.isNaN(Date.parse(t))) }));
  const stats = ok(['stats', ledger]);
  const out = path.join(dir, 'export.xlsx');
  const exported = ok(['export', ledger, out]);
  // the export's total: the workbook imported into a new file ledger
  const copy = path.join(dir, 'copy.db');
  ok(['init', copy]);
  const back = ok(['import', copy, out]).files[0];
  const check = ok(['check', ledger], [0, 1]);
  const verify = ok(['verify', ledger]);
  const invoice = path.join(dir, 'invoice.pdf');
  fs.writeFileSync(invoice, '%PDF-1.4 发票');
  const attached = ok(['attach', ledger, '--record', '1', '--file', invoice]);
  // the month has unwaived errors (check exits 1): sent with a reason; the zip's own bytes carry the time it was made
  const zip = path.join(dir, '2021-11.zip');
  const { records, totalFen } = ok(['package', ledger, '--period', '2021-11', '--out', zip, '--force', '--reason', '测试强制报送']);
  const sent = { records, totalFen, verified: ok(['verify', zip]), held: ok(['verify', ledger, '--against', zip]) };
  const { records: copied, auditEntries } = ok(['copy', ledger, path.join(dir, 'copy-of-ledger.db')]);
  return {
    demo,
    imported,
    list,
    stats,
    exported: { records: exported.records, back: [back.status, back.records, back.totalFen, back.rejectedRows] },
    check: { counts: check.counts, issues: check.issues.length },
    verify,
    attached,
    sent,
    copied: { records: copied, auditEntries },
  };
}

describe('the CLI on a postgres:// ledger', () => {
  it('gives the same JSON and figures as on a file: init, demo, import, list, stats, export, check, verify, attach, package, copy', () => {
    const onFile = script(path.join(tempDir(), 'ledger.db'), tempDir());
    const database = freshPgDatabase('cli');
    databases.push(database);
    const onServer = script(database.url, tempDir());

    expect(onFile.demo).toEqual({ records: 500 });
    expect(onFile.imported).toEqual([
      ['imported', 24, 10725553, 0],
      ['imported', 12, 5234100, 0],
    ]);
    expect(onFile.stats.records).toBe(536);
    expect(onFile.exported.records).toBe(536);
    expect(onFile.exported.back).toEqual(['imported', 536, onFile.stats.totalFen, 0]);
    expect(onFile.verify).toEqual({ ok: true, problems: [] });
    expect(Object.keys(onFile.check.counts).length).toBeGreaterThan(0);
    expect(onFile.sent).toMatchObject({ records: 24, totalFen: 10725553, verified: { ok: true, problems: [] }, held: { ok: true, problems: [] } });
    expect(onFile.copied.records).toBe(536);
    expect(onServer).toEqual(onFile);
    // the same JSON text, too: keys in the same order (months ascending, whatever order a server groups in)
    expect(JSON.stringify(onServer)).toBe(JSON.stringify(onFile));
  }, 600_000);
});
