/**
 * verify/ledger's attachment part: every stored file an attachment row names must be there and
 * still hash to its name. A file edited or deleted outside the app is ATTACHMENT_BROKEN. So is
 * one an interrupted add left whole in `.tmp/` (recover.ts), but its message says that opening
 * the ledger again or 清理 puts it back: verify itself moves nothing.
 */
import type { VerifyProblem } from '../../../shared/api';
import type { Db } from '../db/connection';
import { documentStoreOf } from './document-store';

const MAX_PROBLEMS = 50;

export function verifyAttachments(db: Db, ledgerPath: string): VerifyProblem[] {
  const store = documentStoreOf(db, ledgerPath);
  const problems: VerifyProblem[] = [];
  let interrupted: Map<string, string> | null = null; // hashed only once something is missing
  const rows = db.prepare('SELECT id, sha256, original_name FROM attachments ORDER BY id').iterate() as IterableIterator<{ id: number; sha256: string; original_name: string }>;
  for (const row of rows) {
    const status = store.status(row.sha256);
    if (status === 'ok') continue;
    interrupted ??= store.tempsByHash();
    const message = interrupted.has(row.sha256)
      ? `附件“${row.original_name}”的文件在一次中断的添加后尚未归位（完好，在临时文件夹中）；重新打开台账或运行“清理未使用的附件”即可放回`
      : status === 'missing'
        ? `附件“${row.original_name}”的文件已丢失`
        : `附件“${row.original_name}”的文件内容被改动过（与保存时的哈希不符）`;
    problems.push({
      code: 'ATTACHMENT_BROKEN',
      message,
      entity: 'attachment',
      entityId: row.id,
    });
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}
