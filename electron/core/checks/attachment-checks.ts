/**
 * ATTACHMENT_MISSING, ATTACHMENT_BROKEN, CERT_MISSING, CERT_EXPIRED: the checks over the
 * attachment store's tables (migration 006) and the documents it keeps (by content hash, in
 * the folder beside a ledger file or a server ledger's own tables: attachments/document-store.ts).
 */
import { documentStoreOf } from '../attachments/document-store';
import { severityOf, type CheckCode } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import type { Db } from '../db/connection';
import type { CheckScope } from './scope';

const INVOICE_ROLE = '发票';

function issue(code: CheckCode, subject: string, message: string, recordId?: number, severity = severityOf(code)): CheckIssue {
  return { code, severity, ...(recordId !== undefined ? { recordId } : {}), subject, message };
}

export function attachmentChecks(db: Db, scope: CheckScope, ledgerPath: string, missingSeverity: 'error' | 'warning'): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const withoutInvoice = db
    .prepare(
      `SELECT r.id FROM records r WHERE ${scope.where} AND NOT EXISTS (
         SELECT 1 FROM attachment_links l WHERE l.entity = 'record' AND l.entity_id = r.id AND l.role = @role) ORDER BY r.id`,
    )
    .pluck()
    .all({ ...scope.params, role: INVOICE_ROLE }) as number[];
  for (const id of withoutInvoice) issues.push(issue('ATTACHMENT_MISSING', `record:${id}`, '记录没有关联发票附件', id, missingSeverity));
  issues.push(...brokenAttachments(db, ledgerPath));
  issues.push(...certificateIssues(db, scope));
  return issues;
}

/** A stored file that is gone, or whose bytes no longer hash to what was registered. */
function brokenAttachments(db: Db, ledgerPath: string): CheckIssue[] {
  const out: CheckIssue[] = [];
  const store = documentStoreOf(db, ledgerPath);
  const rows = db.prepare('SELECT id, sha256, original_name AS name FROM attachments ORDER BY id').all() as { id: number; sha256: string; name: string }[];
  for (const a of rows) {
    const status = store.status(a.sha256);
    if (status === 'missing') out.push(issue('ATTACHMENT_BROKEN', `attachment:${a.id}`, `附件“${a.name}”的文件不见了`));
    else if (status === 'changed') out.push(issue('ATTACHMENT_BROKEN', `attachment:${a.id}`, `附件“${a.name}”的内容与登记时的哈希值不一致（被改动过）`));
  }
  return out;
}

function certificateIssues(db: Db, scope: CheckScope): CheckIssue[] {
  const certs = 'SELECT product_name AS product, valid_from, valid_to FROM certificates c';
  const out: CheckIssue[] = [];

  const missing = db
    .prepare(
      `SELECT p.name, (SELECT min(r.id) FROM records r WHERE r.product_name = p.name AND ${scope.where}) AS "firstId"
       FROM products p WHERE p.in_catalogue = 1 AND NOT EXISTS (SELECT 1 FROM (${certs}) k WHERE k.product = p.name)`,
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
