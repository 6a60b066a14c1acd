/**
 * Dates are ISO 'YYYY-MM-DD' strings everywhere. Parsing accepts what units write:
 * 2021-11-05, 2021/11/5, 2021.11.5, 2021年11月5日, 20211105, Excel serial numbers, and
 * year-last dates (11/15/2021) when only one order of day and month is a real date.
 */
import { toHalfWidth } from './text';
import type { ParseResult } from './money';

export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** “ 星期五”, “（周五）”, “礼拜五” after a date, as WPS and Excel date formats print it */
const WEEKDAY = /\s*[(（]?\s*(星期|周|礼拜)([一二三四五六日天])\s*[)）]?$/;
/** index = getUTCDay(): 日 is 0 (天 too, at 7) */
const WEEKDAY_NUMBER = '日一二三四五六天';

const PATTERNS: RegExp[] = [
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/**
 * Excel serial day → ISO date. 1900 system: serial 1 is 1900-01-01 and Excel's phantom
 * 1900-02-29 (serial 60) is skipped; 1904 system: serial 0 is 1904-01-01.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const whole = Math.floor(serial);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 31);
  const offset = date1904 ? whole : whole >= 60 ? whole - 1 : whole;
  const ms = epoch + offset * 86_400_000;
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function parseDate(input: string | number | Date, opts: { date1904?: boolean } = {}): ParseResult<string> {
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return { ok: false, message: '日期无效' };
    return { ok: true, value: isoDate(input.getFullYear(), input.getMonth() + 1, input.getDate()) };
  }
  if (typeof input === 'number') {
    const iso = excelSerialToIso(input, opts.date1904);
    return iso ? { ok: true, value: iso } : { ok: false, message: `“${input}”不是有效的日期` };
  }
  const written = toHalfWidth(String(input)).trim();
  if (written === '') return { ok: false, message: '日期为空' };
  const weekday = WEEKDAY.exec(written);
  const text = weekday ? written.slice(0, weekday.index).trim() : written;
  if (weekday) {
    const read = parseDate(text, opts);
    if (!read.ok) return read;
    const actual = new Date(`${read.value}T00:00:00Z`).getUTCDay();
    if (actual === WEEKDAY_NUMBER.indexOf(weekday[2]) % 7) return read;
    return { ok: false, message: `“${input}”写的是${weekday[1]}${weekday[2]}，但 ${read.value} 是星期${WEEKDAY_NUMBER[actual]}，请核对日期` };
  }
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isRealDate(y, mo, d)) return { ok: false, message: `“${input}”不是真实存在的日期` };
    return { ok: true, value: isoDate(y, mo, d) };
  }
  const month = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/.exec(text);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    return { ok: false, message: `“${input}”只写到月份（${month[1]}年${Number(month[2])}月），没有写哪一天` };
  }
  const yearLast = yearLastDate(text, input);
  if (yearLast) return yearLast;
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const iso = excelSerialToIso(Number(text), opts.date1904);
    if (iso) return { ok: true, value: iso };
  }
  return { ok: false, message: `“${input}”不是可识别的日期（可写作 2021-11-05、2021/11/5 或 2021年11月5日）` };
}

/**
 * 11/15/2021 or 15/11/2021: the year last, as an English-locale Excel writes dates into CSV or
 * text. Read when only one order (month/day or day/month) is a real date; when both are, the
 * app does not guess (a wrong guess would file a purchase in the wrong month without a word)
 * and the message gives both readings for the clerk to pick.
 */
function yearLastDate(text: string, input: unknown): ParseResult<string> | null {
  const m = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(text);
  if (!m) return null;
  const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const monthFirst = isRealDate(y, a, b) ? isoDate(y, a, b) : null;
  const dayFirst = isRealDate(y, b, a) ? isoDate(y, b, a) : null;
  if (monthFirst && dayFirst && monthFirst !== dayFirst) {
    return { ok: false, message: `“${input}”既可读作 ${monthFirst}，也可读作 ${dayFirst}，请写成年在前的日期（如 ${monthFirst}）` };
  }
  const date = monthFirst ?? dayFirst;
  return date ? { ok: true, value: date } : { ok: false, message: `“${input}”不是真实存在的日期` };
}

/** 'YYYY-MM' of an ISO date. */
export function periodOf(isoDateText: string): string {
  return isoDateText.slice(0, 7);
}

/** Today in the office's local time as ISO. */
export function todayIso(now = new Date()): string {
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The days of a month (YYYY-MM) as the half-open range [first day, first day of the next month). */
export function monthRange(period: string): [string, string] {
  const [y, m] = period.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [`${period}-01`, `${next}-01`];
}
