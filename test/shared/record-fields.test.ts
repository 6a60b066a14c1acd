import { describe, expect, it } from 'vitest';
import { FIELD_BY_KEY, parseFieldValue, parseRecordInput, storedValueProblem } from '../../shared/record-fields';

const ctx = {
  resolveCounty: (t: string) => (t === '勐海县' || t === '532822' ? { code: '532822' } : { error: `找不到县级行政区“${t}”` }),
};
const isCounty = (c: string) => c === '532822';

describe('record fields', () => {
  it('parses what people type into stored values', () => {
    const r = parseRecordInput(
      { date: '2021/11/5', amountFen: '1,280.50', quantity: '１０', unitPrice: '128.05', households: '3户', channel: '832平台', originCode: '勐海县', invoiceNo: ' 2131 2000 0000 1234 5678 ', purchaserName: '  区教育局\n' },
      ctx,
    );
    expect(r.errors).toEqual({});
    expect(r.values).toEqual({ date: '2021-11-05', amountFen: 128050, quantity: 10, unitPrice: 128.05, households: 3, channel: '832平台', originCode: '532822', invoiceNo: '21312000000012345678', purchaserName: '区教育局' });
  });

  it('reads the spaces in an invoice cell as units write them: groups of one number, or between numbers', () => {
    const invoice = (t: string) => parseFieldValue(FIELD_BY_KEY.invoiceNo, t, ctx);
    // two invoices separated by a space stay two (joined, they made one 16-digit number no check could match)
    expect(invoice('12345678 12345679')).toEqual({ ok: true, value: '12345678、12345679' });
    expect(invoice('21312000000012345678　21312000000012345679')).toEqual({ ok: true, value: '21312000000012345678、21312000000012345679' });
    // numbers of 8 digits or more side by side are never the groups of one: kept apart, each then checked (INVOICE_FORMAT)
    expect(invoice('044001900111 044001900112')).toEqual({ ok: true, value: '044001900111、044001900112' });
    // an older invoice's 发票代码 and 号码 written side by side are one invoice
    expect(invoice('033002100111 00012345')).toEqual({ ok: true, value: '033002100111-00012345' });
    expect(invoice('3100211130 00012345；12345679')).toEqual({ ok: true, value: '3100211130-00012345;12345679' });
    // the digits of one number in printed groups are one number
    expect(invoice('2131 2000 0000 1234 5678')).toEqual({ ok: true, value: '21312000000012345678' });
    expect(invoice('1234 5678')).toEqual({ ok: true, value: '12345678' });
    // a credit code written in groups is still one code
    expect(parseFieldValue(FIELD_BY_KEY.creditCode, '9131 0117 MA1G 5XXX 0X', ctx)).toEqual({ ok: true, value: '91310117MA1G5XXX0X' });
  });

  it('says in Chinese why a value cannot be taken', () => {
    const r = parseRecordInput({ date: '2021-02-30', amountFen: '一百', channel: '淘宝', originCode: '火星', quantity: '1.23456', households: '-1' }, ctx);
    expect(Object.keys(r.errors).sort()).toEqual(['amountFen', 'channel', 'date', 'households', 'originCode', 'quantity']);
    expect(r.errors.channel).toMatch(/^销售渠道只能是/);
    expect(r.errors.quantity).toMatch(/4 位小数/);
    expect(r.errors.originCode).toMatch(/火星/);
  });

  it('accepts enum spellings without the slash', () => {
    expect(parseFieldValue(FIELD_BY_KEY.channel, '专柜专馆专区', ctx)).toEqual({ ok: true, value: '专柜/专馆/专区' });
  });

  it('empties a field on blank input', () => {
    expect(parseFieldValue(FIELD_BY_KEY.amountFen, '  ', ctx)).toEqual({ ok: true, value: null });
  });

  it('checks typed values again at the write path', () => {
    expect(storedValueProblem(FIELD_BY_KEY.amountFen, 12.5, { isCounty })).toMatch(/整数/);
    expect(storedValueProblem(FIELD_BY_KEY.date, '2021-2-3', { isCounty })).toMatch(/YYYY-MM-DD/);
    expect(storedValueProblem(FIELD_BY_KEY.originCode, '999999', { isCounty })).toMatch(/不是有效/);
    expect(storedValueProblem(FIELD_BY_KEY.originCode, '532822', { isCounty })).toBeNull();
    expect(storedValueProblem(FIELD_BY_KEY.remark, 'x'.repeat(501), { isCounty })).toMatch(/最长/);
  });
});
