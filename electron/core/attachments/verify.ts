/**
 * verify/ledger's attachment part: every stored file an attachment row names must be there and
 * still hash to its name. A file edited or deleted outside the app is ATTACHMENT_BROKEN.
 */
import type { VerifyProblem } from '../../../shared/api';
import type { Db } from '../db/connection';
import { fileStatus, filesDirOf } from './store';

const MAX_PROBLEMS = 50;

export function verifyAttachments(db: Db, ledgerPath: string): VerifyProblem[] {
  const filesDir = filesDirOf(ledgerPath);
  const problems: VerifyProblem[] = [];
  const rows = db.prepare('SELECT id, sha256, original_name FROM attachments ORDER BY id').iterate() as IterableIterator<{ id: number; sha256: string; original_name: string }>;
  for (const row of rows) {
    const status = fileStatus(filesDir, row.sha256);
    if (status === 'ok') continue;
    problems.push({
      code: 'ATTACHMENT_BROKEN',
      message: status === 'missing' ? `附件“${row.original_name}”的文件已丢失` : `附件“${row.original_name}”的文件内容被改动过（与保存时的哈希不符）`,
      entity: 'attachment',
      entityId: row.id,
    });
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}
