/** Write-path checks for the lists: the curated lists must be right, so bad entries are refused. */
import { CATEGORIES, PURCHASER_TYPES, SUPPLIER_KINDS } from '../../../shared/domain/reference';
import { validateCreditCode } from '../../../shared/credit-code';
import { AppError } from '../../../shared/result';
import type { EntityName, Row, RowValidator } from '../db/write-path';

function fail(messages: string[]): never {
  throw new AppError('VALIDATION', messages.join('；'));
}

function requireName(row: Row, label: string, messages: string[]): void {
  if (typeof row.name !== 'string' || row.name.trim() === '') messages.push(`${label}名称不能为空`);
  else if (row.name.length > 100) messages.push(`${label}名称最长 100 个字`);
}

function checkCreditCode(row: Row, messages: string[], optional: boolean): void {
  const code = row.credit_code;
  if (code === null || code === undefined || code === '') {
    if (!optional) messages.push('统一社会信用代码不能为空（仅个人可不填）');
    return;
  }
  const r = validateCreditCode(String(code));
  if (!r.ok) messages.push(r.message);
}

function oneOf(value: unknown, options: readonly string[], label: string, messages: string[]): void {
  if (value !== null && value !== undefined && !options.includes(String(value))) {
    messages.push(`${label}只能是：${options.join('、')}`);
  }
}

export function listValidators(isCounty: (code: string) => boolean): Partial<Record<EntityName, RowValidator>> {
  const county = (value: unknown, label: string, messages: string[]) => {
    if (value !== null && value !== undefined && !isCounty(String(value))) messages.push(`${label}“${String(value)}”不是有效的县级行政区划代码`);
  };
  return {
    purchaser: (row) => {
      const m: string[] = [];
      requireName(row, '购买主体', m);
      oneOf(row.type, PURCHASER_TYPES, '主体类型', m);
      checkCreditCode(row, m, row.type === '个人' || row.type === null || row.type === undefined);
      if (row.employer_id !== null && row.employer_id !== undefined) {
        if (row.type !== '工会') m.push('只有工会可以填写所属单位（其采购计入所属单位的预留份额）');
        else if (row.employer_id === row.id) m.push('所属单位不能是工会自己');
      }
      if (m.length) fail(m);
    },
    supplier: (row) => {
      const m: string[] = [];
      requireName(row, '供应商', m);
      checkCreditCode(row, m, true);
      county(row.county_code, '所在县', m);
      oneOf(row.kind, SUPPLIER_KINDS, '供应商类型', m);
      if (row.households !== null && row.households !== undefined && !(Number.isSafeInteger(row.households) && Number(row.households) >= 0)) {
        m.push('联结户数应为不小于 0 的整数');
      }
      if (m.length) fail(m);
    },
    product: (row) => {
      const m: string[] = [];
      requireName(row, '产品', m);
      oneOf(row.category, CATEGORIES, '产品类别', m);
      county(row.origin_code, '产地', m);
      if (m.length) fail(m);
    },
    pairedRegion: (row) => {
      const m: string[] = [];
      const code = String(row.code ?? '');
      const prefectureWide = /^\d{4}00$/.test(code);
      if (!isCounty(code) && !prefectureWide) m.push(`“${code}”不是有效的县或地市行政区划代码`);
      if (!row.name) m.push('地区名称不能为空');
      const from = row.from_year as number | null;
      const to = row.to_year as number | null;
      for (const y of [from, to]) if (y !== null && y !== undefined && !(Number.isInteger(y) && y >= 2000 && y <= 2100)) m.push('年份应为 2000–2100 之间的整数');
      if (from && to && from > to) m.push('起始年份不能晚于结束年份');
      if (m.length) fail(m);
    },
  };
}
