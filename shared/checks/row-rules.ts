/**
 * The checks that judge one record on its own (domain.md "The checks"). Pure: the core runs
 * them over every record in one streaming pass, the grid runs them on the rows it shows to mark
 * cells. `createRowChecker(ctx)` keeps small caches (credit codes, counties) because a ledger
 * repeats the same few hundred purchasers and counties a million times.
 */
import { purchaserTypesForCreditCode, validateCreditCode } from '../credit-code';
import { isRealDate } from '../dates';
import type { RecordField } from '../domain/record';
import { invoiceFormatProblem, splitInvoiceNumbers } from '../invoice';
import { formatFen } from '../money';
import { isPaired, type PairingEntry } from '../regions/paired';
import type { CheckCode } from './codes';

/** The fields the row rules read (a LedgerRecord has them all; `period` only the database). */
export interface CheckRow {
  id: number;
  date: string | null;
  purchaserName: string | null;
  creditCode: string | null;
  purchaserType: string | null;
  productName: string | null;
  originCode: string | null;
  supplierName: string | null;
  quantity: number | null;
  unitPrice: number | null;
  amountFen: number | null;
  channel: string | null;
  invoiceNo: string | null;
  households: number | null;
  orderNo: string | null;
  remark: string | null;
  period?: string | null;
}

export interface RowRuleContext {
  /** ISO date of today (the office's local time) */
  today: string;
  isCounty(code: string): boolean;
  paired: readonly PairingEntry[];
  /** LARGE_AMOUNT above this many fen */
  largeAmountFen: number;
  /** supplier name → kind (企业, 合作社, 农户) from the suppliers list */
  supplierKinds: ReadonlyMap<string, string>;
}

export const ROW_RULE_CODES = [
  'REQUIRED_MISSING', 'DATE_INVALID', 'DATE_IN_FUTURE', 'DATE_OUTSIDE_PERIOD', 'AMOUNT_NOT_POSITIVE', 'AMOUNT_MISMATCH',
  'CREDIT_CODE_INVALID', 'ORIGIN_UNKNOWN', 'ORIGIN_NOT_PAIRED', 'INVOICE_FORMAT', 'PURCHASER_TYPE_MISMATCH', 'ORDER_NO_MISSING',
  'LARGE_AMOUNT', 'PREPAID_CARD', 'HOUSEHOLDS_MISSING',
] as const satisfies readonly CheckCode[];
export type RowRuleCode = (typeof ROW_RULE_CODES)[number];

export interface RowIssue {
  code: RowRuleCode;
  /** the cells to mark in the grid */
  fields: (RecordField | 'period')[];
  message: string;
}

const REQUIRED: [keyof CheckRow & RecordField, string][] = [
  ['purchaserName', '购买主体'],
  ['date', '日期'],
  ['productName', '产品名称'],
  ['amountFen', '金额'],
  ['originCode', '产地（县）'],
];

const EARLIEST_YEAR = 2015;
const PREPAID = /购物卡|预付卡|储值卡|充值/;
const REFUND = /退款|退货/;
const MULTI_INVOICE = /[、,，;；/\s]/;

function blank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** null when fine, else why the date is not a real date from 2015 on. */
export function dateProblem(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return `日期“${date}”不是真实存在的日期`;
  if (Number(m[1]) < EARLIEST_YEAR) return `日期 ${date} 早于 ${EARLIEST_YEAR} 年`;
  return null;
}

/** Whether |quantity × unit price − amount| is more than 1 元 and more than 0.5% of the amount. */
export function amountMismatch(quantity: number, unitPrice: number, amountFen: number): boolean {
  const expectedFen = quantity * unitPrice * 100;
  const diff = Math.abs(expectedFen - amountFen);
  // A hair of tolerance for binary floating point (0.1 × 3 is not 0.3).
  return diff > 100 + 1e-6 && diff > Math.abs(amountFen) * 0.005 + 1e-6;
}

