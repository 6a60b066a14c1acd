/**
 * What office settings may hold: one schema, used by the contract (settings/save's argument, so
 * every door refuses the same oversized or malformed settings with BAD_ARGS) and by the core
 * (the merged settings before they are saved). Maps are bounded: a stress test saved 200,000
 * reserved-share keys, which every later check and report then read.
 */
import { z } from 'zod';
import { MAX_AMOUNT_FEN } from './money';

/** Reserved-share thresholds are per purchaser type (11) or 预算单位; a few more leave room. */
const MAX_THRESHOLD_KEYS = 32;
/** Annual targets: one a year, 2015 onwards, for a century. */
const MAX_TARGET_YEARS = 100;

const fen = (what: string) => z.number().int().max(MAX_AMOUNT_FEN, `${what}超出可记账的范围（须小于 10 万亿元）`);

export const officeSettingsSchema = z.object({
  officeName: z.string().trim().min(1, '单位名称不能为空').max(100),
  districtName: z.string().trim().max(50),
  districtCode: z.string().regex(/^(\d{6})?$/, '区县代码应为 6 位数字'),
  operators: z.array(z.string().trim().min(1).max(30)).max(20),
  annualTargetsFen: z
    .record(z.string().regex(/^\d{4}$/, '年度应为 4 位数字'), fen('年度目标').min(0, '年度目标不能为负数'))
    .refine((m) => Object.keys(m).length <= MAX_TARGET_YEARS, `年度目标最多 ${MAX_TARGET_YEARS} 个年度`),
  reservedShareThresholds: z
    .record(z.string().trim().min(1).max(20, '主体类型名称最长 20 个字'), z.number().min(0).max(100, '预留份额比例应在 0–100% 之间'))
    .refine((m) => Object.keys(m).length <= MAX_THRESHOLD_KEYS, `预留份额比例最多 ${MAX_THRESHOLD_KEYS} 项`),
  largeAmountFen: fen('大额阈值').positive('大额阈值应大于 0'),
  missingInvoiceAttachment: z.enum(['error', 'warning'], { message: '缺少发票附件只能算作错误或警告' }).optional(),
});
