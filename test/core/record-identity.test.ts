/**
 * A record's number is never handed out again (issue 14): links, waivers and history are keyed
 * by it, so a reused number moved a deleted purchase's invoice, waiver and edits onto a new,
 * empty record. The exact sequence the issue reports, on a real ledger file.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { migrate } from '../../electron/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { nextId, write } from '../../electron/core/db/write-path';
import { defaultSettings } from '../../electron/core/settings/defaults';
import { tinyPdf } from '../support/documents';
import { coreWithLedger, newCore, SAMPLE, tempDir } from './support';

async function ledgerWithRecords(n: number) {
  const env = await coreWithLedger();
  const { changes } = await env.core.call('records/apply', {
    label: '新增',
    ops: Array.from({ length: n }, (_, i) => ({ type: 'insert' as const, values: { ...SAMPLE, invoiceNo: `2131200000001234567${i}` } })),
  });
  return { ...env, ids: changes.map((c) => c.id) };
}

describe('record identity', () => {
  it('a record added after the last one was deleted gets a new number: no link, no waiver, no history of the old one', async () => {
    const { core, ids } = await ledgerWithRecords(3);
    const last = ids[ids.length - 1];
    await core.call('attachments/add', { target: { entity: 'record', id: last }, role: '发票', fileName: '发票.pdf', content: tinyPdf() });
    await core.call('checks/waive', { code: 'CREDIT_CODE_INVALID', subject: `record:${last}`, reason: '已向单位核实' });
    await core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id: last, values: { remark: '原记录的备注' } }] });

    await core.call('records/apply', { label: '删除 1 行', ops: [{ type: 'delete', id: last }] });
    const { changes } = await core.call('records/apply', { label: '新增一行', ops: [{ type: 'insert', values: {} }] });
    const fresh = changes[0].id;

    expect(fresh).toBeGreaterThan(last);
    expect((await core.call('attachments/list', { target: { entity: 'record', id: fresh } })).links).toEqual([]);
    expect((await core.call('checks/waivers', {})).waivers.filter((w) => w.recordId === fresh || w.subject === `record:${fresh}`)).toEqual([]);
    const history = (await core.call('audit/history', { entity: 'record', entityId: fresh })).entries;
    expect(history.map((e) => e.action)).toEqual(['insert']);
    expect((await core.call('records/list', { startRow: 0, endRow: 10, sort: [], filters: {} })).rows.at(-1)).toMatchObject({ id: fresh, attachmentCount: 0 });
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('deleting a record ends its links and waivers in the same audited change; its history stays under its number', async () => {
    const { core, ids } = await ledgerWithRecords(2);
    const [keep, gone] = ids;
    const pdf = tinyPdf();
    const shared = await core.call('attachments/add', { target: { entity: 'record', id: gone }, role: '发票', fileName: '发票.pdf', content: pdf });
    await core.call('attachments/add', { target: { entity: 'record', id: keep }, role: '发票', fileName: '发票.pdf', content: pdf });
    await core.call('checks/waive', { code: 'CREDIT_CODE_INVALID', subject: `record:${gone}`, reason: '已向单位核实' });

    await core.call('records/apply', { label: '删除 1 行', ops: [{ type: 'delete', id: gone }] });

    expect((await core.call('attachments/list', { target: { entity: 'record', id: gone } })).links).toEqual([]);
    // the file itself stays: another record links it, and unused files wait for cleanup
    expect((await core.call('attachments/list', { target: { entity: 'record', id: keep } })).links).toHaveLength(1);
    expect((await core.call('checks/waivers', {})).waivers).toEqual([]);

    const all = (await core.call('audit/history', {})).entries;
    const deletion = all.filter((e) => e.seq > 0 && e.label === '删除 1 行');
    expect(deletion.map((e) => `${e.action} ${e.entity}`).sort()).toEqual(['delete attachmentLink', 'delete checkWaiver', 'delete record']);
    expect(new Set(deletion.map((e) => e.at)).size).toBe(1);
    expect(deletion.find((e) => e.entity === 'attachmentLink')?.entityId).toBe(shared.link.linkId);

    const own = (await core.call('audit/history', { entity: 'record', entityId: gone })).entries;
    expect(own.map((e) => e.action)).toEqual(['delete', 'insert']);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('undoing a deletion brings back the record under its number with its links and waivers', async () => {
    const { core, ids } = await ledgerWithRecords(2);
    const gone = ids[1];
    const { link } = await core.call('attachments/add', { target: { entity: 'record', id: gone }, role: '发票', fileName: '发票.pdf', content: tinyPdf() });
    await core.call('checks/waive', { code: 'CREDIT_CODE_INVALID', subject: `record:${gone}`, reason: '已向单位核实' });
    const { changes } = await core.call('records/apply', { label: '删除 1 行', ops: [{ type: 'delete', id: gone }] });
    const before = changes[0].before!;

    const values = Object.fromEntries(Object.entries(before).filter(([k]) => k in SAMPLE || ['remark', 'orderNo', 'personTimes', 'period'].includes(k)));
    await core.call('records/apply', { label: '撤销：删除 1 行', ops: [{ type: 'insert', id: gone, values }] });

    expect((await core.call('attachments/list', { target: { entity: 'record', id: gone } })).links).toEqual([expect.objectContaining({ attachmentId: link.attachmentId, role: '发票' })]);
    expect((await core.call('checks/waivers', {})).waivers).toEqual([expect.objectContaining({ recordId: gone, code: 'CREDIT_CODE_INVALID' })]);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('undoing a deletion after the record was waived again meanwhile brings it back whole, keeping the newer waiver', async () => {
    const { core, ids } = await ledgerWithRecords(2);
    const gone = ids[1];
    await core.call('checks/waive', { code: 'CREDIT_CODE_INVALID', subject: `record:${gone}`, reason: '已向单位核实' });
    await core.call('checks/waive', { code: 'AMOUNT_INVALID', subject: `record:${gone}`, reason: '金额已核对' });
    const { changes } = await core.call('records/apply', { label: '删除 1 行', ops: [{ type: 'delete', id: gone }] });
    // a stale 检查 list (or another window) waives the same issue of the deleted number again
    await core.call('checks/waive', { code: 'CREDIT_CODE_INVALID', subject: `record:${gone}`, reason: '再次核实' });
    const { id: _id, batchId: _b, createdAt: _c, updatedAt: _u, attachmentCount: _a, ...values } = changes[0].before! as unknown as Record<string, string | number | null>;

    await core.call('records/apply', { label: '撤销：删除 1 行', ops: [{ type: 'insert', id: gone, values }] });

    expect((await core.call('records/get', { id: gone }))?.id).toBe(gone);
    const waivers = (await core.call('checks/waivers', {})).waivers.map((w) => `${w.code} ${w.reason}`).sort();
    expect(waivers).toEqual(['AMOUNT_INVALID 金额已核对', 'CREDIT_CODE_INVALID 再次核实']);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });
});

/** A ledger as schema 8 wrote it: two records (one bulk-inserted, audited by digest), the top one linked, waived and deleted. */
async function schema8Ledger(file: string): Promise<{ deleted: number }> {
  const db = openDatabase(file, { mode: 'create' });
  await migrate(db, file, MIGRATIONS.filter((m) => m.version <= 8));
  const meta = { actor: '旧版', label: '旧版写入' };
  let deleted = 0;
  write(db, meta, { validators: {} }, (w) => {
    w.insert('settings', { data_json: JSON.stringify(defaultSettings({ officeName: '旧台账', districtName: '松江区', districtCode: '310117', year: 2021 })) }, 1);
    const batch = w.insert('importBatch', { file_name: 'a.xlsx', sha256: 'ab'.repeat(32), records: 2, total_fen: 1 });
    w.insertMany('record', [
      { date: '2021-11-05', product_name: '昭通苹果', amount_fen: 123456, origin_code: '530602', batch_id: batch.id },
      { date: '2021-11-06', product_name: '勐海普洱茶', amount_fen: 128500, origin_code: '532822', batch_id: batch.id },
    ]);
    deleted = w.nextId('record') - 1;
    const file = w.insert('attachment', { sha256: 'cd'.repeat(32), size: 3, mime: 'application/pdf', original_name: '发票.pdf' });
    w.insert('attachmentLink', { attachment_id: file.id, entity: 'record', entity_id: deleted, role: '发票' });
    w.insert('checkWaiver', { code: 'CREDIT_CODE_INVALID', subject: `record:${deleted}`, record_id: deleted, reason: '已核实' });
  });
  // schema 8 deleted the record alone, leaving its link and waiver on the number
  write(db, meta, { validators: {} }, (w) => w.remove('record', deleted));
  db.close();
  return { deleted };
}

