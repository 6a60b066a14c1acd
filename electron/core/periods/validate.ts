/** Write-path checks for periods, waivers and yearly plans. */
import { AppError } from '../../../shared/result';
import type { EntityName, RowValidator } from '../db/write-path';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function fail(message: string): never {
  throw new AppError('VALIDATION', message);
}

export const periodValidators: Partial<Record<EntityName, RowValidator>> = {
  period: (row) => {
    if (typeof row.month !== 'string' || !MONTH.test(row.month)) fail('月份应写作 YYYY-MM');
    if (row.status !== 'open' && row.status !== 'submitted') fail('月份状态只能是未报送或已报送');
    if (row.status === 'submitted' && !row.submitted_at) fail('已报送的月份须有报送时间');
    if (row.reopened_at && !(typeof row.reopen_reason === 'string' && row.reopen_reason.trim().length >= 2)) fail('重新打开已报送的月份须填写原因');
  },
  checkWaiver: (row) => {
    if (typeof row.code !== 'string' || !/^[A-Z_]+$/.test(row.code)) fail('检查代码不正确');
    if (typeof row.subject !== 'string' || row.subject === '') fail('豁免缺少对象');
    if (typeof row.reason !== 'string' || row.reason.trim().length < 2) fail('豁免须填写原因（至少 2 个字）');
  },
  purchaserPlan: (row) => {
    if (!Number.isSafeInteger(row.year) || (row.year as number) < 2015 || (row.year as number) > 2100) fail('年度应为 2015–2100 之间的年份');
    if (!Number.isSafeInteger(row.planned_fen) || (row.planned_fen as number) < 0) fail('计划采购额应为不小于 0 的金额');
  },
};
