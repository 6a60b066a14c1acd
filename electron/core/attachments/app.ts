/** Attachments: add, list, preview, unlink, clean up, match invoices by file name, find records without one. */
import { AppError } from '../../../shared/result';
import { monthRange } from '../../../shared/dates';
import { defineHandlers, requireLedger } from '../context';
import { orderTerm } from '../db/dialect-sql';
import { prepared } from '../db/statements';
import { rowToRecord } from '../records/columns';
import { matchRecordsByInvoice } from './invoice-match';
import { cleanup, previewCleanup } from './cleanup';
import { addAttachment, addAttachments, linkInvoiceMatches, listLinks, unlink } from './links';
import { sessionDocuments } from './document-store';
import { displayName } from './store';
import { writeViewerCopy } from './viewer-copy';

/** Records of a month (all records without one, undated included) that have no 发票 link. */
function withoutInvoice(period: string | undefined): { from: string; params: string[] } {
  const none = `NOT EXISTS (SELECT 1 FROM attachment_links l WHERE l.entity = 'record' AND l.entity_id = r.id AND l.role = '发票')`;
  if (!period) return { from: `FROM records r WHERE ${none}`, params: [] };
  return { from: `FROM records r WHERE r.date >= ? AND r.date < ? AND ${none}`, params: monthRange(period) };
}

export const attachmentHandlers = defineHandlers({
  'attachments/add': (ctx, { target, role, fileName, content }) => addAttachment(requireLedger(ctx), { target, role }, fileName, content),

  'attachments/addMany': async (ctx, { items }) => ({ links: await addAttachments(requireLedger(ctx), items) }),

  'attachments/list': (ctx, { target }) => ({ links: listLinks(requireLedger(ctx).db, target) }),

  'attachments/content': (ctx, { attachmentId }) => {
    const session = requireLedger(ctx);
    const row = prepared(session.db, 'SELECT sha256, mime, original_name FROM attachments WHERE id = ?').get(attachmentId) as
      | { sha256: string; mime: string; original_name: string }
      | undefined;
    if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${attachmentId} 的附件`);
    return { name: row.original_name, mime: row.mime, content: sessionDocuments(session).read(row.sha256, row.original_name) };
  },

  'attachments/viewerCopy': (ctx, { attachmentId }) => {
    const session = requireLedger(ctx);
    const row = prepared(session.db, 'SELECT id, sha256, mime, original_name AS name FROM attachments WHERE id = ?').get(attachmentId) as
      | { id: number; sha256: string; mime: string; name: string }
      | undefined;
    if (!row) throw new AppError('NOT_FOUND', `找不到编号为 ${attachmentId} 的附件`);
    return { path: writeViewerCopy(ctx.dataDir, sessionDocuments(session), row) };
  },

  'attachments/unlink': (ctx, { linkId }) => ({ unlinked: unlink(requireLedger(ctx), linkId) }),

  'attachments/cleanupPreview': (ctx) => previewCleanup(requireLedger(ctx)),

  'attachments/cleanup': (ctx) => cleanup(requireLedger(ctx)),

  'attachments/matchByInvoice': async (ctx, { files, dryRun }) => {
    const session = requireLedger(ctx);
    const names = files.map((f) => displayName(f.fileName));
    const matches = matchRecordsByInvoice(session.db, names);
    const unmatched = names.filter((_, i) => matches[i].length === 0);
    const toLink = files.map((f, i) => ({ index: i, name: names[i], content: f.content, recordIds: matches[i] })).filter((f) => f.recordIds.length > 0);
    if (dryRun) return { matched: toLink.map((f) => ({ index: f.index, fileName: f.name, recordIds: f.recordIds, attachmentId: 0 })), unmatched };
    // content is there: the contract refuses a real run without it
    const toStore = toLink.map((f) => ({ bytes: f.content!, name: f.name }));
    const matched = await sessionDocuments(session).putManyAndLink(session, `按发票号匹配 ${toLink.length} 个附件`, toStore, (w, stored) => {
      const ids = linkInvoiceMatches(w, session.db, toLink.map((f, i) => ({ file: stored[i], name: f.name, recordIds: f.recordIds })));
      return toLink.map((f, i) => ({ index: f.index, fileName: f.name, recordIds: f.recordIds, attachmentId: ids[i] }));
    });
    return { matched, unmatched };
  },

  'attachments/missingInvoices': (ctx, { period, startRow, endRow }) => {
    const { db } = requireLedger(ctx);
    const q = withoutInvoice(period);
    const total = (prepared(db, `SELECT count(*) AS n ${q.from}`).get(...q.params) as { n: number }).n;
    const rows = prepared(db, `SELECT r.* ${q.from} ORDER BY ${orderTerm(db, 'r.date', 'asc')}, r.id LIMIT ? OFFSET ?`).all(...q.params, endRow - startRow, startRow) as Record<string, unknown>[];
    return { rows: rows.map(rowToRecord), total };
  },
});