describe('migration 9 on a ledger from before it', () => {
  it('never hands out an id seen before, only in the audit log included; keeps rows, digests, indexes and foreign keys', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const { deleted } = await schema8Ledger(file);
    const columnsBefore = (() => {
      const db = new Database(file, { readonly: true });
      const out = Object.fromEntries(['records', 'attachment_links', 'check_waivers', 'import_batches'].map((t) => [t, db.pragma(`table_info(${t})`)]));
      db.close();
      return out;
    })();

    const core = newCore(dir);
    expect((await core.call('ledger/open', { path: file })).schemaVersion).toBe(SCHEMA_VERSION);
    const { changes } = await core.call('records/apply', { label: '新增一行', ops: [{ type: 'insert', values: {} }] });
    expect(changes[0].id).toBe(deleted + 1);
    // verify: the bulk-inserted row's digest still matches (columns kept in order)
    expect((await core.call('verify/ledger', {})).problems.filter((p) => p.code === 'UNAUDITED_CHANGE')).toEqual([]);
    core.close();

    const db = new Database(file);
    // the rebuild keeps every column in order (later migrations, e.g. 10's source_json, only append)
    for (const [t, info] of Object.entries(columnsBefore)) expect((db.pragma(`table_info(${t})`) as unknown[]).slice(0, (info as unknown[]).length)).toEqual(info);
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'records'").pluck().get()).toMatch(/id INTEGER PRIMARY KEY AUTOINCREMENT/);
    const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'records'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['records_batch', 'records_date', 'records_check_duplicate', 'records_period']));
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // the foreign key of records.batch_id still holds after the rebuild
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare("INSERT INTO records (date, batch_id, created_at, updated_at) VALUES ('2021-11-01', 999, 'x', 'x')").run()).toThrow(/FOREIGN KEY/);
    // a bulk insert takes its ids from the sequence too
    expect(nextId(db, 'record')).toBe(deleted + 2);
    db.close();
  });

  it('an id deleted before the migration as the top record does not come back', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const db = openDatabase(file, { mode: 'create' });
    await migrate(db, file, MIGRATIONS.filter((m) => m.version <= 8));
    const meta = { actor: '旧版', label: '旧版写入' };
    const id = write(db, meta, { validators: {} }, (w) => Number(w.insert('record', { date: '2021-11-05' }).id));
    write(db, meta, { validators: {} }, (w) => w.remove('record', id));
    expect(db.prepare('SELECT count(*) FROM records').pluck().get()).toBe(0);
    await migrate(db, file);
    const again = write(db, meta, { validators: {} }, (w) => Number(w.insert('record', { date: '2021-11-06' }).id));
    expect(again).toBe(id + 1);
    db.close();
  });
});

