/**
 * The period a sheet states, for dates written without a year (“11月5日”, “11.5”, “11/5”):
 * almost every unit's sheet says it in a title line (“2021年11月消费帮扶台账”), else the sheet's
 * name (“11月”, “2021.11”) or the file's (“教育局202111.xlsx”, “2021年四季度.xlsx”). The nearest
 * statement wins, field by field: the year from the first source that has one (a title “11月” takes
 * its year from the file name), the months likewise. The months check the dates that had no year.
 */
import { toHalfWidth } from '../../../shared/text';

export interface SheetPeriod {
  year: number | null;
  /** months the period covers (one for a month, three for a quarter); null when none is stated */
  months: number[] | null;
  /** where the year came from, for the clerk: 标题“…”, 工作表名“…”, 文件名“…”, 导入时填写 */
  yearFrom: string | null;
}

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 1: 1, 2: 2, 3: 3, 4: 4 };
const YEAR = '((?:19|20)\\d{2})';

interface Stated {
  year?: number;
  months?: number[];
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m++) out.push(m);
  return out;
}

function validMonth(m: number): boolean {
  return Number.isInteger(m) && m >= 1 && m <= 12;
}

/** What one line of text states about the period. Full dates (“制表日期：2021年12月3日”) state nothing. */
export function periodInText(raw: string): Stated {
  const text = toHalfWidth(raw.normalize('NFKC')).replace(/\s+/g, '');
  const withoutDates = text.replace(/(?:19|20)\d{2}年\d{1,2}月\d{1,2}[日号]?|(?:19|20)\d{2}([.\-/])\d{1,2}\1\d{1,2}/g, ' ');
  let m = new RegExp(`${YEAR}年?(?:度)?(?:第)?([一二三四1-4])季度`).exec(withoutDates) ?? new RegExp(`${YEAR}年?Q([1-4])`, 'i').exec(withoutDates);
  if (m) {
    const q = CN_DIGIT[m[2]];
    return { year: Number(m[1]), months: range(q * 3 - 2, q * 3) };
  }
  m = new RegExp(`${YEAR}年(\\d{1,2})(?:月)?[-~至到—－](\\d{1,2})月`).exec(withoutDates);
  if (m && validMonth(Number(m[2])) && validMonth(Number(m[3])) && Number(m[2]) <= Number(m[3])) {
    return { year: Number(m[1]), months: range(Number(m[2]), Number(m[3])) };
  }
  m = new RegExp(`${YEAR}\\s*[年.\\-/_]\\s*(\\d{1,2})(?:月|(?!\\d))`).exec(withoutDates);
  if (m && validMonth(Number(m[2]))) return { year: Number(m[1]), months: [Number(m[2])] };
  m = new RegExp(`(?<!\\d)${YEAR}(0[1-9]|1[0-2])(?!\\d)`).exec(withoutDates);
  if (m) return { year: Number(m[1]), months: [Number(m[2])] };
  const out: Stated = {};
  m = new RegExp(`(?<!\\d)${YEAR}(?:年|(?!\\d))`).exec(withoutDates);
  if (m) out.year = Number(m[1]);
  m = /(?:第)?([一二三四1-4])季度/.exec(withoutDates);
  if (m) out.months = range(CN_DIGIT[m[1]] * 3 - 2, CN_DIGIT[m[1]] * 3);
  else {
    m = /(?<![\d.])(\d{1,2})月(?:份)?(?!\d)/.exec(withoutDates);
    if (m && validMonth(Number(m[1]))) out.months = [Number(m[1])];
  }
  return out;
}

/**
 * The nearest statement of period for a sheet: its title lines, then its name, then the file's
 * name; `fallbackYear` (asked of the clerk) only where none of them states a year.
 */
export function sheetPeriod(titleLines: string[], sheetName: string, fileName: string, fallbackYear?: number): SheetPeriod {
  const sources: [string, Stated][] = [
    ...titleLines.filter((t) => t.trim()).map((t): [string, Stated] => [`标题“${t.trim().slice(0, 40)}”`, periodInText(t)]),
    [`工作表名“${sheetName}”`, periodInText(sheetName)],
    [`文件名“${fileName}”`, periodInText(fileName.replace(/\.[^.]+$/, ''))],
  ];
  let year: number | null = null;
  let yearFrom: string | null = null;
  let months: number[] | null = null;
  for (const [where, s] of sources) {
    if (year === null && s.year !== undefined) {
      year = s.year;
      yearFrom = where;
    }
    if (months === null && s.months) months = s.months;
  }
  if (year === null && fallbackYear !== undefined) {
    year = fallbackYear;
    yearFrom = '导入时填写的年份';
  }
  return { year, months, yearFrom };
}

/** “2021年11月”, “2021年10–12月” for messages. */
export function describePeriod(p: SheetPeriod): string {
  const y = p.year === null ? '' : `${p.year}年`;
  if (!p.months) return y;
  return p.months.length === 1 ? `${y}${p.months[0]}月` : `${y}${p.months[0]}–${p.months[p.months.length - 1]}月`;
}
