/**
 * The checks that judge one record on its own (domain.md "The checks"), each written once, in
 * ROW_RULES below. Pure: the core runs them over every record of the ledger (checks/row-pass.ts
 * reads exactly the fields the rules say they read), the import preview over every row of a
 * file before anything is written, and the grid over the rows it shows, to mark cells.
 *
 * To add a rule: its code in codes.ts, one entry in ROW_RULES, one case in
 * test/checks/row-cases.ts (a test fails while a row-rule code has no case).
 *
 * `createRowChecker(ctx)` keeps small caches (dates, credit codes, counties) because a ledger
 * repeats the same few thousand values a million times.
 */
import { CREDIT_CODE_CHARS, normaliseCreditCode, purchaserTypesForCreditCode, validateCreditCode } from '../credit-code';
import { isRealDate, parseDate } from '../dates';
import type { RecordField } from '../domain/record';
import { invoiceFormatProblem, splitInvoiceNumbers } from '../invoice';
import { formatFen, misplacedCommaMessage, withoutThousands } from '../money';
import { toHalfWidth } from '../text';
import { FIELD_BY_KEY, type CountyResolver } from '../record-fields';
import { isPaired, type PairingEntry } from '../regions/paired';
import type { CheckCode } from './codes';

/**
 * What the unit wrote for fields the app could not read (left empty) or recorded as 其他:
 * field key → the unit's text (records.unread_json).
 */
export type UnreadCells = Partial<Record<RecordField, string>>;

/** The fields the row rules may read (a LedgerRecord has most; `period` and `unread` the database). */
export interface CheckRow {
  id: number;
  date: string | null;
  purchaserName: string | null;
  creditCode: string | null;
  purchaserType: string | null;
  productName: string | null;
  category?: string | null;
  originCode: string | null;
  supplierName: string | null;
  quantity: number | null;
  unitPrice: number | null;
  amountFen: number | null;
  channel: string | null;
  invoiceNo: string | null;
  households: number | null;
  personTimes?: number | null;
  kind?: string | null;
  orderNo: string | null;
  remark: string | null;
  period?: string | null;
  unread?: UnreadCells | null;
}
export type CheckField = Exclude<keyof CheckRow, 'id'>;

export interface RowRuleContext {
  /** ISO date of today (the office's local time) */
  today: string;
  isCounty(code: string): boolean;
  /** how messages name a county: '山东省潍坊市寿光市（370783）' (the bare code without it) */
  countyName?(code: string): string;
  /** the county resolver, for why a unit's origin text names no county (a prefecture, several places) */
  resolveCounty?: CountyResolver;
  paired: readonly PairingEntry[];
  /** LARGE_AMOUNT above this many fen */
  largeAmountFen: number;
  /** supplier name → kind (企业, 合作社, 农户) from the suppliers list */
  supplierKinds: ReadonlyMap<string, string>;
}

export interface RowIssue {
  code: CheckCode;
  /** the cells to mark in the grid and the preview */
  fields: (RecordField | 'period')[];
  message: string;
}

/** What a rule may ask besides the row: the context, and cached answers about repeated values. */
export interface RuleEnv {
  ctx: RowRuleContext;
  /** null when fine, else why the stored date is not a real date from 2015 on */
  dateProblem(date: string): string | null;
  /** the year of a stored date that is real, else undefined */
  validYear(row: CheckRow): number | undefined;
  creditCodeProblem(code: string): string | null;
  typeClash(code: string, type: string): string | null;
  paired(code: string, year: number | undefined): boolean;
  invoiceProblem(text: string, date: string | null): string | null;
}

/**
 * What a rule may use to say, in SQL, which records it could flag (checks/prefilter.ts builds
 * it for SQLite). The whole-ledger pass reads only the records some rule's condition selects:
 * turning a million rows into JavaScript values costs far more than SQLite testing a condition.
 */
