/**
 * Header text → a comparable key, plus the amount unit the header states. Units write the
 * same header many ways: full-width letters, line breaks inside the cell (“采购\n金额”),
 * required-field marks (* ※ ★), numbering (“1、日期”), and units or notes in brackets
 * (“金额（万元）”, “数量(公斤)”, “日期（格式：2021-01-01）”, “（必填）”). Brackets are notes,
 * not names, so they are removed after the unit is taken from them.
 */
import { toHalfWidth } from '../../../shared/text';
import type { AmountUnit } from './types';

export interface NormalizedHeader {
  /** The key compared with the synonym table ('' when the cell holds no header text). */
  key: string;
  /** 万元 / 元 when the header says so (in brackets, after a slash, or as a suffix). */
  unit?: AmountUnit;
}

const OPEN = '(\\[{<《〔【「『';
const CLOSE = ')\\]}>》〕】」』';
const BRACKETED = new RegExp(`[${OPEN}]([^${OPEN}${CLOSE}]*)(?:[${CLOSE}]|$)`, 'g');

export function normalizeHeader(raw: string): NormalizedHeader {
  // NFKC folds full-width forms and circled numbers; toHalfWidth covers the ideographic space.
  let text = toHalfWidth(raw.normalize('NFKC'));
  let unit: AmountUnit | undefined;
  const takeUnit = (s: string): void => {
    if (unit) return;
    if (/万元|万/.test(s) && !/万人|万户/.test(s)) unit = '万元';
    else if (/(^|[^美欧日港])元/.test(s)) unit = '元';
  };
  // Nested or repeated brackets: strip innermost first until none remain.
  for (let i = 0; i < 4 && /[(\[{<《〔【「『]/.test(text); i++) {
    text = text.replace(BRACKETED, (_m, inner: string) => {
      takeUnit(inner);
      return ' ';
    });
  }
  text = text
    .toLowerCase()
    .replace(/[\s\u200b\ufeff]+/g, '')
    .replace(/[*※★☆●◆▲△■□✱✲#＃!！?？'"“”‘’`]/g, '')
    .replace(/^(\d{1,2}|[一二三四五六七八九十]{1,2})[.、．)]/, '')
    .replace(/(必填|选填|必填项|选填项)$/, '');
  // “金额/万元”, “金额 单位:万元”, “金额万元”, “单价元”: a unit stated outside brackets.
  const unitTail = /(?:[/:：,，\-]|单位[:：]?)?(?:人民币)?(万元|元)$/.exec(text);
  if (unitTail && unitTail.index >= 2) {
    takeUnit(unitTail[1]);
    text = text.slice(0, unitTail.index);
  }
  text = text.replace(/^[:：/、,，.\-_]+|[:：/、,，.\-_]+$/g, '');
  return unit ? { key: text, unit } : { key: text };
}
