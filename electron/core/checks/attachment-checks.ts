/**
 * ATTACHMENT_MISSING, ATTACHMENT_BROKEN, CERT_MISSING, CERT_EXPIRED: the checks that read the
 * attachments engineer's tables. They were written before those tables were merged, against the
 * agreed names — attachments(id, sha256, size, …, and the stored bytes), attachment_links
 * (attachment_id, entity, entity_id, role; role '发票' for invoices), certificates(…, product,
 * valid_from, valid_to) — and each runs only when its tables exist (sqlite_master), so a ledger
 * without them reports the check as skipped rather than failing. ALL the SQL that names those
 * tables lives in this file: adjust names here at merge.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { filesDirOf, storedPath } from '../attachments/store';
import { severityOf, type CheckCode } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import type { Db } from '../db/connection';
import type { CheckScope } from './scope';

const INVOICE_ROLE = '发票';

function tableExists(db: Db, name: string): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));
}

function columnsOf(db: Db, table: string): Set<string> {
  return new Set((db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name));
}

function issue(code: CheckCode, subject: string, message: string, recordId?: number, severity = severityOf(code)): CheckIssue {
  return { code, severity, ...(recordId !== undefined ? { recordId } : {}), subject, message };
}

export interface AttachmentCheckOutcome {
  issues: CheckIssue[];
  skipped: CheckCode[];
}

export function attachmentChecks(db: Db, scope: CheckScope, ledgerPath: string, missingSeverity: 'error' | 'warning'): AttachmentCheckOutcome {
  const issues: CheckIssue[] = [];
  const skipped: CheckCode[] = [];
  const hasLinks = tableExists(db, 'attachment_links');
  const hasAttachments = tableExists(db, 'attachments');

  if (hasLinks) {
    const rows = db
      .prepare(
        `SELECT r.id FROM records r WHERE ${scope.where} AND NOT EXISTS (
           SELECT 1 FROM attachment_links l WHERE l.entity = 'record' AND l.entity_id = r.id AND l.role = @role) ORDER BY r.id`,
      )
      .pluck()
      .all({ ...scope.params, role: INVOICE_ROLE }) as number[];
    for (const id of rows) issues.push(issue('ATTACHMENT_MISSING', `record:${id}`, '记录没有关联发票附件', id, missingSeverity));
  } else skipped.push('ATTACHMENT_MISSING');

  if (hasAttachments) issues.push(...brokenAttachments(db, ledgerPath));
  else skipped.push('ATTACHMENT_BROKEN');

  if (tableExists(db, 'certificates')) issues.push(...certificateIssues(db, scope));
  else skipped.push('CERT_MISSING', 'CERT_EXPIRED');
  return { issues, skipped };
}

/** Bytes kept in the ledger (a BLOB column) or in a folder beside it, named by content hash. */
function brokenAttachments(db: Db, ledgerPath: string): CheckIssue[] {
  const cols = columnsOf(db, 'attachments');
  const blob = ['content', 'data', 'bytes'].find((c) => cols.has(c));
  const name = cols.has('original_name') ? 'original_name' : 'NULL';
  const out: CheckIssue[] = [];
  const folder = filesDirOf(ledgerPath);
  const rows = db
    .prepare(`SELECT id, sha256, ${name} AS name${blob ? `, ${blob} AS bytes` : ''} FROM attachments ORDER BY id`)
    .iterate() as IterableIterator<{ id: number; sha256: string; name: string | null; bytes?: Uint8Array | null }>;
  for (const a of rows) {
    const label = a.name ? `“${a.name}”` : `编号 ${a.id}`;
    let bytes: Uint8Array | null | undefined = a.bytes;
    if (!blob) {
      const file = storedPath(folder, a.sha256);
      bytes = fs.existsSync(file) ? fs.readFileSync(file) : null;
    }
    if (!bytes) out.push(issue('ATTACHMENT_BROKEN', `attachment:${a.id}`, `附件${label}的文件不见了`));
    else if (createHash('sha256').update(bytes).digest('hex') !== a.sha256) {
      out.push(issue('ATTACHMENT_BROKEN', `attachment:${a.id}`, `附件${label}的内容与登记时的哈希值不一致（被改动过）`));
    }
  }
  return out;
}

function certificateIssues(db: Db, scope: CheckScope): CheckIssue[] {
  const cols = columnsOf(db, 'certificates');
  // The certificate's product: by name, or through products(id).
  const productName = cols.has('product_name')
    ? 'c.product_name'
    : cols.has('product_id')
      ? '(SELECT name FROM products p WHERE p.id = c.product_id)'
      : null;
  if (!productName) return [];
  const from = cols.has('valid_from') ? 'c.valid_from' : 'NULL';
  const to = cols.has('valid_to') ? 'c.valid_to' : 'NULL';
  const certs = `SELECT ${productName} AS product, ${from} AS valid_from, ${to} AS valid_to FROM certificates c`;
  const out: CheckIssue[] = [];

  const productCols = columnsOf(db, 'products');
  const marked = productCols.has('certified') ? '(p.certified = 1 OR p.in_catalogue = 1)' : 'p.in_catalogue = 1';
  const missing = db
    .prepare(
      `SELECT p.name, (SELECT min(r.id) FROM records r WHERE r.product_name = p.name AND ${scope.where}) AS firstId
       FROM products p WHERE ${marked} AND NOT EXISTS (SELECT 1 FROM (${certs}) k WHERE k.product = p.name)`,
    )
    .all(scope.params) as { name: string; firstId: number | null }[];
  for (const m of missing) {
    if (m.firstId === null) continue;
    out.push(issue('CERT_MISSING', `product:${m.name}`, `产品“${m.name}”标记为已认定或列入百县百品，但没有登记证书`, m.firstId));
  }

  const expired = db
    .prepare(
      `WITH k AS (${certs})
       SELECT r.id, r.date, r.product_name AS product FROM records r
       WHERE ${scope.where} AND r.date IS NOT NULL AND r.product_name IN (SELECT product FROM k)
         AND NOT EXISTS (SELECT 1 FROM k WHERE k.product = r.product_name
           AND (k.valid_from IS NULL OR k.valid_from <= r.date) AND (k.valid_to IS NULL OR r.date <= k.valid_to))
       ORDER BY r.id`,
    )
    .all(scope.params) as { id: number; date: string; product: string }[];
  for (const e of expired) out.push(issue('CERT_EXPIRED', `record:${e.id}`, `采购日期 ${e.date} 不在“${e.product}”任一认定证书的有效期内`, e.id));
  return out;
}
