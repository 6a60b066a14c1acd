/** Office settings: one audited row holding a JSON document. */
import { z } from 'zod';
import type { OfficeSettings } from '../../../shared/domain/lists';
import { AppError } from '../../../shared/result';
import { defineHandlers, requireLedger, type LedgerSession } from '../context';

const settingsSchema = z.object({
  officeName: z.string().trim().min(1, '单位名称不能为空').max(100),
  districtName: z.string().trim().max(50),
  districtCode: z.string().regex(/^(\d{6})?$/, '区县代码应为 6 位数字'),
  operators: z.array(z.string().trim().min(1).max(30)).max(20),
  annualTargetsFen: z.record(z.string().regex(/^\d{4}$/, '年度应为 4 位数字'), z.number().int().min(0, '年度目标不能为负数')),
  reservedShareThresholds: z.record(z.string(), z.number().min(0).max(100, '预留份额比例应在 0–100% 之间')),
  largeAmountFen: z.number().int().positive('大额阈值应大于 0'),
  missingInvoiceAttachment: z.enum(['error', 'warning'], { message: '缺少发票附件只能算作错误或警告' }).optional(),
});

export function readSettings(ledger: LedgerSession): OfficeSettings {
  const row = ledger.db.prepare('SELECT data_json FROM office_settings WHERE id = 1').get() as { data_json: string } | undefined;
  if (!row) throw new AppError('LEDGER_INCOMPLETE', '台账缺少单位设置，请用“验证”检查该文件');
  return JSON.parse(row.data_json) as OfficeSettings;
}

export function checkSettings(value: unknown): OfficeSettings {
  const parsed = settingsSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('VALIDATION', `设置有误：${parsed.error.issues.map((i) => i.message).join('；')}`);
  }
  return parsed.data;
}

export const settingsHandlers = defineHandlers({
  'settings/get': (ctx) => readSettings(requireLedger(ctx)),
  'settings/save': (ctx, { settings }) => {
    const ledger = requireLedger(ctx);
    const next = checkSettings({ ...readSettings(ledger), ...settings });
    ledger.write('修改设置', (w) => w.update('settings', 1, { data_json: JSON.stringify(next) }));
    return next;
  },
});
