/**
 * A workbook cell → the input the one field parser (parseFieldValue) takes. The parser knows
 * what people type; this file knows what workbooks store:
 * - date cells are serials in the workbook's own date system (1900 or 1904), converted here
 *   because parseFieldValue assumes 1900; an 8-digit number 20211105 is a typed date, not a serial;
 * - an amount under a 万元 header gets the unit appended, unless the cell states its own (“1.2万”, “800元”);
 *   大写 amounts are read into digits;
 * - codes (credit code, invoice, order number) are taken as the digits the unit sees, never
 *   re-printed from a float;
 * - quantities like “10箱” give the number and the unit; prices like “12.5元/斤” give the number;
 * - closed lists go through the alias table.
 */
import type { FieldDef } from '../../../shared/record-fields';
import { excelSerialToIso, isoDate, isRealDate } from '../../../shared/dates';
import { describePeriod, type SheetPeriod } from './sheet-period';
import { numberToPlainString } from '../../../shared/money';
import { toHalfWidth } from '../../../shared/text';
import { chineseAmountToYuan, chineseCount } from './chinese-amount';
import { restoreNeutralizedText } from './formula-text';
import { aliasEnumValue } from './value-aliases';
import type { AmountUnit, Cell } from './types';

export type CellInput =
  | { ok: true; input: string | number; warning?: string; unitText?: string; yearFilled?: true }
  | { ok: false; message: string; needsYear?: boolean };

export interface CellContext {
  date1904: boolean;
  /** What a bare number in the amount column means. */
  unit: AmountUnit;
  /** The sheet's stated period: the year for dates written without one, the months to check them by. */
  period?: SheetPeriod;
}

/** Serial 2958465 is 9999-12-31 in the 1900 system. */
const MAX_SERIAL = 2_958_465;

