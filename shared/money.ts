/**
 * Money is integer fen (分). Parsing accepts what people type in Excel/WPS:
 * thousands separators, full-width digits, currency signs, a trailing 元 or 万元.
 * It never rounds: a value with more precision than a fen is refused.
 */
import { toHalfWidth } from './text';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

/**
 * The largest amount the ledger takes, in fen: |amount| < 10^15 (9,999,999,999,999.99 元). Every
 * path must carry an amount exactly: a workbook cell is a double read back with 15 significant
 * digits (numberToPlainString), JSON a double, SQLite an int64; 15 digits is the narrowest of
 * them. (9,007,199,254,740,991 fen was accepted and exported, and its export could not be
 * re-imported.) A district buys about 1 亿元 (10^10 fen) a year, so no real record comes near.
 */
export const MAX_AMOUNT_FEN = 999_999_999_999_999;

/** The Chinese reason an amount in fen is out of bounds, or null. */
export function amountBoundProblem(fen: number | bigint): string | null {
  const abs = typeof fen === 'bigint' ? (fen < 0n ? -fen : fen) : Math.abs(fen);
  return abs > MAX_AMOUNT_FEN ? '金额超出可记账的范围（绝对值须小于 10 万亿元）' : null;
}

/** Parse a decimal string exactly into an integer count of 10^-scale units. */
export function parseScaledDecimal(text: string, scale: number): bigint | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const [, sign, whole, frac = ''] = m;
  const trimmedFrac = frac.replace(/0+$/, '');
  if (trimmedFrac.length > scale) return null;
  const units = BigInt(whole + trimmedFrac.padEnd(scale, '0'));
  return sign === '-' ? -units : units;
}

/**
 * '1,234.50' → 123450; '¥12' → 1200; '1.5万元' → 1500000; '-3' → -300.
 * `unit` says what a bare number means (a header `金额（万元）` gives '万元').
 */
export function parseAmountToFen(input: string | number, unit: '元' | '万元' = '元'): ParseResult<number> {
  let text = typeof input === 'number' ? numberToPlainString(input) : toHalfWidth(String(input)).trim();
  if (text === '') return { ok: false, message: '金额为空' };
  text = text.replace(/。/g, '.').replace(/[\s¥￥]/g, '').replace(/^RMB/i, '').replace(/^CNY/i, '');
  let scaleUnit = unit;
  if (/万元$|万$/.test(text)) {
    scaleUnit = '万元';
    text = text.replace(/万元$|万$/, '');
  } else if (/元$/.test(text)) {
    scaleUnit = '元';
    text = text.replace(/元$/, '');
  }
  const plain = withoutThousands(text);
  if (plain === null) return { ok: false, message: misplacedCommaMessage(`金额“${input}”`) };
  text = plain;
  // 1 元 = 100 fen (2 decimals); 1 万元 = 1,000,000 fen (6 decimals).
  const scale = scaleUnit === '万元' ? 6 : 2;
  const fen = parseScaledDecimal(text, scale);
  if (fen === null) {
    if (DECIMAL.test(text)) return { ok: false, message: `金额“${input}”精确到分以下，无法不经舍入记账` };
    return { ok: false, message: `“${input}”不是有效的金额` };
  }
  if (amountBoundProblem(fen)) return { ok: false, message: `“${input}”${amountBoundProblem(fen)}` };
  return { ok: true, value: Number(fen) };
}

/**
 * A number's text without its thousands separators, or null when a comma is anywhere else:
 * “12，5” is a decimal point typed as a comma, “1 234,50” a European amount; read as
 * separators they made 1,250 元 and 123,450 元 without a word. (Half-width text, spaces gone.)
 */
export function withoutThousands(text: string): string | null {
  if (!text.includes(',')) return text;
  return /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/.test(text) ? text.replace(/,/g, '') : null;
}

export const misplacedCommaMessage = (what: string): string => `${what}中的逗号不在千位上（应写作 1,234.50），无法确定数值`;

/** A JS number as a plain decimal string without exponent (Excel cells arrive as numbers). */
export function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // Excel stores 12.3 as 12.300000000000001 sometimes; 15 significant digits is Excel's own precision.
  const s = Number(n.toPrecision(15)).toString();
  if (!/e/i.test(s)) return s;
  return Number(n.toPrecision(15)).toFixed(20).replace(/\.?0+$/, '');
}

const yuanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 123450 → '1,234.50' (元). Integer arithmetic so huge sums stay exact. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  const text = `${yuanFormat.format(yuan).replace(/\.00$/, '')}.${String(cents).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** 123450 → '1234.50', for editing and export (no separators). */
export function fenToPlainYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const negative = fen < 0;
  const abs = Math.abs(fen);
  return `${negative ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
