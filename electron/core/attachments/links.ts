/**
 * Attachments in the ledger: a row per stored file (by hash) and a row per link to a record,
 * purchaser, supplier or certificate. The bytes go to the store first, then one audited
 * transaction adds the rows; a failed transaction leaves only a content-addressed orphan.
 */
import type { AttachmentLink, AttachmentRole, AttachmentTarget } from '../../../shared/domain/attachments';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import { prepared } from '../db/statements';
import { isPostgres, type Db } from '../db/connection';
import type { Writer } from '../db/write-path';
import { sessionDocuments } from './document-store';
import { displayName, type StoredFile } from './store';
import { attachmentIdOf } from './rows';

const TARGET_TABLES: Record<AttachmentTarget, { table: string; label: string }> = {
  record: { table: 'records', label: '记录' },
  purchaser: { table: 'purchasers', label: '购买主体' },
  supplier: { table: 'suppliers', label: '供应商' },
  certificate: { table: 'certificates', label: '证书' },
};

export interface LinkRequest {
  target: { entity: AttachmentTarget; id: number };
  role: AttachmentRole;
}

// Quoted aliases: PostgreSQL folds unquoted ones to lower case.
const LINK_SELECT = `SELECT l.id AS "linkId", a.id AS "attachmentId", a.sha256, a.size, a.mime, a.original_name AS name,
  l.role, l.entity, l.entity_id AS "entityId", l.created_at AS "linkedAt"
  FROM attachment_links l JOIN attachments a ON a.id = l.attachment_id`;

export function requireTarget(db: Db, target: LinkRequest['target']): void {
  const t = TARGET_TABLES[target.entity];
  if (!prepared(db, `SELECT 1 FROM ${t.table} WHERE id = ?`).get(target.id)) {
    throw new AppError('NOT_FOUND', `找不到编号为 ${target.id} 的${t.label}，无法添加附件`);
  }
}

/**
 * The link already made from this file to this target in this role, if any. Looked up through
 * the file's links (few), never the target's: a record, purchaser or certificate can hold
 * thousands, and SQLite would otherwise prefer the two-column target index (the unary `+` keeps
 * it off those columns).
 */
export const EXISTING_LINK_SQL = 'SELECT id FROM attachment_links WHERE attachment_id = ? AND +entity = ? AND +entity_id = ? AND role = ?';
/** PostgreSQL has no unary + on text, and needs none: its planner weighs the two indexes by their statistics. */
const EXISTING_LINK_SQL_PG = 'SELECT id FROM attachment_links WHERE attachment_id = ? AND entity = ? AND entity_id = ? AND role = ?';

function existingLinkId(db: Db, attachmentId: number, req: LinkRequest): number | undefined {
  const row = prepared(db, isPostgres(db) ? EXISTING_LINK_SQL_PG : EXISTING_LINK_SQL).get(
    attachmentId, req.target.entity, req.target.id, req.role,
  ) as { id: number } | undefined;
  return row?.id;
}

/** Inside a write: the attachment row for a stored file (reused when the bytes are already known), then the link. */
export function linkStored(w: Writer, db: Db, file: StoredFile, name: string, req: LinkRequest): { linkId: number; attachmentId: number; reused: boolean } {
  requireTarget(db, req.target);
  const existing = attachmentIdOf(db, file.sha256);
  const attachmentId = existing ?? Number(w.insert('attachment', { sha256: file.sha256, size: file.size, mime: file.mime, original_name: name }).id);
  const same = existingLinkId(db, attachmentId, req);
  if (same !== undefined) return { linkId: same, attachmentId, reused: true };
  const link = w.insert('attachmentLink', { attachment_id: attachmentId, entity: req.target.entity, entity_id: req.target.id, role: req.role });
  return { linkId: Number(link.id), attachmentId, reused: existing !== undefined };
}

export interface StoredLinkRequest extends LinkRequest {
  file: StoredFile;
  name: string;
}

/**
 * Inside a write: what linkStored does for each of many files, with the new attachment and link
 * rows written in bulk (a drop of hundreds of files would otherwise spend longer auditing rows
 * one by one than storing them). Targets must have been checked. Returns each request's link id.
 */
