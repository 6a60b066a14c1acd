/** `cli check` as cli.md says: the JSON shape, exit 1 while unwaived errors remain, 0 after, 2 on bad usage. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { TEAM_FIXTURES } from '../support/fixtures';
import { tempDir } from '../core/support';

const ROOT = path.resolve(__dirname, '../..');
function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'electron/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}

describe('cli check', () => {
  it('lists the issues and counts, exits 1 until the error is waived', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    // The ledger is made in-process (each CLI process costs seconds of start-up).
    const core = createCore({ dataDir: dir, rememberRecent: false });
    await core.call('ledger/create', { path: file, officeName: '松江区合作交流办' });
    const sample = 'sample-hospital-2021-11.xlsx';
    await core.call('imports/file', { fileName: sample, content: fs.readFileSync(path.join(TEAM_FIXTURES, sample)) });
    core.close();

    const first = cli(['check', file, '--json']);
    expect(first.code).toBe(1);
    const report = first.json();
    expect(report.counts.CREDIT_CODE_INVALID).toBe(1);
    const bad = report.issues.find((i: { code: string }) => i.code === 'CREDIT_CODE_INVALID');
    expect(bad).toEqual({ code: 'CREDIT_CODE_INVALID', severity: 'error', recordId: expect.any(Number), message: expect.stringContaining('913101170PHFRL5FQL') });
    for (const [code, n] of Object.entries(report.counts)) expect(report.issues.filter((i: { code: string }) => i.code === code)).toHaveLength(n as number);

    const month = cli(['check', file, '--period', '2021-12', '--json']);
    expect(month.code).toBe(0);
    expect(month.json().issues.filter((i: { code: string }) => i.code !== 'ATTACHMENT_MISSING')).toEqual([]);

    await core.call('ledger/open', { path: file });
    await core.call('checks/waive', { code: 'CREDIT_CODE_INVALID', subject: `record:${bad.recordId}`, reason: '已向单位核实，代码以营业执照为准' });
    core.close();

    const after = cli(['check', file, '--json']);
    expect(after.code).toBe(0);
    expect(after.json().issues.find((i: { code: string }) => i.code === 'CREDIT_CODE_INVALID').waiver.reason).toBe('已向单位核实，代码以营业执照为准');

    const usage = cli(['check', file, '--period', '2021-13']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('YYYY-MM');
  });
});