export function createRowChecker(ctx: RowRuleContext): (row: CheckRow) => RowIssue[] {
  const creditCodes = new Map<string, string | null>();
  const typeClash = new Map<string, string | null>();
  const pairing = new Map<string, boolean>();
  const invoices = new Map<string, string | null>();

  function creditCodeProblem(code: string): string | null {
    let hit = creditCodes.get(code);
    if (hit === undefined) {
      const r = validateCreditCode(code);
      creditCodes.set(code, (hit = r.ok ? null : r.message));
    }
    return hit;
  }

  function purchaserTypeProblem(code: string, type: string): string | null {
    const key = `${code}\u0000${type}`;
    let hit = typeClash.get(key);
    if (hit === undefined) {
      const allowed = purchaserTypesForCreditCode(code);
      hit = allowed && !allowed.includes(type) ? `代码前两位“${code.slice(0, 2)}”对应${allowed.join('或')}，与主体类型“${type}”不符` : null;
      typeClash.set(key, hit);
    }
    return hit;
  }

  function paired(code: string, year: number | undefined): boolean {
    const key = `${code}:${year ?? ''}`;
    let hit = pairing.get(key);
    if (hit === undefined) pairing.set(key, (hit = isPaired(code, ctx.paired, year)));
    return hit;
  }

  function invoiceProblems(text: string, date: string | null): string | null {
    const key = `${text}\u0000${date?.slice(0, 4) ?? ''}`;
    let hit = invoices.get(key);
    if (hit === undefined) {
      const parts = MULTI_INVOICE.test(text) ? splitInvoiceNumbers(text) : [text];
      const problems = parts.map((p) => invoiceFormatProblem(p, date)).filter((p): p is string => p !== null);
      hit = problems.length ? problems.join('；') : null;
      // Invoice numbers are mostly unique: remember only the few shapes that repeat a lot.
      if (invoices.size < 10_000) invoices.set(key, hit);
    }
    return hit;
  }

  return (row) => {
    const out: RowIssue[] = [];

    const missing = REQUIRED.filter(([f]) => blank(row[f]));
    if (missing.length) out.push({ code: 'REQUIRED_MISSING', fields: missing.map(([f]) => f), message: `缺少${missing.map(([, l]) => l).join('、')}` });

    let validDate = false;
    if (!blank(row.date)) {
      const date = row.date as string;
      const problem = dateProblem(date);
      if (problem) out.push({ code: 'DATE_INVALID', fields: ['date'], message: problem });
      else {
        validDate = true;
        if (date > ctx.today) out.push({ code: 'DATE_IN_FUTURE', fields: ['date'], message: `日期 ${date} 晚于今天（${ctx.today}）` });
        if (row.period && date.slice(0, 7) !== row.period) {
          out.push({ code: 'DATE_OUTSIDE_PERIOD', fields: ['date', 'period'], message: `记录归入 ${row.period}，但日期是 ${date}` });
        }
      }
    }

    const amount = row.amountFen;
    if (amount !== null && amount !== undefined) {
      if (amount === 0 || (amount < 0 && !(row.remark && REFUND.test(row.remark)))) {
        out.push({ code: 'AMOUNT_NOT_POSITIVE', fields: ['amountFen'], message: amount === 0 ? '金额为 0' : `金额为负数（${formatFen(amount)} 元），退款须在备注中注明` });
      }
      if (row.quantity !== null && row.quantity !== undefined && row.unitPrice !== null && row.unitPrice !== undefined && amountMismatch(row.quantity, row.unitPrice, amount)) {
        const expected = Math.round(row.quantity * row.unitPrice * 100);
        out.push({
          code: 'AMOUNT_MISMATCH',
          fields: ['quantity', 'unitPrice', 'amountFen'],
          message: `数量 ${row.quantity} × 单价 ${row.unitPrice} = ${formatFen(expected)} 元，与金额 ${formatFen(amount)} 元不符`,
        });
      }
      if (amount > ctx.largeAmountFen) {
        out.push({ code: 'LARGE_AMOUNT', fields: ['amountFen'], message: `单笔 ${formatFen(amount)} 元，超过大额阈值 ${formatFen(ctx.largeAmountFen)} 元` });
      }
    }

    if (!blank(row.creditCode)) {
      const code = row.creditCode as string;
      const problem = creditCodeProblem(code);
      if (problem) out.push({ code: 'CREDIT_CODE_INVALID', fields: ['creditCode'], message: problem });
      else if (!blank(row.purchaserType)) {
        const clash = purchaserTypeProblem(code, row.purchaserType as string);
        if (clash) out.push({ code: 'PURCHASER_TYPE_MISMATCH', fields: ['creditCode', 'purchaserType'], message: clash });
      }
    }

    if (!blank(row.originCode)) {
      const code = row.originCode as string;
      if (!ctx.isCounty(code)) out.push({ code: 'ORIGIN_UNKNOWN', fields: ['originCode'], message: `产地“${code}”不是有效的县级行政区划代码` });
      else {
        const year = validDate ? Number((row.date as string).slice(0, 4)) : undefined;
        if (!paired(code, year)) {
          out.push({ code: 'ORIGIN_NOT_PAIRED', fields: ['originCode'], message: `产地 ${code} 不在${year ? ` ${year} 年的` : ''}对口帮扶地区内` });
        }
      }
    }

    if (!blank(row.invoiceNo)) {
      const problem = invoiceProblems(row.invoiceNo as string, validDate ? row.date : null);
      if (problem) out.push({ code: 'INVOICE_FORMAT', fields: ['invoiceNo'], message: problem });
    }

    if (row.channel === '832平台' && blank(row.orderNo)) {
      out.push({ code: 'ORDER_NO_MISSING', fields: ['orderNo'], message: '832 平台采购未填写平台订单号' });
    }

    const prepaidIn = ([['channel', row.channel], ['productName', row.productName], ['remark', row.remark]] as const).filter(([, v]) => v && PREPAID.test(v));
    if (prepaidIn.length) {
      const word = PREPAID.exec(prepaidIn[0][1] as string)![0];
      out.push({ code: 'PREPAID_CARD', fields: prepaidIn.map(([f]) => f), message: `出现“${word}”：购卡或充值在实际消费之前不算消费帮扶` });
    }

    if (row.households === null || row.households === undefined) {
      const supplier = row.supplierName;
      if (supplier) {
        const kind = ctx.supplierKinds.get(supplier) ?? (supplier.includes('合作社') ? '合作社' : undefined);
        if (kind === '合作社' || kind === '农户') {
          out.push({ code: 'HOUSEHOLDS_MISSING', fields: ['households'], message: `供应商“${supplier}”是${kind}，未填写带动户数` });
        }
      }
    }
    return out;
  };
}