export function cellToInput(field: FieldDef, cell: Cell, ctx: CellContext): CellInput {
  const { v } = cell;
  const shown = cell.w.trim();
  switch (field.kind) {
    case 'date': {
      if (typeof v === 'number' && !cell.date && v > 1 && v < 13 && !Number.isInteger(v)) {
        // “11.5” typed into a general cell is the number 11.5: month 11, day 5 (11.1 may be 11.10).
        const [mm, dd = ''] = numberToPlainString(v).split('.');
        const day = Number(dd);
        if (dd.length === 1 && isRealDate(2000, Number(mm), day * 10)) {
          return { ok: false, message: `日期“${shown}”可能是 ${mm}月${day}日，也可能是 ${mm}月${day * 10}日，请写明` };
        }
        return yearlessDate(Number(mm), day, shown, ctx.period);
      }
      if (typeof v === 'number' && !cell.date && !Number.isInteger(v) && v >= 2000 && v < 2100) {
        // “2021.11” typed into a general cell: a year and a month, not a serial of 1905
        return { ok: false, message: `日期“${shown}”只写到月份，没有写哪一天` };
      }
      if (typeof v === 'number') {
        if (Number.isInteger(v) && v >= 19_000_101 && v <= 99_991_231) {
          const y = Math.floor(v / 10_000);
          const m = Math.floor(v / 100) % 100;
          const d = v % 100;
          if (isRealDate(y, m, d)) return { ok: true, input: String(v) };
        }
        if (v >= 1 && v <= MAX_SERIAL) {
          const iso = excelSerialToIso(v, ctx.date1904);
          if (iso) return { ok: true, input: iso };
        }
        return { ok: false, message: `日期“${shown}”不是有效的日期` };
      }
      const text = normalizeDateText(String(v ?? shown));
      const md = /^(\d{1,2})\s*(?:月\s*(\d{1,2})\s*日?|[./\-](\d{1,2}))$/.exec(text);
      if (md) return yearlessDate(Number(md[1]), Number(md[2] ?? md[3]), String(v ?? shown).trim(), ctx.period);
      return { ok: true, input: text };
    }
    case 'money': {
      if (typeof v === 'number') return { ok: true, input: ctx.unit === '万元' ? `${numberToPlainString(v)}万元` : v };
      const text = toHalfWidth(String(v ?? shown)).trim();
      const upper = chineseAmountToYuan(text);
      if (upper !== null) return { ok: true, input: `${upper}元` };
      // Accounting negatives “(1,234.00)” are refunds: keep the sign, the checks report it.
      const t = /^\((.+)\)$/.test(text) ? `-${text.slice(1, -1)}` : text;
      if (ctx.unit === '万元' && !/(万元|万|元)\s*$/.test(t)) return { ok: true, input: `${t}万元` };
      return { ok: true, input: t };
    }
    case 'code': {
      if (typeof v === 'number') {
        // The digits as displayed (a “00000000” format keeps leading zeros) when they are the value.
        if (/^\d+$/.test(shown) && Number(shown) === v) return { ok: true, input: shown };
        if (Number.isInteger(v) && Math.abs(v) < 1e15) return { ok: true, input: String(v) };
        return { ok: true, input: shown || numberToPlainString(v) };
      }
      return { ok: true, input: restoreNeutralizedText(String(v ?? shown)) };
    }
    case 'decimal': {
      if (typeof v === 'number') return { ok: true, input: v };
      const text = toHalfWidth(String(v ?? shown)).trim();
      // “12.5元/斤”, “12.5/斤”: the price is the number before the slash.
      const price = /^([\d.,，]+)\s*元?\s*\/\s*\S{1,4}$/.exec(text);
      if (price) return { ok: true, input: price[1] };
      // “10箱”, “2.5 公斤”: the number, and the unit for an empty unit column.
      const qty = /^([\d.,，]+)\s*([^\d\s.,，]{1,4})$/.exec(text);
      if (qty && qty[2] !== '元') return { ok: true, input: qty[1], unitText: qty[2] };
      // “十箱”, “两”: the numeral, and the unit after it
      const counted = chineseCount(text);
      if (counted && counted.after !== '元') return { ok: true, input: String(counted.value), ...(counted.after ? { unitText: counted.after } : {}) };
      return { ok: true, input: text };
    }
    case 'integer': {
      if (typeof v === 'number') return { ok: true, input: numberToPlainString(v) };
      const text = String(v ?? shown);
      // “三户”, “十二人次”: the numeral (the parser takes 户, 人, 人次 after digits)
      const counted = chineseCount(text);
      return { ok: true, input: counted && /^(户|人次|人)?$/.test(counted.after) ? String(counted.value) : text };
    }
    case 'enum': {
      const a = aliasEnumValue(field.key, typeof v === 'string' ? v : shown, field.label);
      return a.warning ? { ok: true, input: a.text, warning: a.warning } : { ok: true, input: a.text };
    }
    case 'county':
      return { ok: true, input: typeof v === 'number' ? numberToPlainString(v) : String(v ?? shown) };
    case 'text':
      // A date or number in a text column reads as the unit saw it.
      return { ok: true, input: typeof v === 'string' ? restoreNeutralizedText(v) : shown };
  }
}

/** A date written without its year takes the sheet's stated year; its month is checked against the stated months. */
function yearlessDate(month: number, day: number, written: string, period: SheetPeriod | undefined): CellInput {
  if (!period || period.year === null) {
    return { ok: false, needsYear: true, message: `日期“${written}”没有写年份，表中（标题、工作表名、文件名）也没有写明年份：请在导入时填写年份` };
  }
  if (!isRealDate(period.year, month, day)) return { ok: false, message: `日期“${written}”（${period.year}年）不是真实存在的日期` };
  const input = isoDate(period.year, month, day);
  if (period.months && !period.months.includes(month)) {
    return { ok: true, input, yearFilled: true, warning: `日期“${written}”按${period.yearFrom}记为 ${input}，但不在表中写明的期间（${describePeriod(period)}）内，请核对` };
  }
  return { ok: true, input, yearFilled: true };
}

/** “2021-11-05T00:00:00”, “2021年11月5号”, “2021.11.05.” → forms parseDate reads. */
function normalizeDateText(text: string): string {
  return toHalfWidth(text)
    .trim()
    .replace(/T\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, '')
    .replace(/号$/, '日')
    .replace(/[.。]$/, '');
}