export interface CandidateSql {
  /** the field's column (`NULL` where the ledger has no such column yet) */
  col(field: CheckField): string;
  /** true for every blank value (and a few more: cheaper than trimming every cell) */
  blank(field: CheckField): string;
  /** binds a value; returns its placeholder */
  value(v: string | number): string;
  /** `expr IN (…)`, the list bound as one JSON parameter */
  inList(expr: string, values: readonly string[]): string;
  /** the distinct non-blank values of a column (read off its index) */
  distinct(field: CheckField): string[];
  /*
   * Spellings that differ between a ledger file (SQLite) and a PostgreSQL ledger, so a rule's
   * condition runs on both (core/db/dialect-sql.ts).
   */
  /** `text` (a SQL string literal) occurs in `expr`: instr / strpos */
  contains(expr: string, text: string): string;
  /** `a IS NOT b`, NULL counting as a value */
  isDistinct(a: string, b: string): string;
  /** a constant false (SQLite 0, PostgreSQL false) */
  never: string;
  /** `expr` holds a character that is not an ASCII digit */
  hasNonDigit(expr: string): string;
  /**
   * true for every `expr` that is not a valid ISO date (YYYY-MM-DD), and possibly for some that
   * are (a superset is fine): SQLite asks date(); PostgreSQL, which has no lenient date(), a pattern
   */
  notIsoDate(expr: string): string;
}

export interface RowRule {
  code: CheckCode;
  /** every field `check` reads: the whole-ledger pass reads exactly these columns */
  reads: readonly CheckField[];
  /** at most one issue per rule and row (several cells go in `fields`) */
  check(row: CheckRow, env: RuleEnv): RowIssue | null;
  /**
   * A SQL condition true for EVERY record `check` could flag (a superset is fine; narrower is a
   * bug, caught by test/checks/prefilter.test.ts over every rule's case). Judge with `check`'s
   * own helpers where the values are few (distinct codes, counties). Leave it out and the pass
   * simply reads every record for all rules: slower, never wrong.
   */
  candidates?(q: CandidateSql, env: RuleEnv): string;
}

