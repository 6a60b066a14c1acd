/** Write-path checks for attachments, their links and certificates. */
import { ATTACHMENT_ROLES, ATTACHMENT_TARGETS, CERTIFICATE_KINDS } from '../../../shared/domain/attachments';
import { AppError } from '../../../shared/result';
import type { EntityName, RowValidator } from '../db/write-path';
import { MAX_ATTACHMENT_BYTES } from './store';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function fail(messages: string[]): void {
  if (messages.length) throw new AppError('VALIDATION', messages.join('；'));
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

export const attachmentValidators: Partial<Record<EntityName, RowValidator>> = {
  attachment: (row) => {
    const m: string[] = [];
    if (!/^[0-9a-f]{64}$/.test(String(row.sha256))) m.push('附件哈希应为 64 位十六进制');
    const size = row.size as number;
    if (!(Number.isSafeInteger(size) && size > 0 && size <= MAX_ATTACHMENT_BYTES)) m.push('附件大小应在 1 字节到 50 MB 之间');
    if (isBlank(row.mime)) m.push('附件类型不能为空');
    if (isBlank(row.original_name)) m.push('附件名称不能为空');
    fail(m);
  },
  attachmentLink: (row) => {
    const m: string[] = [];
    if (!ATTACHMENT_TARGETS.includes(row.entity as never)) m.push(`附件只能关联到：${ATTACHMENT_TARGETS.join('、')}`);
    if (!(Number.isSafeInteger(row.entity_id) && Number(row.entity_id) > 0)) m.push('关联对象编号应为正整数');
    if (!ATTACHMENT_ROLES.includes(row.role as never)) m.push(`附件用途只能是：${ATTACHMENT_ROLES.join('、')}`);
    fail(m);
  },
  certificate: (row) => {
    const m: string[] = [];
    if (!CERTIFICATE_KINDS.includes(row.kind as never)) m.push(`证书类型只能是：${CERTIFICATE_KINDS.join('、')}`);
    if (isBlank(row.product_name)) m.push('证书的产品名称不能为空');
    else if (String(row.product_name).length > 100) m.push('产品名称最长 100 个字');
    for (const [k, label] of [['valid_from', '有效期起'], ['valid_to', '有效期至']] as const) {
      if (!isBlank(row[k]) && !ISO_DATE.test(String(row[k]))) m.push(`${label}应写作 YYYY-MM-DD`);
    }
    if (!isBlank(row.valid_from) && !isBlank(row.valid_to) && String(row.valid_from) > String(row.valid_to)) m.push('有效期起不能晚于有效期至');
    fail(m);
  },
};
