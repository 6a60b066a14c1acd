/**
 * A ledger as schema 8 left it after "delete the last row, add a row" (issue 14): record 2 had
 * an invoice (a real stored file), a waiver and an edit, was deleted alone (schema 8 left its
 * link and waiver on the number), and the next new record was given number 2 again.
 */
import { openDatabase } from '../../electron/core/db/connection';
import { migrate } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { write } from '../../electron/core/db/write-path';
import { filesDirOf, putFile } from '../../electron/core/attachments/store';
import { defaultSettings } from '../../electron/core/settings/defaults';
import { tinyPdf } from './documents';

export interface ReusedLedger {
  /** the number given twice */
  reused: number;
  /** what the deleted record left hanging on it */
  oldLinkId: number;
  oldWaiverId: number;
  oldSha256: string;
}

export async function reusedLedger(file: string): Promise<ReusedLedger> {
  const db = openDatabase(file, { mode: 'create' });
  await migrate(db, file, MIGRATIONS.filter((m) => m.version <= 8));
  const meta = { actor: '旧版', label: '旧版写入' };
  const stored = putFile(filesDirOf(file), tinyPdf('Invoice of the deleted purchase'), '旧发票.pdf');
  const old = write(db, meta, { validators: {} }, (w) => {
    w.insert('settings', { data_json: JSON.stringify(defaultSettings({ officeName: '旧台账', districtName: '松江区', districtCode: '310117', year: 2021 })) }, 1);
    w.insert('record', { date: '2021-11-05', purchaser_name: '松江区中心医院', product_name: '昭通苹果', amount_fen: 123456, origin_code: '530602' });
    const top = Number(w.insert('record', { date: '2021-11-06', purchaser_name: '松江区第一中学', product_name: '勐海普洱茶', amount_fen: 128500 }).id);
    const a = w.insert('attachment', { sha256: stored.sha256, size: stored.size, mime: stored.mime, original_name: '旧发票.pdf' });
    const link = Number(w.insert('attachmentLink', { attachment_id: a.id, entity: 'record', entity_id: top, role: '发票' }).id);
    const waiver = Number(w.insert('checkWaiver', { code: 'CREDIT_CODE_INVALID', subject: `record:${top}`, record_id: top, reason: '已向单位核实' }).id);
    return { top, link, waiver };
  });
  write(db, { ...meta, label: '编辑' }, { validators: {} }, (w) => w.update('record', old.top, { remark: '原记录的备注' }));
  write(db, { ...meta, label: '删除 1 行' }, { validators: {} }, (w) => w.remove('record', old.top));
  // schema 8: the next record takes the number again, and with it the link, the waiver and the history
  const reused = write(db, { ...meta, label: '新增一行' }, { validators: {} }, (w) => Number(w.insert('record', { date: '2021-12-01', purchaser_name: '松江区教育局', product_name: '江孜青稞面' }).id));
  if (reused !== old.top) throw new Error(`schema 8 should have reused number ${old.top}, gave ${reused}`);
  db.close();
  return { reused, oldLinkId: old.link, oldWaiverId: old.waiver, oldSha256: stored.sha256 };
}
