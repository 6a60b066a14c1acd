/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
 * 0-9 and A-Y without I, O, S, V, Z; the last is a check character over the first 17.
 */
import { toHalfWidth } from './text';

export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ALPHABET = CREDIT_CODE_CHARS;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normaliseCreditCode(code: string): string {
  return toHalfWidth(code).replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 characters, or null if one is not in the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check];
}

export type CreditCodeCheck = { ok: true } | { ok: false; reason: 'length' | 'chars' | 'check'; message: string };

export function validateCreditCode(input: string): CreditCodeCheck {
  const code = normaliseCreditCode(input);
  if (code.length !== 18) return { ok: false, reason: 'length', message: `统一社会信用代码应为 18 位，“${input}”有 ${code.length} 位` };
  const bad = [...code].find((ch) => !ALPHABET.includes(ch));
  if (bad) return { ok: false, reason: 'chars', message: `统一社会信用代码不能含有“${bad}”（不使用 I、O、S、V、Z）` };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return { ok: false, reason: 'check', message: `统一社会信用代码“${code}”校验位不符（应为 ${expected}），请核对是否抄错` };
  return { ok: true };
}

/** A valid code from a 2-character prefix (registration authority + kind) and a body of 15. */
export function makeCreditCode(prefix2: string, body15: string): string {
  const first17 = `${prefix2}${body15}`.slice(0, 17);
  const check = creditCodeCheckChar(first17);
  if (check === null || first17.length !== 17) throw new Error(`cannot make a credit code from ${prefix2}${body15}`);
  return first17 + check;
}

/**
 * The purchaser types a code's first two characters allow (PURCHASER_TYPE_MISMATCH):
 * 11 机关, 12 事业单位, 51/52/53 社会组织, 81 工会, 91 企业, 92 个体户, 93 合作社.
 * null when the prefix says nothing we check.
 */
export function purchaserTypesForCreditCode(code: string): readonly string[] | null {
  const prefix = normaliseCreditCode(code).slice(0, 2);
  switch (prefix) {
    case '11':
      return ['党政机关'];
    case '12':
      return ['事业单位', '学校', '医疗卫生机构'];
    case '51':
    case '52':
    case '53':
      return ['社会组织'];
    case '81':
      return ['工会'];
    case '91':
      return ['国有企业', '民营企业', '外资企业'];
    case '92':
    case '93':
      return ['民营企业', '其他'];
    default:
      return null;
  }
}

/**
 * The one purchaser type a valid code's first two characters stand for, for a purchaser whose
 * file does not say (名录 fills itself from imports): 11 党政机关, 12 事业单位 (学校 and 医疗卫生机构
 * are kinds of it), 51–53 社会组织, 81 工会, 91 and 92 民营企业, 93 其他; null for any other prefix.
 * 91 says only "enterprise": the register does not tell state-owned from private. 民营企业 is the
 * default because state-owned and foreign-invested enterprises are the few the office knows by
 * name — the clerk sets those once in 名录, and imports never overwrite an entry. 92 (个体工商户)
 * is private business; 93 (农民专业合作社) has no type of its own, so 其他. Each choice is one of
 * the types purchaserTypesForCreditCode allows, so it never trips PURCHASER_TYPE_MISMATCH.
 */
export function purchaserTypeFromCreditCode(code: string): string | null {
  switch (normaliseCreditCode(code).slice(0, 2)) {
    case '11':
      return '党政机关';
    case '12':
      return '事业单位';
    case '51':
    case '52':
    case '53':
      return '社会组织';
    case '81':
      return '工会';
    case '91':
    case '92':
      return '民营企业';
    case '93':
      return '其他';
    default:
      return null;
  }
}
