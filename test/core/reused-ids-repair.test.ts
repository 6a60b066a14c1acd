/**
 * Issue 14, repaired: a ledger built the old way (schema 8 handed a deleted record's number to
 * the next new one) fails verify until the clerk runs the repair, which ends exactly what the
 * deleted record left on the number, in one audited change, and the history panel keeps the
 * two records' entries apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesDirOf, storedPath } from '../../electron/core/attachments/store';
import { openDatabase } from '../../electron/core/db/connection';
import { migrate } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { write } from '../../electron/core/db/write-path';
import { defaultSettings } from '../../electron/core/settings/defaults';
import { tinyPdf } from '../support/documents';
import { reusedLedger } from '../support/reused-ledger';
import { newCore, tempDir } from './support';

async function openReused() {
  const dir = tempDir();
  const file = path.join(dir, 'old.db');
  const old = await reusedLedger(file);
  const core = newCore(dir);
  await core.call('ledger/open', { path: file });
  return { core, file, ...old };
}

describe('repairing a reused number', () => {
  it('verify fails naming the repair; the repair ends exactly the deleted record’s link and waiver, audited; verify then passes', async () => {
    const { core, file, reused, oldLinkId, oldWaiverId, oldSha256 } = await openReused();
    // what the clerk did for the new record since: its own file and waiver stay
    const mine = await core.call('attachments/add', { target: { entity: 'record', id: reused }, role: '合同', fileName: '合同.pdf', content: tinyPdf('Contract') });
    const myWaiver = (await core.call('checks/waive', { code: 'AMOUNT_INVALID', subject: `record:${reused}`, reason: '金额已核对' })).waiver;

    const before = await core.call('verify/ledger', {});
    expect(before.ok).toBe(false);
    expect(before.problems).toEqual([
      {
        code: 'ID_REUSED',
        entity: 'record',
        entityId: reused,
        message: expect.stringMatching(/^记录编号 2 被重复使用：原记录（2021-11-06，松江区第一中学，勐海普洱茶，1,285\.00 元）于 \d{4}-\d\d-\d\d 删除后，该编号又给了 \d{4}-\d\d-\d\d 新增的记录；原记录的 1 个附件、1 条检查豁免现在显示在新记录上。修复：.*修复重复编号.*verify <台账> --repair-reused-ids/),
      },
    ]);

    const expected = [
      {
        entity: 'record',
        entityId: reused,
        deleted: '2021-11-06，松江区第一中学，勐海普洱茶，1,285.00 元',
        links: [{ linkId: oldLinkId, name: '旧发票.pdf', role: '发票' }],
        waivers: [{ waiverId: oldWaiverId, code: 'CREDIT_CODE_INVALID', reason: '已向单位核实' }],
      },
    ];
    const seqBefore = (await core.call('audit/history', { limit: 1 })).entries[0].seq;
    // a dry run (what the window's confirm dialog names) writes nothing
    expect(await core.call('ledger/repairReusedIds', { dryRun: true })).toEqual({ repaired: expected });
    expect((await core.call('audit/history', { limit: 1 })).entries[0].seq).toBe(seqBefore);

    expect(await core.call('ledger/repairReusedIds', {})).toEqual({ repaired: expected });

    const links = (await core.call('attachments/list', { target: { entity: 'record', id: reused } })).links;
    expect(links.map((l) => l.linkId)).toEqual([mine.link.linkId]);
    expect((await core.call('checks/waivers', {})).waivers.map((w) => w.id)).toEqual([myWaiver.id]);
    // the stored file stays: cleanup decides
    expect(fs.existsSync(storedPath(filesDirOf(file), oldSha256))).toBe(true);

    const repair = (await core.call('audit/history', { limit: 10 })).entries.filter((e) => e.seq > seqBefore);
    expect(repair.map((e) => `${e.action} ${e.entity} ${e.entityId} ${e.label} ${e.actor}`).sort()).toEqual([
      `delete attachmentLink ${oldLinkId} 修复重复使用的编号 测试员`,
      `delete checkWaiver ${oldWaiverId} 修复重复使用的编号 测试员`,
    ]);
    expect(new Set(repair.map((e) => e.at)).size).toBe(1);

    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
    // nothing left to repair: a second run writes nothing
    expect(await core.call('ledger/repairReusedIds', {})).toEqual({ repaired: [] });
    expect((await core.call('audit/history', { limit: 1 })).entries[0].seq).toBe(Math.max(...repair.map((e) => e.seq)));
  });

  it('the record’s history starts at its own insert and names the deleted record, whose entries stay findable', async () => {
    const { core, reused } = await openReused();
    const own = await core.call('audit/history', { entity: 'record', entityId: reused });
    expect(own.entries.map((e) => `${e.action} ${e.label}`)).toEqual(['insert 新增一行']);
    expect(own.earlier).toEqual({
      summary: '2021-11-06，松江区第一中学，勐海普洱茶，1,285.00 元',
      deletedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      beforeSeq: own.entries[0].seq,
    });

    const earlier = await core.call('audit/history', { entity: 'record', entityId: reused, beforeSeq: own.earlier!.beforeSeq });
    expect(earlier.entries.map((e) => `${e.action} ${e.label}`)).toEqual(['delete 删除 1 行', 'update 编辑', 'insert 旧版写入']);
    expect(earlier.earlier).toBeNull();
    // the ledger's whole history still holds both, in order
    const all = (await core.call('audit/history', { entity: 'record' })).entries.filter((e) => e.entityId === reused);
    expect(all.map((e) => e.action)).toEqual(['insert', 'delete', 'update', 'insert']);
  });

  it('a waiver the clerk decided again for the new record after the reuse is the new record’s, and stays', async () => {
    const { core, reused, oldLinkId, oldWaiverId } = await openReused();
    // waiving the same issue again changes the old waiver row (one per code and subject)
    await core.call('checks/waive', { code: 'CREDIT_CODE_INVALID', subject: `record:${reused}`, reason: '新记录也已核实' });
    const { repaired } = await core.call('ledger/repairReusedIds', {});
    expect(repaired.map((r) => [r.links.map((l) => l.linkId), r.waivers])).toEqual([[[oldLinkId], []]]);
    expect((await core.call('checks/waivers', {})).waivers).toEqual([expect.objectContaining({ id: oldWaiverId, reason: '新记录也已核实' })]);
    expect(await core.call('verify/ledger', {})).toEqual({ ok: true, problems: [] });
  });

  it('a number reused twice: each deleted record’s link is ended under its own reuse, and the history goes back one owner at a time', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'twice.db');
    const db = openDatabase(file, { mode: 'create' });
    await migrate(db, file, MIGRATIONS.filter((m) => m.version <= 8));
    const meta = { actor: '旧版', label: '旧版写入' };
    const owner = (product: string, sha: string) =>
      write(db, meta, { validators: {} }, (w) => {
        const id = Number(w.insert('record', { date: '2021-11-06', product_name: product }).id);
        const a = w.insert('attachment', { sha256: sha.repeat(32), size: 3, mime: 'application/pdf', original_name: `${product}.pdf` });
        return { id, link: Number(w.insert('attachmentLink', { attachment_id: a.id, entity: 'record', entity_id: id, role: '发票' }).id) };
      });
    write(db, meta, { validators: {} }, (w) => w.insert('settings', { data_json: JSON.stringify(defaultSettings({ officeName: '旧台账', districtName: '松江区', districtCode: '310117', year: 2021 })) }, 1));
    const first = owner('昭通苹果', 'a1');
    write(db, meta, { validators: {} }, (w) => w.remove('record', first.id));
    const second = owner('勐海普洱茶', 'b2');
    write(db, meta, { validators: {} }, (w) => w.remove('record', second.id));
    const third = write(db, meta, { validators: {} }, (w) => Number(w.insert('record', { date: '2021-12-01', product_name: '江孜青稞面' }).id));
    expect([second.id, third]).toEqual([first.id, first.id]);
    db.close();

    const core = newCore(dir);
    await core.call('ledger/open', { path: file });
    const { repaired } = await core.call('ledger/repairReusedIds', {});
    expect(repaired.map((r) => [r.deleted, r.links.map((l) => l.linkId)])).toEqual([
      ['2021-11-06，昭通苹果', [first.link]],
      ['2021-11-06，勐海普洱茶', [second.link]],
    ]);
    expect((await core.call('verify/ledger', {})).problems.filter((p) => p.code !== 'ATTACHMENT_BROKEN')).toEqual([]);

    const own = await core.call('audit/history', { entity: 'record', entityId: third });
    expect(own.entries.map((e) => e.action)).toEqual(['insert']);
    expect(own.earlier?.summary).toBe('2021-11-06，勐海普洱茶');
    const middle = await core.call('audit/history', { entity: 'record', entityId: third, beforeSeq: own.earlier!.beforeSeq });
    expect(middle.entries.map((e) => e.action)).toEqual(['delete', 'insert']);
    expect(middle.earlier?.summary).toBe('2021-11-06，昭通苹果');
    const oldest = await core.call('audit/history', { entity: 'record', entityId: third, beforeSeq: middle.earlier!.beforeSeq });
    expect(oldest.entries.map((e) => e.action)).toEqual(['delete', 'insert']);
    expect(oldest.earlier).toBeNull();
  });
});
