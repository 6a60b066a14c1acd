/**
 * A SQL condition that is true for every record a row rule could flag (and for few others), so
 * the record pass hands only candidates to the shared row rules instead of turning a million
 * rows into JavaScript values (which costs far more than SQLite evaluating the condition).
 * It must never be narrower than the rules: test/core/checks-prefilter.test.ts runs the rules
 * over every row with and without it and compares.
 */
import { normaliseCreditCode, purchaserTypesForCreditCode, validateCreditCode } from '../../../shared/credit-code';
import type { RowRuleContext } from '../../../shared/checks/row-rules';
import { isPaired } from '../../../shared/regions/paired';
import type { Db } from '../db/connection';
import type { Reference } from '../reference/reference';

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** JS trim() strips these (and more exotic spaces, which the field parsers never leave behind). */
const WHITESPACE = ' \t\n\r\u3000\u00a0\v\f';

/** A superset of "blank": empty, or starting with whitespace (cheaper than trimming every cell). */
function blank(col: string): string {
  return `(${col} IS NULL OR ${col} = '' OR unicode(${col}) IN (${[...WHITESPACE].map((c) => c.codePointAt(0)).join(', ')}))`;
}

function sqlText(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** CASE on the credit code's first two characters: true when the purchaser type contradicts it. */
function typeMismatchSql(): string {
  const arms: string[] = [];
  for (const a of CODE_CHARS) {
    for (const b of CODE_CHARS) {
      const allowed = purchaserTypesForCreditCode(`${a}${b}`);
      // Plain comparisons: an IN list inside CASE is rebuilt for every row (15 s per million).
      if (allowed) arms.push(`WHEN ${sqlText(a + b)} THEN ${allowed.map((t) => `r.purchaser_type != ${sqlText(t)}`).join(' AND ')}`);
    }
  }
  return `(r.purchaser_type IS NOT NULL AND r.credit_code IS NOT NULL AND (CASE upper(substr(r.credit_code, 1, 2)) ${arms.join(' ')} ELSE 0 END))`;
}

export interface Prefilter {
  sql: string;
  params: Record<string, string | number>;
}

export function buildPrefilter(db: Db, ctx: RowRuleContext, reference: Reference): Prefilter {
  // Distinct codes come off the credit-code index; the office has hundreds, not millions.
  const codes = db.prepare('SELECT DISTINCT credit_code FROM records WHERE credit_code IS NOT NULL').pluck().all() as string[];
  // Invalid codes, and any not in the normal form the rules compare in (the SQL below reads it raw).
  const badCodes = codes.filter((c) => c.trim() !== '' && (!validateCreditCode(c).ok || normaliseCreditCode(c) !== c));
  // Counties paired in every year need no look; any other code (unknown, unpaired, paired only some years) does.
  const alwaysPaired = reference.data.counties.map((c) => c.code).filter((code) => isPaired(code, ctx.paired) && ctx.paired.some((p) => p.fromYear === null && p.toYear === null && (p.code === code || p.code === `${code.slice(0, 4)}00`)));
  const smallholders = [...ctx.supplierKinds].filter(([, kind]) => kind === '合作社' || kind === '农户').map(([name]) => name);

  const conditions = [
    // REQUIRED_MISSING
    `${blank('r.purchaser_name')} OR ${blank('r.date')} OR ${blank('r.product_name')} OR r.amount_fen IS NULL OR ${blank('r.origin_code')}`,
    // DATE_INVALID, DATE_IN_FUTURE (date() is NULL for an impossible date and moves 02-30 to 03-02)
    `(r.date IS NOT NULL AND (date(r.date) IS NULL OR date(r.date) != r.date OR r.date < '2015-01-01' OR r.date > @today))`,
    // DATE_OUTSIDE_PERIOD
    `r.period IS NOT NULL`,
    // AMOUNT_NOT_POSITIVE, LARGE_AMOUNT, AMOUNT_MISMATCH (a superset: the 0.5% part is left to the rule)
    `r.amount_fen <= 0 OR r.amount_fen > @largeAmountFen`,
    `(r.quantity IS NOT NULL AND r.unit_price IS NOT NULL AND abs(r.quantity * r.unit_price * 100 - r.amount_fen) > 99)`,
    // CREDIT_CODE_INVALID, PURCHASER_TYPE_MISMATCH
    `r.credit_code IN (SELECT value FROM json_each(@badCodes))`,
    typeMismatchSql(),
    // ORIGIN_UNKNOWN, ORIGIN_NOT_PAIRED
    `(r.origin_code IS NOT NULL AND r.origin_code NOT IN (SELECT value FROM json_each(@alwaysPaired)))`,
    // INVOICE_FORMAT: anything but 8 digits, or 20 digits starting with the year's last two
    `(r.invoice_no IS NOT NULL AND NOT ((length(r.invoice_no) = 8 OR (length(r.invoice_no) = 20 AND substr(r.invoice_no, 1, 2) = substr(r.date, 3, 2))) AND r.invoice_no NOT GLOB '*[^0-9]*'))`,
    // ORDER_NO_MISSING
    `(r.channel = '832平台' AND ${blank('r.order_no')})`,
    // PREPAID_CARD (every word it looks for contains 卡 or 充值)
    ['r.channel', 'r.product_name', 'r.remark'].map((c) => `instr(${c}, '卡') > 0 OR instr(${c}, '充值') > 0`).join(' OR '),
    // HOUSEHOLDS_MISSING
    `(r.households IS NULL AND r.supplier_name IS NOT NULL AND (instr(r.supplier_name, '合作社') > 0 OR r.supplier_name IN (SELECT value FROM json_each(@smallholders))))`,
  ];
  return {
    sql: conditions.map((c) => `(${c})`).join('\n OR '),
    params: {
      today: ctx.today,
      largeAmountFen: ctx.largeAmountFen,
      badCodes: JSON.stringify(badCodes),
      alwaysPaired: JSON.stringify(alwaysPaired),
      smallholders: JSON.stringify(smallholders),
    },
  };
}
