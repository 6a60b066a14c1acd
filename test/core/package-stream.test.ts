/**
 * The first package of a ledger carries every audit entry since the first (audit/entries.jsonl):
 * a million of them on a big ledger. They are read page by page and deflated as they come, never
 * held whole and uncompressed; the package must be the same bytes as one written from the whole
 * file in memory (core/zip-writer.ts), and the file the same lines as the log holds.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HASHED_COLUMNS } from '../../electron/core/db/audit-chain';
import { AUDIT_ENTRIES_FILE } from '../../electron/core/package/audit-extract';
import { MANIFEST_NAME, sha256Hex, type Manifest } from '../../electron/core/package/manifest';
import { readZip, writeZip } from '../../electron/core/package/zip';
import { tinyPdf } from '../support/documents';
import { coreWithLedger, SAMPLE } from './support';

const NOW = new Date('2021-12-06T09:30:00+08:00');

beforeEach(() => {
  // one clock for the ledger's entries, the manifest and the zip's file times
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('the audit entries a package carries', () => {
  it('are streamed into the zip: the same bytes as the whole file written in memory, the same lines as the log', async () => {
    const { core } = await coreWithLedger();
    // more entries than one page of the stream (5,000), in a month with a document
    const ops = Array.from({ length: 6_200 }, (_, i) => ({ type: 'insert' as const, values: { ...SAMPLE, creditCode: '12100000400000624D', purchaserType: '事业单位', invoiceNo: `2131200000${String(i).padStart(10, '0')}` } }));
    const { changes } = await core.call('records/apply', { label: '录入', ops });
    await core.call('attachments/add', { target: { entity: 'record', id: changes[0].id }, role: '发票', fileName: '发票.pdf', content: tinyPdf() });

    const built = await core.call('package/build', { period: '2021-11', forceReason: '测试' });

    const files = readZip(built.content);
    const manifest = JSON.parse(Buffer.from(files.get(MANIFEST_NAME)!).toString('utf8')) as Manifest;
    const db = core.ctx.ledger!.db;
    const logged = db.prepare(`SELECT ${HASHED_COLUMNS}, prev_hash, hash FROM audit_log WHERE seq <= ? ORDER BY seq`).all(manifest.auditHead.seq);
    expect(logged.length).toBeGreaterThan(6_200);
    const carried = Buffer.from(files.get(AUDIT_ENTRIES_FILE)!);
    expect(carried.toString('utf8')).toBe(logged.map((e) => `${JSON.stringify(e)}\n`).join(''));
    expect(manifest.files.find((f) => f.path === AUDIT_ENTRIES_FILE)).toEqual({ path: AUDIT_ENTRIES_FILE, sha256: sha256Hex(carried), size: carried.byteLength });
    // the zip is byte for byte what the in-memory writer makes of the same files, in the same order
    expect(sha256Hex(writeZip(files, NOW))).toBe(built.sha256);
    expect(Buffer.from(writeZip(files, NOW)).equals(Buffer.from(built.content))).toBe(true);
    expect((await core.call('package/verify', { content: built.content })).problems).toEqual([]);
  }, 120_000);

  it('a small ledger’s packages, the first and the one after it, are the same bytes as written in memory', async () => {
    const { core } = await coreWithLedger();
    await core.call('records/apply', { label: '录入', ops: [{ type: 'insert', values: SAMPLE }] });
    for (const period of ['2021-10', '2021-11']) {
      const built = await core.call('package/build', { period, forceReason: '测试' });
      expect(Buffer.from(writeZip(readZip(built.content), NOW)).equals(Buffer.from(built.content))).toBe(true);
    }
  });
});