const REQUIRED: [RecordField, string][] = [
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
/** The pick-list fields: a value outside the list is recorded as 其他 (or left empty) with the unit's word kept. */
const LIST_FIELDS = ['channel', 'category', 'purchaserType', 'kind'] as const;
/** The number fields: what the unit wrote there could not be read as a number. */
const NUMBER_FIELDS = ['amountFen', 'quantity', 'unitPrice', 'households', 'personTimes'] as const;

function blank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/**
 * One issue over the fields whose unit's text the import could not read (records.unread_json)
 * and that are still `open` (the clerk has not since filled them), each named with that text.
 */
function unreadIssue<F extends RecordField>(
  code: CheckCode,
  row: CheckRow,
  fields: readonly F[],
  open: (f: F) => boolean,
  say: (f: F, text: string) => string,
): RowIssue | null {
  const unread = row.unread;
  if (!unread) return null;
  const still = fields.filter((f) => unread[f] !== undefined && open(f));
  return still.length ? { code, fields: [...still], message: still.map((f) => say(f, unread[f]!)).join('；') } : null;
}

/**
 * Why a number the unit wrote was not kept: not a number at all, a comma off the thousands
 * (12，5 typed for 12.5), or a negative one — a quantity or price of a return (“-4”) is a number
 * the clerk can read, and “无法识别” would send them looking for a typo. Only the amount may be negative (AMOUNT_NOT_POSITIVE says how).
 */
function unreadNumberMessage(field: RecordField, text: string): string {
  const label = FIELD_BY_KEY[field].label;
  const bare = toHalfWidth(text).replace(/[\s¥￥]/g, '').replace(/万?元$/, '');
  const plain = withoutThousands(bare);
  if (plain === null && /^[-+]?[\d,.]+$/.test(bare)) return `${misplacedCommaMessage(`${label}“${text}”`)}，台账中这一格暂为空`;
  if (NEGATIVE_NUMBER.test(plain ?? bare)) return `${label}“${text}”是负数，台账中这一格暂为空（退货请将金额记为负数，并在备注中注明退款）`;
  return `${label}“${text}”无法识别为数字`;
}
const NEGATIVE_NUMBER = /^[-−－]\d+(\.\d+)?$/;

/** Why the unit's date was not read, as the parser says it (only to the month, two readings, no such day). */
function unreadDateMessage(text: string): string {
  const parsed = parseDate(text);
  return parsed.ok ? `日期“${text}”不是真实存在的日期或无法识别` : `日期${parsed.message}`;
}

/**
 * Why the unit's origin names no county: the resolver's reason when it has one to give (“云南省红河州”
 * 是地市，请写到县…; “X”有多处：…), else that it is no county at all.
 */
function unreadOriginMessage(text: string, resolve: CountyResolver | undefined): string {
  const found = resolve?.(text);
  return found && 'error' in found && found.error.startsWith('“') ? `产地${found.error}` : `产地“${text}”不是可识别的县级行政区`;
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

const present = (v: unknown) => v !== null && v !== undefined;

/** The credit-code prefixes that say which purchaser types they allow (PURCHASER_TYPE_MISMATCH). */
const CODE_PREFIXES = [...CREDIT_CODE_CHARS].flatMap((a) => [...CREDIT_CODE_CHARS].map((b) => a + b)).filter((p) => purchaserTypesForCreditCode(p));

/** The rules, in the order their issues are listed for one row. */
export const ROW_RULES: readonly RowRule[] = [
  {
    code: 'REQUIRED_MISSING',
    reads: ['purchaserName', 'date', 'productName', 'amountFen', 'originCode', 'unread'],
    check(row) {
      // A field the unit filled but the app could not read has its own finding, with the unit's text.
      const missing = REQUIRED.filter(([f]) => blank(row[f as CheckField]) && !row.unread?.[f]);
      return missing.length ? { code: 'REQUIRED_MISSING', fields: missing.map(([f]) => f), message: `缺少${missing.map(([, l]) => l).join('、')}` } : null;
    },
    candidates: (q) => `${q.blank('purchaserName')} OR ${q.blank('date')} OR ${q.blank('productName')} OR ${q.col('amountFen')} IS NULL OR ${q.blank('originCode')}`,
  },
  {
    code: 'DATE_INVALID',
    reads: ['date', 'unread'],
    check(row, env) {
      const unread = row.unread?.date;
      if (unread !== undefined && blank(row.date)) return { code: 'DATE_INVALID', fields: ['date'], message: unreadDateMessage(unread) };
      const problem = blank(row.date) ? null : env.dateProblem(row.date as string);
      return problem ? { code: 'DATE_INVALID', fields: ['date'], message: problem } : null;
    },
    // date() is NULL for an impossible date and moves 02-30 to 03-02
    candidates: (q) => `${q.col('unread')} IS NOT NULL OR (${q.col('date')} IS NOT NULL AND (${q.notIsoDate(q.col('date'))} OR ${q.col('date')} < '${EARLIEST_YEAR}-01-01'))`,
  },
  {
    code: 'DATE_IN_FUTURE',
    reads: ['date'],
    check(row, env) {
      if (env.validYear(row) === undefined || (row.date as string) <= env.ctx.today) return null;
      return { code: 'DATE_IN_FUTURE', fields: ['date'], message: `日期 ${row.date} 晚于今天（${env.ctx.today}）` };
    },
    candidates: (q, env) => `${q.col('date')} > ${q.value(env.ctx.today)}`,
  },
  {
    code: 'DATE_OUTSIDE_PERIOD',
    reads: ['date', 'period'],
    check(row, env) {
      if (!row.period || env.validYear(row) === undefined || (row.date as string).slice(0, 7) === row.period) return null;
      return { code: 'DATE_OUTSIDE_PERIOD', fields: ['date', 'period'], message: `记录归入 ${row.period}，但日期是 ${row.date}` };
    },
    // imports place every record of a month's sheet: only those dated elsewhere are candidates
    candidates: (q) => `(${q.col('period')} IS NOT NULL AND ${q.isDistinct(`substr(${q.col('date')}, 1, 7)`, q.col('period'))})`,
  },
  {
    code: 'AMOUNT_NOT_POSITIVE',
    reads: ['amountFen', 'remark'],
    check(row) {
      const amount = row.amountFen;
      if (!present(amount) || !(amount === 0 || ((amount as number) < 0 && !(row.remark && REFUND.test(row.remark))))) return null;
      return { code: 'AMOUNT_NOT_POSITIVE', fields: ['amountFen'], message: amount === 0 ? '金额为 0' : `金额为负数（${formatFen(amount as number)} 元），退款须在备注中注明` };
    },
    candidates: (q) => `${q.col('amountFen')} <= 0`,
  },
  {
    code: 'AMOUNT_INVALID',
    reads: ['unread', ...NUMBER_FIELDS],
    // a number the clerk has since entered is read (the unit's text stays in source_json)
    check: (row) => unreadIssue('AMOUNT_INVALID', row, NUMBER_FIELDS, (f) => blank(row[f]), unreadNumberMessage),
    candidates: (q) => `${q.col('unread')} IS NOT NULL`,
  },
  {
    code: 'AMOUNT_MISMATCH',
    reads: ['quantity', 'unitPrice', 'amountFen'],
    check(row) {
      const { quantity, unitPrice, amountFen: amount } = row;
      if (!present(amount) || !present(quantity) || !present(unitPrice) || !amountMismatch(quantity as number, unitPrice as number, amount as number)) return null;
      const expected = Math.round((quantity as number) * (unitPrice as number) * 100);
      return {
        code: 'AMOUNT_MISMATCH',
        fields: ['quantity', 'unitPrice', 'amountFen'],
        message: `数量 ${quantity} × 单价 ${unitPrice} = ${formatFen(expected)} 元，与金额 ${formatFen(amount as number)} 元不符`,
      };
    },
    // a superset: the 0.5% part is left to the rule
    candidates: (q) => `(${q.col('quantity')} IS NOT NULL AND ${q.col('unitPrice')} IS NOT NULL AND abs(${q.col('quantity')} * ${q.col('unitPrice')} * 100 - ${q.col('amountFen')}) > 99)`,
  },
  {
    code: 'LARGE_AMOUNT',
    reads: ['amountFen'],
    check(row, env) {
      const amount = row.amountFen;
      if (!present(amount) || (amount as number) <= env.ctx.largeAmountFen) return null;
      return { code: 'LARGE_AMOUNT', fields: ['amountFen'], message: `单笔 ${formatFen(amount as number)} 元，超过大额阈值 ${formatFen(env.ctx.largeAmountFen)} 元` };
    },
    candidates: (q, env) => `${q.col('amountFen')} > ${q.value(env.ctx.largeAmountFen)}`,
  },
  {
    code: 'CREDIT_CODE_INVALID',
    reads: ['creditCode'],
    check(row, env) {
      const problem = blank(row.creditCode) ? null : env.creditCodeProblem(row.creditCode as string);
      return problem ? { code: 'CREDIT_CODE_INVALID', fields: ['creditCode'], message: problem } : null;
    },
    candidates: (q, env) => q.inList(q.col('creditCode'), q.distinct('creditCode').filter((c) => env.creditCodeProblem(c))),
  },
  {
    code: 'PURCHASER_TYPE_MISMATCH',
    reads: ['creditCode', 'purchaserType'],
    check(row, env) {
      if (blank(row.creditCode) || blank(row.purchaserType) || env.creditCodeProblem(row.creditCode as string)) return null;
      const clash = env.typeClash(row.creditCode as string, row.purchaserType as string);
      return clash ? { code: 'PURCHASER_TYPE_MISMATCH', fields: ['creditCode', 'purchaserType'], message: clash } : null;
    },
    candidates(q) {
      // CASE on the code's first two characters; codes not written in their normal form are read by the rule.
      const arms: string[] = [];
      for (const prefix of CODE_PREFIXES) {
        const allowed = purchaserTypesForCreditCode(prefix)!;
        // Plain comparisons: an IN list inside CASE is rebuilt for every row.
        arms.push(`WHEN '${prefix}' THEN ${allowed.map((t) => `${q.col('purchaserType')} != '${t}'`).join(' AND ')}`);
      }
      const odd = q.distinct('creditCode').filter((c) => normaliseCreditCode(c) !== c);
      return `(${q.col('purchaserType')} IS NOT NULL AND ${q.col('creditCode')} IS NOT NULL AND (CASE substr(${q.col('creditCode')}, 1, 2) ${arms.join(' ')} ELSE ${q.never} END)) OR ${q.inList(q.col('creditCode'), odd)}`;
    },
  },
  {
    code: 'ORIGIN_UNKNOWN',
    reads: ['originCode', 'unread'],
    check(row, env) {
      const unread = row.unread?.originCode;
      if (unread !== undefined && blank(row.originCode)) return { code: 'ORIGIN_UNKNOWN', fields: ['originCode'], message: unreadOriginMessage(unread, env.ctx.resolveCounty) };
      if (blank(row.originCode) || env.ctx.isCounty(row.originCode as string)) return null;
      return { code: 'ORIGIN_UNKNOWN', fields: ['originCode'], message: `产地“${row.originCode}”不是有效的县级行政区划代码` };
    },
    candidates: (q, env) => `${q.col('unread')} IS NOT NULL OR ${q.inList(q.col('originCode'), q.distinct('originCode').filter((c) => !env.ctx.isCounty(c)))}`,
  },
  {
    code: 'ORIGIN_NOT_PAIRED',
    reads: ['originCode', 'date'],
    check(row, env) {
      const code = row.originCode;
      if (blank(code) || !env.ctx.isCounty(code as string)) return null;
      const year = env.validYear(row);
      if (env.paired(code as string, year)) return null;
      const name = env.ctx.countyName ? env.ctx.countyName(code as string) : `${code} `; // '…（370783）' needs no space after it
      return { code: 'ORIGIN_NOT_PAIRED', fields: ['originCode'], message: `产地 ${name}不是${year ? ` ${year} 年的` : ''}对口帮扶地区` };
    },
    // Counties paired in every year need no look; any other (unknown, unpaired, paired only some years) does.
    candidates: (q, env) =>
      q.inList(q.col('originCode'), q.distinct('originCode').filter((c) => !env.ctx.isCounty(c) || !env.ctx.paired.some((p) => p.fromYear === null && p.toYear === null && (p.code === c || p.code === `${c.slice(0, 4)}00`)))),
  },
  {
    code: 'VALUE_NOT_IN_LIST',
    reads: ['unread', 'channel', 'category', 'purchaserType', 'kind'],
    // a value the clerk has since picked from the list is read; 其他 or empty still asks
    check: (row) =>
      unreadIssue(
        'VALUE_NOT_IN_LIST',
        row,
        LIST_FIELDS,
        (f) => blank(row[f]) || row[f] === '其他',
        (f, text) => `${FIELD_BY_KEY[f].label}“${text}”不在列表中，${row[f] === '其他' ? '已记为其他' : '暂未填写'}`,
      ),
    candidates: (q) => `${q.col('unread')} IS NOT NULL`,
  },
  {
    code: 'INVOICE_FORMAT',
    reads: ['invoiceNo', 'date'],
    check(row, env) {
      if (blank(row.invoiceNo)) return null;
      const problem = env.invoiceProblem(row.invoiceNo as string, env.validYear(row) !== undefined ? row.date : null);
      return problem ? { code: 'INVOICE_FORMAT', fields: ['invoiceNo'], message: problem } : null;
    },
    // anything but 8 digits, or 20 digits starting with the year's last two
    candidates: (q) => {
      const [no, date] = [q.col('invoiceNo'), q.col('date')];
      return `(${no} IS NOT NULL AND NOT ((length(${no}) = 8 OR (length(${no}) = 20 AND substr(${no}, 1, 2) = substr(${date}, 3, 2))) AND NOT ${q.hasNonDigit(no)}))`;
    },
  },
  {
    code: 'ORDER_NO_MISSING',
    reads: ['channel', 'orderNo'],
    check(row) {
      return row.channel === '832平台' && blank(row.orderNo) ? { code: 'ORDER_NO_MISSING', fields: ['orderNo'], message: '832 平台采购未填写平台订单号' } : null;
    },
    candidates: (q) => `(${q.col('channel')} = '832平台' AND ${q.blank('orderNo')})`,
  },
  {
    code: 'PREPAID_CARD',
    reads: ['channel', 'productName', 'remark'],
    check(row) {
      const prepaidIn = ([['channel', row.channel], ['productName', row.productName], ['remark', row.remark]] as const).filter(([, v]) => v && PREPAID.test(v));
      if (!prepaidIn.length) return null;
      const word = PREPAID.exec(prepaidIn[0][1] as string)![0];
      return { code: 'PREPAID_CARD', fields: prepaidIn.map(([f]) => f), message: `出现“${word}”：购卡或充值在实际消费之前不算消费帮扶` };
    },
    // every word it looks for contains 卡 or 充值
    candidates: (q) => (['channel', 'productName', 'remark'] as const).map((f) => `${q.contains(q.col(f), "'卡'")} OR ${q.contains(q.col(f), "'充值'")}`).join(' OR '),
  },
  {
    code: 'HOUSEHOLDS_MISSING',
    reads: ['households', 'supplierName'],
    check(row, env) {
      const supplier = row.supplierName;
      if (present(row.households) || !supplier) return null;
      const kind = env.ctx.supplierKinds.get(supplier) ?? (supplier.includes('合作社') ? '合作社' : undefined);
      if (kind !== '合作社' && kind !== '农户') return null;
      return { code: 'HOUSEHOLDS_MISSING', fields: ['households'], message: `供应商“${supplier}”是${kind}，未填写带动户数` };
    },
    candidates(q, env) {
      const smallholders = [...env.ctx.supplierKinds].filter(([, kind]) => kind === '合作社' || kind === '农户').map(([name]) => name);
      const supplier = q.col('supplierName');
      return `(${q.col('households')} IS NULL AND ${supplier} IS NOT NULL AND (${q.contains(supplier, "'合作社'")} OR ${q.inList(supplier, smallholders)}))`;
    },
  },
];

export const ROW_RULE_CODES: readonly CheckCode[] = [...new Set(ROW_RULES.map((r) => r.code))];

/** Every field some rule reads, once (what the whole-ledger pass selects). */
export const ROW_RULE_READS: readonly CheckField[] = [...new Set(ROW_RULES.flatMap((r) => r.reads))];

const NO_ISSUES: RowIssue[] = [];

/** The rules' helpers over one context, with their caches (one per run, grid or preview). */
export function createRuleEnv(ctx: RowRuleContext): RuleEnv {
  const dates = new Map<string, string | null>();
  const creditCodes = new Map<string, string | null>();
  const typeClashes = new Map<string, string | null>();
  const pairing = new Map<string, boolean>();
  const invoices = new Map<string, string | null>();

  const env: RuleEnv = {
    ctx,
    dateProblem(date) {
      let hit = dates.get(date);
      if (hit === undefined) {
        hit = dateProblem(date);
        if (dates.size < 100_000) dates.set(date, hit);
      }
      return hit;
    },
    validYear(row) {
      return blank(row.date) || env.dateProblem(row.date as string) ? undefined : Number((row.date as string).slice(0, 4));
    },
    creditCodeProblem(code) {
      let hit = creditCodes.get(code);
      if (hit === undefined) {
        const r = validateCreditCode(code);
        creditCodes.set(code, (hit = r.ok ? null : r.message));
      }
      return hit;
    },
    typeClash(code, type) {
      const key = `${code}\u0000${type}`;
      let hit = typeClashes.get(key);
      if (hit === undefined) {
        const allowed = purchaserTypesForCreditCode(code);
        hit = allowed && !allowed.includes(type) ? `代码前两位“${code.slice(0, 2)}”对应${allowed.join('或')}，与主体类型“${type}”不符` : null;
        typeClashes.set(key, hit);
      }
      return hit;
    },
    paired(code, year) {
      const key = `${code}:${year ?? ''}`;
      let hit = pairing.get(key);
      if (hit === undefined) pairing.set(key, (hit = isPaired(code, ctx.paired, year)));
      return hit;
    },
    invoiceProblem(text, date) {
      // The common shapes, without a regular expression: 8 digits, or 20 starting with the year.
      if (isDigits(text) && (text.length === 8 || (text.length === 20 && (!date || (text.charCodeAt(0) === date.charCodeAt(2) && text.charCodeAt(1) === date.charCodeAt(3)))))) return null;
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
    },
  };
  return env;
}

export function createRowChecker(ctx: RowRuleContext, env: RuleEnv = createRuleEnv(ctx)): (row: CheckRow) => RowIssue[] {
  return (row) => {
    let out = NO_ISSUES;
    for (const rule of ROW_RULES) {
      const issue = rule.check(row, env);
      if (issue) {
        if (out === NO_ISSUES) out = [];
        out.push(issue);
      }
    }
    return out;
  };
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text.length > 0;
}