describe('verify on a ledger that already reused a number', () => {
  it('names the number, the deleted record and what its new owner carries', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const db = openDatabase(file, { mode: 'create' });
    await migrate(db, file, MIGRATIONS.filter((m) => m.version <= 8));
    const meta = { actor: '旧版', label: '旧版写入' };
    write(db, meta, { validators: {} }, (w) => {
      w.insert('settings', { data_json: JSON.stringify(defaultSettings({ officeName: '旧台账', districtName: '松江区', districtCode: '310117', year: 2021 })) }, 1);
      w.insert('record', { date: '2021-11-05', purchaser_name: '松江区中心医院', product_name: '昭通苹果', amount_fen: 123456, origin_code: '530602' });
      const top = Number(w.insert('record', { date: '2021-11-06', purchaser_name: '松江区第一中学', product_name: '勐海普洱茶', amount_fen: 128500 }).id);
      const a = w.insert('attachment', { sha256: 'cd'.repeat(32), size: 3, mime: 'application/pdf', original_name: '发票.pdf' });
      w.insert('attachmentLink', { attachment_id: a.id, entity: 'record', entity_id: top, role: '发票' });
      w.insert('checkWaiver', { code: 'CREDIT_CODE_INVALID', subject: `record:${top}`, record_id: top, reason: '已核实' });
    });
    write(db, meta, { validators: {} }, (w) => w.remove('record', 2));
    // schema 8: the next record takes number 2 again, and with it the link, the waiver and the history
    const reused = write(db, meta, { validators: {} }, (w) => Number(w.insert('record', { date: '2021-12-01' }).id));
    expect(reused).toBe(2);
    db.close();

    const core = newCore(dir);
    await core.call('ledger/open', { path: file });
    const report = await core.call('verify/ledger', {});
    expect(report.ok).toBe(false);
    // (the made-up attachment has no file in the store: ATTACHMENT_BROKEN is named too)
    expect(report.problems.filter((p) => p.code !== 'ATTACHMENT_BROKEN')).toEqual([
      {
        code: 'ID_REUSED',
        entity: 'record',
        entityId: 2,
        message: expect.stringMatching(/^记录编号 2 被重复使用：原记录（2021-11-06，松江区第一中学，勐海普洱茶，1,285\.00 元）于 \d{4}-\d\d-\d\d 删除后，该编号又给了 \d{4}-\d\d-\d\d 新增的记录；原记录的 1 个附件、1 条检查豁免现在显示在新记录上。修复：/),
      },
    ]);
    core.close();
  });

  it('an undone deletion is a restore, not a reuse', async () => {
    const { core, ids } = await ledgerWithRecords(2);
    const { changes } = await core.call('records/apply', { label: '删除 1 行', ops: [{ type: 'delete', id: ids[1] }] });
    const { id: _id, batchId: _b, createdAt: _c, updatedAt: _u, attachmentCount: _a, ...values } = changes[0].before! as unknown as Record<string, string | number | null>;
    await core.call('records/apply', { label: '撤销：删除 1 行', ops: [{ type: 'insert', id: ids[1], values }] });
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });
});

