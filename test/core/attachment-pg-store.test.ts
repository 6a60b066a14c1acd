/**
 * A PostgreSQL ledger's documents (attachments/pg-store.ts, migration 013), on the run's
 * throwaway cluster whatever LEDGER_BACKEND says: stored in parts of at most 1 MB, once per
 * hash, in the transaction that links them (a failed one leaves nothing), never linked
 * without their bytes (the database refuses it), and a ledger made before the tables existed
 * gets them when it is next opened.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionDocuments } from '../../electron/core/attachments/document-store';
import { DOCUMENT_PART_BYTES } from '../../electron/core/attachments/store';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { grantLedgerToRole } from '../../electron/core/db/pg/app-role';
import { PG_BASELINE_VERSION, postgresSchemaVersion } from '../../electron/core/db/pg/baseline-schema';
import { PgDb } from '../../electron/core/db/pg/pg-db';
import { PgSyncClient } from '../../electron/core/db/pg/sync-client';
import { closeLedger } from '../../electron/core/ledger/session';
import { openPostgresLedger } from '../../electron/core/ledger/session-postgres';
import { loadReference } from '../../electron/core/reference/reference';
import { databaseUrl } from '../support/pg-cluster';
import { freshPgDatabase } from '../support/pg-database';
import { storedDocuments } from '../support/stored-documents';
import { newCore, SAMPLE, tempDir } from './support';

/** A core with a new ledger in a fresh database, and a connection of the test's own to look inside. */
async function pgLedger() {
  const database = freshPgDatabase('docs');
  const core = newCore();
  await core.call('ledger/create', { path: database.url, officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
  const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }, { type: 'insert', values: { ...SAMPLE, invoiceNo: '21312000000012345679' } }] });
  const sql = new PgDb(new PgSyncClient(database.url));
  return {
    core,
    url: database.url,
    sql,
    ids: changes.map((c) => c.id),
    dispose() {
      core.close();
      sql.close();
      database.drop();
    },
  };
}

/** A PDF-looking document of `size` random bytes. */
function bigPdf(size: number): Uint8Array {
  const bytes = crypto.randomBytes(size);
  bytes.write('%PDF-1.4\n', 0, 'latin1');
  return new Uint8Array(bytes);
}

