/**
 * The unit's own sheet computes 金额 = 数量 × 单价 (and some compute 单价 = 金额 ÷ 数量): when a
 * clerk fills two of the three and the third is empty, the grid fills it in the same change
 * (one undo step) and says so. Exact arithmetic: quantity and unit price are decimals of at
 * most 4 places, taken as scaled integers; the amount is integer fen; a result finer than a fen
 * (or than 4 places of unit price) is rounded half up, and the note says it was.
 */
import { formatFen, numberToPlainString, parseScaledDecimal } from '../../../shared/money';

export interface MoneyFields {
  quantity: number | null;
  unitPrice: number | null;
  amountFen: number | null;
}

export interface Derived {
  values: Partial<MoneyFields>;
  /** what the clerk is told, in Chinese */
  note: string;
}

const SCALE = 4; // decimals kept for quantity and unit price
const TEN_4 = 10n ** 4n;

function scaled(n: number): bigint | null {
  return parseScaledDecimal(numberToPlainString(n), SCALE);
}

/** a / b rounded half up, for non-negative a and positive b */
function divRound(a: bigint, b: bigint): { value: bigint; exact: boolean } {
  const q = a / b;
  const r = a % b;
  return { value: r * 2n >= b ? q + 1n : q, exact: r === 0n };
}

function scaledToNumber(v: bigint): number {
  const whole = v / TEN_4;
  const frac = (v % TEN_4).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return Number(frac ? `${whole}.${frac}` : `${whole}`);
}

/**
 * `before` is the record as it was; `changed` the values the clerk just wrote. Returns the
 * value to fill in, or null when nothing is to be derived (all three given, or too few).
 */
export function deriveMoney(before: MoneyFields, changed: Partial<MoneyFields>): Derived | null {
  const after: MoneyFields = { ...before, ...changed };
  const touched = (k: keyof MoneyFields) => k in changed && changed[k] !== null;
  const q = after.quantity === null ? null : scaled(after.quantity);
  const p = after.unitPrice === null ? null : scaled(after.unitPrice);

  if (after.amountFen === null && q !== null && p !== null && (touched('quantity') || touched('unitPrice'))) {
    // q and p are in 10^-4; their product in 10^-8 元; a fen is 10^-2 元
    const { value, exact } = divRound(q * p, 10n ** 6n);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    const fen = Number(value);
    return { values: { amountFen: fen }, note: `已按 数量 × 单价 算出金额 ${formatFen(fen)} 元${exact ? '' : '（已四舍五入到分）'}` };
  }
  if (after.unitPrice === null && q !== null && q > 0n && after.amountFen !== null && after.amountFen >= 0 && (touched('amountFen') || touched('quantity'))) {
    // unit price in 10^-4 元 = fen × 10^2 × 10^4 / (q in 10^-4)
    const { value, exact } = divRound(BigInt(after.amountFen) * 10n ** 6n, q);
    const price = scaledToNumber(value);
    return {
      values: { unitPrice: price },
      note: `已按 金额 ÷ 数量 算出单价 ${numberToPlainString(price)} 元${exact ? '' : '（已四舍五入到 4 位小数）'}`,
    };
  }
  return null;
}