describe('what a filter hides', () => {
  it('records/inView says which of the selected records the current view shows', async () => {
    const { core, ids } = await ledgerWithRecords(3);
    await core.call('records/apply', { label: '编辑', ops: [{ type: 'update', id: ids[1], values: { productName: '昭通苹果' } }] });
    const filters = { productName: { type: 'text' as const, op: 'contains' as const, value: '普洱' } };
    expect(await core.call('records/inView', { filters, ids })).toEqual({ ids: [ids[0], ids[2]] });
    expect(await core.call('records/inView', { filters: {}, ids: [ids[2], 999] })).toEqual({ ids: [ids[2]] });
  });

  it('deleting a purchaser ends the links of files to it', async () => {
    const { core } = await coreWithLedger();
    const { item } = await core.call('lists/save', { kind: 'purchasers', item: { name: '上海市松江区中心医院', creditCode: '12100000400000624D', type: '医疗卫生机构' } });
    const target = { entity: 'purchaser' as const, id: Number(item.id) };
    await core.call('attachments/add', { target, role: '其他', fileName: '营业执照.pdf', content: tinyPdf() });
    await core.call('lists/delete', { kind: 'purchasers', id: Number(item.id) });
    expect((await core.call('attachments/list', { target })).links).toEqual([]);
  });
});
