/**
 * Packages already sent to the city by releases before 2026-12-02 (format
 * bangfu-taizhang-package/1: a 汇总 sheet without office, version, audit-head or forced rows,
 * no audit entries). The fixture was made by that release (commit 030c987) from the team's
 * hospital sample, forced. verify must not call such a package forged: it recomputes every
 * figure it can, names what that format cannot tell, and still fails a forged figure.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_NAME } from '../../electron/core/package/manifest';
import { readZip, writeZip } from '../../electron/core/package/zip';
import { coreWithLedger } from './support';

const LEGACY = new Uint8Array(fs.readFileSync('test/fixtures/package-made-before-2026-12-02.zip'));

describe('a package made before 2026-12-02', () => {
  it('verifies, with its figures recomputed and what its format cannot show named', async () => {
    const { core } = await coreWithLedger();
    const r = await core.call('package/verify', { content: LEGACY });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, figures: { records: 24, totalFen: 10_725_553 }, forced: { unwaivedErrors: 1 } });
    expect(r.olderFormat?.unchecked).toEqual(['报送单位', '版本', '操作记录链末条', '强制报送时未豁免的错误数']);
  });

  it('still fails a forged figure', async () => {
    const files = readZip(LEGACY);
    const manifest = JSON.parse(Buffer.from(files.get(MANIFEST_NAME)!).toString('utf8'));
    manifest.totalFen *= 10;
    const entries = new Map([...files].filter(([n]) => n !== MANIFEST_NAME));
    entries.set(MANIFEST_NAME, new Uint8Array(Buffer.from(JSON.stringify(manifest))));
    const { core } = await coreWithLedger();
    const r = await core.call('package/verify', { content: writeZip(entries) });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toContain('TOTAL_MISMATCH');
  });
});