export function linkStoredMany(w: Writer, db: Db, requests: StoredLinkRequest[]): number[] {
  const attachmentIds = new Map<string, number>();
  const newAttachments: StoredLinkRequest[] = [];
  for (const r of requests) {
    if (attachmentIds.has(r.file.sha256)) continue;
    const id = attachmentIdOf(db, r.file.sha256);
    attachmentIds.set(r.file.sha256, id ?? 0);
    if (id === undefined) newAttachments.push(r);
  }
  if (newAttachments.length > 0) {
    const firstId = w.nextId('attachment');
    w.insertMany('attachment', newAttachments.map((r) => ({ sha256: r.file.sha256, size: r.file.size, mime: r.file.mime, original_name: r.name })));
    newAttachments.forEach((r, i) => attachmentIds.set(r.file.sha256, firstId + i));
  }
  const created = new Set(newAttachments.map((r) => attachmentIds.get(r.file.sha256)!));
  const linkIds = new Map<string, number>();
  const newLinks: { key: string; values: Record<string, unknown> }[] = [];
  for (const r of requests) {
    const attachmentId = attachmentIds.get(r.file.sha256)!;
    const key = `${attachmentId}|${r.target.entity}|${r.target.id}|${r.role}`;
    if (linkIds.has(key)) continue;
    const id = created.has(attachmentId) ? undefined : existingLinkId(db, attachmentId, r);
    linkIds.set(key, id ?? 0);
    if (id === undefined) newLinks.push({ key, values: { attachment_id: attachmentId, entity: r.target.entity, entity_id: r.target.id, role: r.role } });
  }
  if (newLinks.length > 0) {
    const firstId = w.nextId('attachmentLink');
    w.insertMany('attachmentLink', newLinks.map((l) => l.values));
    newLinks.forEach((l, i) => linkIds.set(l.key, firstId + i));
  }
  return requests.map((r) => linkIds.get(`${attachmentIds.get(r.file.sha256)}|${r.target.entity}|${r.target.id}|${r.role}`)!);
}

/**
 * Inside a write: each file linked as 发票 to every record its name matched (in bulk, as a drop
 * is). Returns each file's attachment id, in the order given.
 */
export function linkInvoiceMatches(w: Writer, db: Db, matches: { file: StoredFile; name: string; recordIds: number[] }[]): number[] {
  const requests = matches.flatMap((m) => m.recordIds.map((id) => ({ target: { entity: 'record' as const, id }, role: '发票' as const, file: m.file, name: m.name })));
  linkStoredMany(w, db, requests);
  return matches.map((m) => attachmentIdOf(db, m.file.sha256)!);
}

export function addAttachment(session: LedgerSession, req: LinkRequest, fileName: string, content: Uint8Array): { link: AttachmentLink; reused: boolean } {
  const name = displayName(fileName);
  requireTarget(session.db, req.target);
  const r = sessionDocuments(session).putAndLink(session, `添加附件 ${name}`, content, name, (w, file) => linkStored(w, session.db, file, name, req));
  return { link: getLink(session.db, r.linkId)!, reused: r.reused };
}

export async function addAttachments(session: LedgerSession, items: (LinkRequest & { fileName: string; content: Uint8Array })[]): Promise<AttachmentLink[]> {
  const names = items.map((i) => displayName(i.fileName));
  const targets = new Map(items.map((i) => [`${i.target.entity}|${i.target.id}`, i.target]));
  for (const t of targets.values()) requireTarget(session.db, t);
  const label = items.length === 1 ? `添加附件 ${names[0]}` : `添加 ${items.length} 个附件`;
  const files = items.map((i, n) => ({ bytes: i.content, name: names[n] }));
  const ids = await sessionDocuments(session).putManyAndLink(session, label, files, (w, stored) =>
    linkStoredMany(w, session.db, items.map((i, n) => ({ target: i.target, role: i.role, file: stored[n], name: names[n] }))),
  );
  return getLinks(session.db, ids);
}

export function getLink(db: Db, linkId: number): AttachmentLink | undefined {
  return prepared(db, `${LINK_SELECT} WHERE l.id = ?`).get(linkId) as AttachmentLink | undefined;
}

/** Links by id, in the order asked (one query for a drop of hundreds). */
export function getLinks(db: Db, linkIds: number[]): AttachmentLink[] {
  // one parameter for any number of ids: a JSON list on a file, an array on PostgreSQL
  const rows = (
    isPostgres(db) ? prepared(db, `${LINK_SELECT} WHERE l.id = ANY(?)`).all([linkIds]) : prepared(db, `${LINK_SELECT} WHERE l.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(linkIds))
  ) as AttachmentLink[];
  const byId = new Map(rows.map((l) => [l.linkId, l]));
  return linkIds.map((id) => byId.get(id)!);
}

export function listLinks(db: Db, target: LinkRequest['target']): AttachmentLink[] {
  return prepared(db, `${LINK_SELECT} WHERE l.entity = ? AND l.entity_id = ? ORDER BY l.id`).all(target.entity, target.id) as AttachmentLink[];
}

export function unlink(session: LedgerSession, linkId: number): boolean {
  const link = getLink(session.db, linkId);
  if (!link) return false;
  session.write(`移除附件 ${link.name}`, (w) => w.remove('attachmentLink', linkId));
  return true;
}

/** Removes every link of one target (e.g. a certificate being deleted), inside its write. */
export function unlinkAll(w: Writer, db: Db, target: LinkRequest['target']): void {
  for (const l of listLinks(db, target)) w.remove('attachmentLink', l.linkId);
}
