/** The certificate registry: list, save, delete, import a catalogue, what expires, what is valid when. */
import { todayIso } from '../../../shared/dates';
import { AppError } from '../../../shared/result';
import { unlinkAll } from '../attachments/links';
import { refuseIfChangedSince } from '../records/stale';
import { defineHandlers, requireLedger } from '../context';
import { prepared } from '../db/statements';
import { readWorkbook } from '../imports/read-workbook';
import { readCatalogue } from './catalogue';
import { certificateToRow, certificateValidOn, expiringCertificates, getCertificate, listCertificates } from './registry';

export const certificateHandlers = defineHandlers({
  'certificates/list': (ctx, { search, limit }) => ({ certificates: listCertificates(requireLedger(ctx).db, search, limit ?? 1000) }),

  'certificates/save': (ctx, { certificate, seen }) => {
    const session = requireLedger(ctx);
    const { id, ...values } = certificate;
    const row = certificateToRow(values);
    const savedId = session.write(id ? '编辑证书' : '新增证书', (w) => {
      if (!id) return Number(w.insert('certificate', row).id);
      refuseIfChangedSince(w, id, seen, 'certificate');
      w.update('certificate', id, row);
      return id;
    });
    return { certificate: getCertificate(session.db, savedId)! };
  },

  'certificates/delete': (ctx, { id }) => {
    const session = requireLedger(ctx);
    const c = getCertificate(session.db, id);
    if (!c) return { deleted: false };
    session.write(`删除证书 ${c.number ?? c.productName}`, (w) => {
      unlinkAll(w, session.db, { entity: 'certificate', id });
      w.remove('certificate', id);
    });
    return { deleted: true };
  },

  'certificates/importCatalogue': (ctx, { fileName, content, kind }) => {
    const session = requireLedger(ctx);
    const book = readWorkbook(content);
    const sheet = book.sheets.find((s) => !s.hidden && readCatalogue(s, book.date1904, kind) !== null);
    const rows = sheet ? readCatalogue(sheet, book.date1904, kind)! : null;
    if (!rows) throw new AppError('NOT_A_CATALOGUE', `“${fileName}”中没有找到证书目录的表头（需要“产品名称”和“证书编号”或“有效期”等列）`);
    const skipped = rows.filter((r) => r.reason).map((r) => ({ row: r.row, reason: r.reason! }));
    let added = 0;
    let updated = 0;
    session.write(`导入证书目录 ${fileName}`, (w) => {
      for (const r of rows) {
        if (!r.certificate) continue;
        const row = certificateToRow(r.certificate);
        const known = r.certificate.number
          ? (prepared(session.db, 'SELECT id FROM certificates WHERE kind = ? AND number = ?').get(r.certificate.kind, r.certificate.number) as { id: number } | undefined)
          : undefined;
        if (known) {
          if (w.update('certificate', known.id, row)) updated++;
        } else {
          w.insert('certificate', row);
          added++;
        }
      }
    });
    return { added, updated, skipped };
  },

  'certificates/expiring': (ctx, { date, days }) => ({ certificates: expiringCertificates(requireLedger(ctx).db, date ?? todayIso(), days) }),

  'certificates/validOn': (ctx, { productName, date }) => certificateValidOn(requireLedger(ctx).db, productName, date),
});
