/**
 * 大写 amounts (“壹仟贰佰叁拾肆元伍角整”), which some units copy from invoices. Cheap to read:
 * returns a plain decimal 元 string for parseAmountToFen, or null when the text is not one.
 */
const DIGITS = new Map<string, number>([
  ['零', 0], ['〇', 0], ['壹', 1], ['一', 1], ['贰', 2], ['二', 2], ['两', 2], ['叁', 3], ['三', 3], ['肆', 4], ['四', 4],
  ['伍', 5], ['五', 5], ['陆', 6], ['六', 6], ['柒', 7], ['七', 7], ['捌', 8], ['八', 8], ['玖', 9], ['九', 9],
]);
const SMALL = new Map<string, number>([['拾', 10], ['十', 10], ['佰', 100], ['百', 100], ['仟', 1000], ['千', 1000]]);
const BIG = new Map<string, number>([['万', 10_000], ['亿', 100_000_000]]);

export function chineseAmountToYuan(input: string): string | null {
  const text = input.replace(/\s+/g, '').replace(/^(人民币|¥|￥)/, '').replace(/[整正]$/, '');
  if (!/^[零〇壹一贰二两叁三肆四伍五陆六柒七捌八玖九拾十佰百仟千万亿圆元角分]+$/.test(text)) return null;
  if (!/[圆元角分]/.test(text)) return null;
  const m = /^(.*?)(?:[圆元](.*))?$/.exec(text);
  if (!m) return null;
  let integerPart = m[1];
  let fractionPart = m[2] ?? '';
  if (!/[圆元]/.test(text)) {
    // Only 角/分: “伍角” is 0.5 元.
    fractionPart = integerPart;
    integerPart = '';
  }
  const yuan = integerPart === '' ? 0 : readInteger(integerPart);
  if (yuan === null) return null;
  let jiao = 0;
  let fen = 0;
  const f = /^零?(?:([^角分])角)?零?(?:([^角分])分)?$/.exec(fractionPart);
  if (!f) return null;
  if (f[1] !== undefined) {
    const d = DIGITS.get(f[1]);
    if (d === undefined) return null;
    jiao = d;
  }
  if (f[2] !== undefined) {
    const d = DIGITS.get(f[2]);
    if (d === undefined) return null;
    fen = d;
  }
  return `${yuan}.${jiao}${fen}`;
}

/**
 * A whole number written in everyday numerals with what follows it (十箱, 两, 一百二十, 三户): a
 * quantity or a count of households as some units type it; null when the text is anything else.
 */
export function chineseCount(text: string): { value: number; after: string } | null {
  const m = /^\s*([零〇一二两三四五六七八九十百千万]+)\s*([^\d\s零〇一二两三四五六七八九十百千万]{0,4})\s*$/.exec(text);
  const value = m ? readInteger(m[1]) : null;
  return value === null ? null : { value, after: m![2] };
}

function readInteger(text: string): number | null {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of text) {
    const d = DIGITS.get(ch);
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const s = SMALL.get(ch);
    if (s !== undefined) {
      section += (digit === 0 && s === 10 ? 1 : digit) * s;
      digit = 0;
      continue;
    }
    const b = BIG.get(ch);
    if (b !== undefined) {
      total += (section + digit) * b;
      section = 0;
      digit = 0;
      continue;
    }
    return null;
  }
  const value = total + section + digit;
  return Number.isSafeInteger(value) ? value : null;
}
