/** Records made to trip each row rule, and near misses that must not (shared by two test files). */
import type { Values } from './helpers';

export interface Case {
  code: string;
  why: string;
  bad: Values;
  /** written with plain SQL: the app's own write path refuses such values */
  rawBad?: Record<string, unknown>;
  good: Values;
  /** the message must say this (the unit's own text, for what the import could not read) */
  message?: string;
}

export const CASES: Case[] = [
  { code: 'REQUIRED_MISSING', why: 'no purchaser', bad: { purchaserName: null }, good: { purchaserName: '上海市松江区中心医院' } },
  { code: 'REQUIRED_MISSING', why: 'no origin county', bad: { originCode: null }, good: { originCode: '532822' } },
  { code: 'REQUIRED_MISSING', why: 'no amount', bad: { amountFen: null, quantity: null, unitPrice: null }, good: { quantity: null, unitPrice: null } },
  { code: 'DATE_INVALID', why: 'before 2015', bad: { date: '2014-12-31', invoiceNo: null }, good: { date: '2015-01-01', invoiceNo: null } },
  { code: 'DATE_INVALID', why: 'not a real date (plain SQL)', bad: {}, rawBad: { date: '2021-02-30' }, good: { date: '2021-02-28' } },
  { code: 'DATE_INVALID', why: 'the unit wrote a date that does not exist (kept unread by the import)', bad: { date: null, invoiceNo: null }, rawBad: { unread_json: '{"date":"2021/11/31"}' }, good: { invoiceNo: null }, message: '日期“2021/11/31”' },
  { code: 'DATE_INVALID', why: 'the unit wrote a month and no day (kept unread by the import)', bad: { date: null, invoiceNo: null }, rawBad: { unread_json: '{"date":"2021-11"}' }, good: { invoiceNo: null }, message: '日期“2021-11”只写到月份（2021年11月），没有写哪一天' },
  { code: 'DATE_IN_FUTURE', why: 'after today', bad: { date: '2099-01-01', invoiceNo: null }, good: { date: '2021-11-30' } },
  { code: 'DATE_OUTSIDE_PERIOD', why: 'placed in October, dated November (plain SQL)', bad: {}, rawBad: { period: '2021-10' }, good: { date: '2021-10-31' } },
  { code: 'AMOUNT_NOT_POSITIVE', why: 'zero', bad: { amountFen: 0, quantity: null, unitPrice: null }, good: { amountFen: 1, quantity: null, unitPrice: null } },
  { code: 'AMOUNT_NOT_POSITIVE', why: 'negative, not marked as a refund', bad: { amountFen: -500, quantity: null, unitPrice: null }, good: { amountFen: -500, quantity: null, unitPrice: null, remark: '退款：质量问题退货' } },
  { code: 'AMOUNT_INVALID', why: 'the unit wrote an amount that is not a number', bad: { amountFen: null, quantity: null, unitPrice: null }, rawBad: { unread_json: '{"amountFen":"五百块"}' }, good: { quantity: null, unitPrice: null }, message: '金额（元）“五百块”无法识别为数字' },
  { code: 'AMOUNT_INVALID', why: 'the unit wrote a negative quantity (a return): a number, but not one the ledger keeps', bad: { quantity: null, unitPrice: null }, rawBad: { unread_json: '{"quantity":"-4"}' }, good: { quantity: null, unitPrice: null }, message: '数量“-4”是负数' },
  { code: 'AMOUNT_INVALID', why: 'the unit typed a comma for the decimal point (kept unread by the import)', bad: { amountFen: null, quantity: null, unitPrice: null }, rawBad: { unread_json: '{"amountFen":"12，5"}' }, good: { quantity: null, unitPrice: null }, message: '逗号不在千位上' },
  { code: 'AMOUNT_MISMATCH', why: '10 × 128.5 ≠ 1,300 元', bad: { amountFen: 130_000 }, good: { amountFen: 128_600 } },
  { code: 'AMOUNT_MISMATCH', why: 'more than 1 元 and 0.5% apart', bad: { quantity: 1000, unitPrice: 100, amountFen: 10_060_000 }, good: { quantity: 1000, unitPrice: 100, amountFen: 10_040_000 } },
  { code: 'CREDIT_CODE_INVALID', why: 'wrong check character', bad: { creditCode: '12310117425030498D' }, good: { creditCode: '12310117425030498B' } },
  { code: 'CREDIT_CODE_INVALID', why: 'wrong length', bad: { creditCode: '1231011742503049' }, good: { creditCode: null } },
  { code: 'ORIGIN_UNKNOWN', why: 'the unit wrote a prefecture, not a county (kept unread by the import): the message says so', bad: { originCode: null }, rawBad: { unread_json: '{"originCode":"云南省红河州"}' }, good: {}, message: '产地“云南省红河州”是地市，请写到县' },
  { code: 'ORIGIN_UNKNOWN', why: 'not a county (plain SQL)', bad: {}, rawBad: { origin_code: '539999' }, good: { originCode: '530602' } },
  { code: 'ORIGIN_NOT_PAIRED', why: 'a county outside the paired regions', bad: { originCode: '110101' }, good: { originCode: '653125' } },
  { code: 'VALUE_NOT_IN_LIST', why: 'a channel outside the list, recorded as 其他', bad: { channel: '其他' }, rawBad: { unread_json: '{"channel":"线下"}' }, good: { channel: '其他' }, message: '销售渠道“线下”不在列表中，已记为其他' },
  { code: 'INVOICE_FORMAT', why: 'neither 8 nor 20 digits', bad: { invoiceNo: '1234567' }, good: { invoiceNo: '12345678' } },
  { code: 'INVOICE_FORMAT', why: '数电 number of another year', bad: { invoiceNo: '20312000000012345678' }, good: { invoiceNo: '21312000000012345679' } },
  { code: 'INVOICE_FORMAT', why: 'old-style 发票代码 of 11 digits', bad: { invoiceNo: '31002111301:12345678' }, good: { invoiceNo: '3100211130:12345678' } },
  { code: 'PURCHASER_TYPE_MISMATCH', why: '12 事业单位 code on an enterprise', bad: { purchaserType: '国有企业' }, good: { purchaserType: '学校' } },
  { code: 'ORDER_NO_MISSING', why: '832平台 without order number', bad: { channel: '832平台' }, good: { channel: '832平台', orderNo: '83220211105000001' } },
  { code: 'LARGE_AMOUNT', why: 'above 100 万元', bad: { amountFen: 100_000_001, quantity: null, unitPrice: null }, good: { amountFen: 100_000_000, quantity: null, unitPrice: null } },
  { code: 'PREPAID_CARD', why: 'a shopping card', bad: { remark: '发放购物卡' }, good: { remark: '食堂采购' } },
  { code: 'PREPAID_CARD', why: 'a top-up as the product', bad: { productName: '帮扶馆会员充值' }, good: { productName: '帮扶馆普洱茶' } },
  { code: 'HOUSEHOLDS_MISSING', why: 'a cooperative without households', bad: { households: null }, good: { households: null, supplierName: '勐海县茶业有限公司' } },
];
