/** Office settings: one audited row holding a JSON document. */
import type { OfficeSettings } from '../../../shared/domain/lists';
import { officeSettingsSchema } from '../../../shared/settings';
import { AppError } from '../../../shared/result';
import { defineHandlers, requireLedger, type LedgerSession } from '../context';


export function readSettings(ledger: LedgerSession): OfficeSettings {
  const row = ledger.db.prepare('SELECT data_json FROM office_settings WHERE id = 1').get() as { data_json: string } | undefined;
  if (!row) throw new AppError('LEDGER_INCOMPLETE', '台账缺少单位设置，请用“验证”检查该文件');
  return JSON.parse(row.data_json) as OfficeSettings;
}

export function checkSettings(value: unknown): OfficeSettings {
  const parsed = officeSettingsSchema.safeParse(value);
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