describe('documents in a PostgreSQL ledger', () => {
  it('stores a document in parts of at most 1 MB, once per hash, and reads it back whole', async () => {
    const l = await pgLedger();
    try {
      const doc = bigPdf(2 * DOCUMENT_PART_BYTES + 12345);
      const a = await l.core.call('attachments/add', { target: { entity: 'record', id: l.ids[0] }, role: '发票', fileName: '大发票.pdf', content: doc });
      const b = await l.core.call('attachments/add', { target: { entity: 'record', id: l.ids[1] }, role: '合同', fileName: '同一份.pdf', content: doc });
      expect(b.reused).toBe(true);
      const parts = l.sql.prepare('SELECT part, octet_length(bytes) AS n FROM attachment_chunks WHERE sha256 = ? ORDER BY part').all(a.link.sha256);
      expect(parts).toEqual([
        { part: 0, n: DOCUMENT_PART_BYTES },
        { part: 1, n: DOCUMENT_PART_BYTES },
        { part: 2, n: 12345 },
      ]);
      expect(l.sql.prepare('SELECT sha256, size FROM attachment_blobs').all()).toEqual([{ sha256: a.link.sha256, size: doc.length }]);
      const { content } = await l.core.call('attachments/content', { attachmentId: a.link.attachmentId });
      expect(Buffer.from(content).equals(Buffer.from(doc))).toBe(true);
      expect(await l.core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });

      // changed by hand, then added again: the copy in hand replaces it, as a file in the folder is
      storedDocuments(l.url).corrupt(a.link.sha256);
      expect((await l.core.call('verify/ledger', {})).problems.map((p) => p.code)).toEqual(['ATTACHMENT_BROKEN']);
      await l.core.call('attachments/add', { target: { entity: 'record', id: l.ids[1] }, role: '发票', fileName: '又一次.pdf', content: doc });
      expect(await l.core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
    } finally {
      l.dispose();
    }
  });

  it('a write that fails after storing the bytes leaves none, and the database refuses a link to bytes it does not hold', async () => {
    const l = await pgLedger();
    const session = await openPostgresLedger(l.url, { actor: '测试员', reference: loadReference() });
    try {
      const boom = () => {
        throw new Error('the link failed');
      };
      expect(() => sessionDocuments(session).putAndLink(session, '添加附件', bigPdf(5000), 'a.pdf', boom)).toThrow('the link failed');
      await expect(sessionDocuments(session).putManyAndLink(session, '添加附件', [{ bytes: bigPdf(5000), name: 'b.pdf' }], boom)).rejects.toThrow('the link failed');
      expect(l.sql.prepare('SELECT count(*) FROM attachment_blobs').pluck().get()).toBe(0);
      expect(l.sql.prepare('SELECT count(*) FROM attachment_chunks').pluck().get()).toBe(0);
      expect(() =>
        l.sql.prepare("INSERT INTO attachments (sha256, size, mime, original_name, created_at) VALUES (?, 1, 'application/pdf', 'x.pdf', 'now')").run('ab'.repeat(32)),
      ).toThrow(/attachments_stored/);
    } finally {
      closeLedger(session);
      l.dispose();
    }
  });

  it('cleanup removes an unlinked document with all its parts', async () => {
    const l = await pgLedger();
    try {
      const target = { entity: 'record' as const, id: l.ids[0] };
      const kept = await l.core.call('attachments/add', { target, role: '发票', fileName: 'kept.pdf', content: bigPdf(3000) });
      const gone = await l.core.call('attachments/add', { target, role: '照片', fileName: 'gone.pdf', content: bigPdf(DOCUMENT_PART_BYTES + 1) });
      await l.core.call('attachments/unlink', { linkId: gone.link.linkId });
      l.sql.prepare("UPDATE attachment_blobs SET stored_at = now() - interval '1 hour'").run();
      expect(await l.core.call('attachments/cleanup', {})).toEqual({ files: 1, bytesFreed: DOCUMENT_PART_BYTES + 1, keptRecent: 0 });
      expect(l.sql.prepare('SELECT DISTINCT sha256 FROM attachment_chunks').pluck().all()).toEqual([kept.link.sha256]);
      expect(l.sql.prepare('SELECT sha256 FROM attachment_blobs').pluck().all()).toEqual([kept.link.sha256]);
      expect(await l.core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
    } finally {
      l.dispose();
    }
  });

  it('a ledger made before the document tables gets them when it is next opened', async () => {
    const l = await pgLedger();
    try {
      expect(postgresSchemaVersion(l.sql)).toBe(SCHEMA_VERSION);
      await l.core.call('ledger/close', {});
      // as the baseline made it (version 12), before migration 013
      l.sql.exec(`ALTER TABLE attachments DROP CONSTRAINT attachments_stored; DROP TABLE attachment_chunks, attachment_blobs; UPDATE ledger_meta SET schema_version = ${PG_BASELINE_VERSION};`);
      await l.core.call('ledger/open', { path: l.url });
      expect(postgresSchemaVersion(l.sql)).toBe(SCHEMA_VERSION);
      const { link } = await l.core.call('attachments/add', { target: { entity: 'record', id: l.ids[0] }, role: '发票', fileName: 'a.pdf', content: bigPdf(2000) });
      expect(l.sql.prepare('SELECT sha256 FROM attachment_blobs').pluck().all()).toEqual([link.sha256]);
    } finally {
      l.dispose();
    }
  });

  it('staff cannot upgrade a ledger (the owner opens it once), and keep adding documents after the owner did', async () => {
    const l = await pgLedger();
    try {
      await l.core.call('ledger/close', {});
      l.sql.exec(`ALTER TABLE attachments DROP CONSTRAINT attachments_stored; DROP TABLE attachment_chunks, attachment_blobs; UPDATE ledger_meta SET schema_version = ${PG_BASELINE_VERSION};`);
      const role = `staff_${crypto.randomBytes(3).toString('hex')}`;
      l.sql.exec(`CREATE ROLE ${role} LOGIN`);
      grantLedgerToRole(l.sql, role);
      const staffUrl = databaseUrl(l.url, new URL(l.url).pathname.slice(1), role);
      const staff = newCore();
      expect(await staff.invoke('ledger/open', { path: staffUrl })).toMatchObject({ ok: false, error: { code: 'LEDGER_NEEDS_UPGRADE', message: expect.stringContaining('所有者') } });
      expect(postgresSchemaVersion(l.sql)).toBe(PG_BASELINE_VERSION);

      await l.core.call('ledger/open', { path: l.url });
      expect(postgresSchemaVersion(l.sql)).toBe(SCHEMA_VERSION);
      await staff.call('ledger/open', { path: staffUrl });
      const { link } = await staff.call('attachments/add', { target: { entity: 'record', id: l.ids[0] }, role: '发票', fileName: 'a.pdf', content: bigPdf(3000) });
      expect((await staff.call('attachments/content', { attachmentId: link.attachmentId })).content.length).toBe(3000);
      staff.close();
    } finally {
      l.dispose();
    }
  });

  it('a ledger file goes onto a server and back with its documents, part by part, verified at both ends; a damaged one stops the copy', async () => {
    const dir = tempDir();
    const core = newCore(dir);
    await core.call('ledger/create', { path: 'source.db', officeName: '松江区合作交流办', districtName: '松江区', districtCode: '310117' });
    const { changes } = await core.call('records/apply', { ops: [{ type: 'insert', values: SAMPLE }] });
    const target = { entity: 'record' as const, id: changes[0].id };
    const big = bigPdf(DOCUMENT_PART_BYTES + 777);
    const small = bigPdf(900);
    const a = await core.call('attachments/add', { target, role: '发票', fileName: '大.pdf', content: big });
    const b = await core.call('attachments/add', { target, role: '合同', fileName: '小.pdf', content: small });
    const database = freshPgDatabase('copydocs');
    const server = newCore();
    try {
      await core.call('ledger/copyTo', { target: database.url });
      await server.call('ledger/open', { path: database.url });
      expect(await server.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
      expect(storedDocuments(database.url).hashes()).toEqual([a.link.sha256, b.link.sha256].sort());
      expect(storedDocuments(database.url).bytes(a.link.sha256).equals(Buffer.from(big))).toBe(true);

      const back = path.join(dir, 'back.db');
      await server.call('ledger/backup', { target: back });
      expect(storedDocuments(back).bytes(a.link.sha256).equals(Buffer.from(big))).toBe(true);
      expect(storedDocuments(back).bytes(b.link.sha256).equals(Buffer.from(small))).toBe(true);
      const file = newCore();
      await file.call('ledger/open', { path: back });
      expect(await file.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });

      // a document changed on the server is not carried into a backup: no file, no folder kept
      storedDocuments(database.url).corrupt(b.link.sha256);
      const bad = path.join(dir, 'bad.db');
      await expect(server.call('ledger/backup', { target: bad })).rejects.toMatchObject({ code: 'ATTACHMENT_BROKEN', message: expect.stringContaining('小.pdf') });
      expect(fs.readdirSync(dir).filter((n) => n.startsWith('bad.db') || n.includes('.copy.tmp'))).toEqual([]);
    } finally {
      server.close();
      database.drop();
    }
  });
});
