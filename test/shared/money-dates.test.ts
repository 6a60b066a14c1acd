import { describe, expect, it } from 'vitest';
import { excelSerialToIso, parseDate } from '../../shared/dates';
import { fenToPlainYuan, formatFen, parseAmountToFen } from '../../shared/money';

const fen = (input: string | number, unit?: '元' | '万元') => {
  const r = parseAmountToFen(input, unit);
  return r.ok ? r.value : r.message;
};

describe('amounts in integer fen', () => {
  it.each([
    ['1234.5', 123450],
    ['1,234.50', 123450],
    ['¥12', 1200],
    ['￥１２３.４５', 12345],
    ['1.5万元', 1500000],
    ['1.5万', 1500000],
    ['128元', 12800],
    ['-3', -300],
    [' 0.01 ', 1],
    ['12。5', 1250],
  ])('%s → %i fen', (input, expected) => expect(fen(input)).toBe(expected));

  it('reads commas only as thousands separators: one anywhere else leaves the amount unread, never 100 times off', () => {
    expect(fen('1,234,567.89')).toBe(123_456_789);
    expect(fen('12,345.6万元')).toBe(12_345_600_000);
    expect(fen('￥ 1，234')).toBe(123_400);
    // a comma typed for the decimal point (12，5 meant 12.5) or a European 1 234,50: read as 1,250 元 and 123,450 元 before
    for (const text of ['12，5', '12,34', '1 234,50', '1,2345']) expect(fen(text)).toContain('千位');
  });

  it('scales bare numbers by the header unit 万元 exactly', () => {
    expect(fen('0.4215', '万元')).toBe(421500);
    expect(fen(0.4215, '万元')).toBe(421500);
    expect(fen('12.345678', '万元')).toBe(12345678);
  });

  it('takes Excel numbers without float noise', () => {
    expect(fen(12.3)).toBe(1230);
    expect(fen(0.1 + 0.2)).toBe(30);
    expect(fen(1234567.89)).toBe(123456789);
  });

  it('refuses amounts past 10^15 fen (what a workbook cell carries exactly), in Chinese', () => {
    expect(parseAmountToFen('9999999999999.99')).toEqual({ ok: true, value: 999_999_999_999_999 });
    expect(parseAmountToFen('-9999999999999.99')).toEqual({ ok: true, value: -999_999_999_999_999 });
    for (const text of ['10000000000000', '90071992547409.91', '-10000000000000', '1000000000万元']) {
      const r = parseAmountToFen(text);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.message).toContain('金额超出');
    }
  });

  it('refuses what it would have to round or guess, in Chinese', () => {
    expect(fen('12.345')).toMatch(/分以下/);
    expect(fen('abc')).toMatch(/不是有效的金额/);
    expect(fen('')).toMatch(/为空/);
    expect(fen('1.2.3')).toMatch(/不是有效的金额/);
  });

  it('formats fen for the screen and for editing', () => {
    expect(formatFen(123456789)).toBe('1,234,567.89');
    expect(formatFen(-5)).toBe('-0.05');
    expect(formatFen(null)).toBe('');
    expect(fenToPlainYuan(123450)).toBe('1234.50');
    expect(fenToPlainYuan(-7)).toBe('-0.07');
  });
});

describe('dates', () => {
  it.each([
    ['2021-11-05', '2021-11-05'],
    ['2021/11/5', '2021-11-05'],
    ['2021.11.5', '2021-11-05'],
    ['2021年11月5日', '2021-11-05'],
    ['２０２１年１１月５日', '2021-11-05'],
    ['20211105', '2021-11-05'],
    ['2021-11-05 14:30', '2021-11-05'],
    // the year last, as an English-locale Excel writes a date into CSV or text: read when only one order is a real date
    ['11/15/2021', '2021-11-15'],
    ['15/11/2021', '2021-11-15'],
    ['15.11.2021', '2021-11-15'],
    ['5/5/2021', '2021-05-05'],
    // WPS and Excel formats that print the weekday after the date, as text
    ['2021年11月5日 星期五', '2021-11-05'],
    ['2021-11-05（周五）', '2021-11-05'],
    ['2021/11/5 礼拜五', '2021-11-05'],
  ])('%s → %s', (input, iso) => expect(parseDate(input)).toEqual({ ok: true, value: iso }));

  it('refuses dates that do not exist', () => {
    expect(parseDate('2021-02-29').ok).toBe(false);
    expect(parseDate('2021-13-01').ok).toBe(false);
    expect(parseDate('下周一').ok).toBe(false);
    expect(parseDate('13/13/2021').ok).toBe(false);
  });

  it('says a date written to the month only lacks its day, rather than that it cannot be read', () => {
    for (const text of ['2021-11', '2021年11月', '2021.11']) {
      const r = parseDate(text);
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.message).toContain('没有写哪一天');
    }
  });

  it('refuses a date whose weekday contradicts it, naming both', () => {
    const r = parseDate('2021年11月5日 星期三');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain('星期五');
  });

  it('does not guess the order of a year-last date that reads both ways, and says both readings', () => {
    const r = parseDate('03/11/2021');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.message).toContain('2021-03-11');
    expect(r.ok ? '' : r.message).toContain('2021-11-03');
  });

  it('reads Excel serials in both date systems', () => {
    expect(excelSerialToIso(44505)).toBe('2021-11-05');
    expect(excelSerialToIso(44505 - 1462, true)).toBe('2021-11-05');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(parseDate(44505)).toEqual({ ok: true, value: '2021-11-05' });
  });
});
