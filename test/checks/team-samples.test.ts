/**
 * The team's sample files list their planted defects by check code (samples.json): imported
 * into a fresh ledger, the checks must find exactly those errors — no more, no fewer.
 * Warnings that follow from what the files leave out (no 832 order numbers, no invoice
 * attachments yet) are not planted defects; they are allowed, and only those.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEAM_FIXTURES } from '../support/fixtures';
import { coreWithLedger } from '../core/support';

const samples = JSON.parse(fs.readFileSync(path.join(TEAM_FIXTURES, 'samples.json'), 'utf8')) as {
  files: { file: string; records: number; months: string[]; defects: Record<string, number> }[];
};
const MISSING_IN_SOURCE = new Set(['ORDER_NO_MISSING', 'ATTACHMENT_MISSING']);

describe('checks on the team sample files', () => {
  for (const sample of samples.files) {
    it(`find exactly the planted defects of ${sample.file}: ${JSON.stringify(sample.defects)}`, async () => {
      const { core } = await coreWithLedger();
      const content = fs.readFileSync(path.join(TEAM_FIXTURES, sample.file));
      expect(await core.call('imports/file', { fileName: sample.file, content })).toMatchObject({ status: 'imported', records: sample.records });
      for (const period of [undefined, ...sample.months]) {
        const report = await core.call('checks/run', period ? { period } : {});
        const errors: Record<string, number> = {};
        for (const g of report.groups) if (g.severity === 'error') errors[g.code] = g.count;
        expect(errors, JSON.stringify(report.issues, null, 1)).toEqual(sample.defects);
        const warnings = report.groups.filter((g) => g.severity === 'warning' && !MISSING_IN_SOURCE.has(g.code));
        expect(warnings, JSON.stringify(report.issues, null, 1)).toEqual([]);
      }
    });
  }

  it('each sample month packages into a submission that verifies, with the figures of samples.json', async () => {
    for (const sample of samples.files) {
      const { core } = await coreWithLedger();
      await core.call('imports/file', { fileName: sample.file, content: fs.readFileSync(path.join(TEAM_FIXTURES, sample.file)) });
      let records = 0;
      for (const period of sample.months) {
        // the planted defects are unwaived errors: the package is forced, and says so
        const pkg = await core.call('package/build', { period, forceReason: '样例文件中的错误是有意留下的' });
        const verified = await core.call('package/verify', { content: pkg.content });
        expect(verified, `${sample.file} ${period}: ${JSON.stringify(verified.problems)}`).toMatchObject({ ok: true, problems: [] });
        records += pkg.records;
      }
      expect(records).toBe(sample.records);
    }
  });

  it('both files in one ledger: still exactly the planted defects', async () => {
    const { core } = await coreWithLedger();
    for (const s of samples.files) await core.call('imports/file', { fileName: s.file, content: fs.readFileSync(path.join(TEAM_FIXTURES, s.file)) });
    const report = await core.call('checks/run', {});
    const expected: Record<string, number> = {};
    for (const s of samples.files) for (const [code, n] of Object.entries(s.defects)) expected[code] = (expected[code] ?? 0) + n;
    const errors = Object.fromEntries(report.groups.filter((g) => g.severity === 'error').map((g) => [g.code, g.count]));
    expect(errors, JSON.stringify(report.issues, null, 1)).toEqual(expected);
  });
});
