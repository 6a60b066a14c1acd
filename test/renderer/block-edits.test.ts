/** Clear, fill and paste over a block as one set of record ops (renderer/src/grid/block-edits.ts). */
import { describe, expect, it } from 'vitest';
import type { LedgerRecord } from '../../shared/domain/record';
import { emptyRecordValues } from '../../shared/record-fields';
import { clearOps, fillOps, pasteOps } from '../../renderer/src/grid/block-edits';

const record = (id: number, values: Partial<LedgerRecord> = {}): LedgerRecord => ({ ...emptyRecordValues(), id, ...values }) as LedgerRecord;
const ctx = { resolveCounty: (t: string) => (t === '玛沁县' || t === '632621' ? { code: '632621' } : { error: `找不到“${t}”` }) };

describe('clearing a block', () => {
  it('empties every cell of the block in one op per row, leaving rows already empty alone', () => {
    const rows = [record(1, { unit: '袋', quantity: 2 }), record(2), record(3, { quantity: 5 })];
    expect(clearOps(rows, ['quantity', 'unit'])).toEqual([
      { type: 'update', id: 1, values: { quantity: null, unit: null } },
      { type: 'update', id: 3, values: { quantity: null, unit: null } },
    ]);
  });
});

describe('filling down', () => {
  it('copies the top row into the rows below, only where they differ', () => {
    const rows = [record(1, { channel: '832平台', unit: '袋' }), record(2, { channel: '832平台' }), record(3)];
    expect(fillOps(rows, 1, ['channel', 'unit'])).toEqual([
      { type: 'update', id: 2, values: { unit: '袋' } },
      { type: 'update', id: 3, values: { channel: '832平台', unit: '袋' } },
    ]);
  });

  it('repeats a block of source rows (the fill handle)', () => {
    const rows = [record(1, { unit: '袋' }), record(2, { unit: '箱' }), record(3), record(4), record(5)];
    expect(fillOps(rows, 2, ['unit']).map((o) => (o.type === 'update' ? o.values.unit : null))).toEqual(['袋', '箱', '袋']);
    expect(fillOps(rows.slice(0, 1), 1, ['unit'])).toEqual([]);
  });
});

describe('the fill handle continues a series, as Excel does', () => {
  const valuesOf = (ops: ReturnType<typeof fillOps>, f: keyof LedgerRecord) => ops.map((o) => (o.type === 'update' ? o.values[f as never] : null));

  it('counts a single date on by a day, and two dates on by their step', () => {
    const rows = [record(1, { date: '2021-11-29' }), record(2), record(3), record(4)];
    expect(valuesOf(fillOps(rows, 1, ['date'], { series: true }), 'date')).toEqual(['2021-11-30', '2021-12-01', '2021-12-02']);
    const weekly = [record(1, { date: '2021-11-01' }), record(2, { date: '2021-11-08' }), record(3), record(4)];
    expect(valuesOf(fillOps(weekly, 2, ['date'], { series: true }), 'date')).toEqual(['2021-11-15', '2021-11-22']);
  });

  it('continues numbers that step evenly, and repeats a single number or an uneven block', () => {
    const rows = [record(1, { quantity: 1, households: 5 }), record(2, { quantity: 3, households: 5 }), record(3), record(4)];
    const ops = fillOps(rows, 2, ['quantity', 'households'], { series: true });
    expect(valuesOf(ops, 'quantity')).toEqual([5, 7]);
    expect(valuesOf(ops, 'households')).toEqual([5, 5]);
    const money = [record(1, { amountFen: 10_050 }), record(2, { amountFen: 20_100 }), record(3)];
    expect(valuesOf(fillOps(money, 2, ['amountFen'], { series: true }), 'amountFen')).toEqual([30_150]);
    const uneven = [record(1, { quantity: 1 }), record(2, { quantity: 2 }), record(3, { quantity: 4 }), record(4), record(5)];
    expect(valuesOf(fillOps(uneven, 3, ['quantity'], { series: true }), 'quantity')).toEqual([1, 2]);
    const single = [record(1, { unitPrice: 58 }), record(2), record(3)];
    expect(valuesOf(fillOps(single, 1, ['unitPrice'], { series: true }), 'unitPrice')).toEqual([58, 58]);
  });

  it('repeats text, codes and pick-list values, and decimals step without float noise', () => {
    const rows = [record(1, { invoiceNo: '12345678', channel: '832平台', unitPrice: 0.1 }), record(2, { invoiceNo: '12345679', channel: '832平台', unitPrice: 0.2 }), record(3)];
    const ops = fillOps(rows, 2, ['invoiceNo', 'channel', 'unitPrice'], { series: true });
    expect(ops).toEqual([{ type: 'update', id: 3, values: { invoiceNo: '12345678', channel: '832平台', unitPrice: 0.3 } }]);
  });

  it('Ctrl+D (no series) copies, dates too', () => {
    const rows = [record(1, { date: '2021-11-29' }), record(2)];
    expect(valuesOf(fillOps(rows, 1, ['date']), 'date')).toEqual(['2021-11-29']);
  });
});

describe('pasting a block', () => {
  it('updates the rows it lands on and inserts past the last one, parsing as if typed', () => {
    const rows = [record(1), record(2)];
    const { ops, refused } = pasteOps([['玛沁县', '1,194.00'], ['632621', '5'], ['玛沁县', '']], rows, ['originCode', 'amountFen'], ctx);
    expect(ops).toEqual([
      { type: 'update', id: 1, values: { originCode: '632621', amountFen: 119400 } },
      { type: 'update', id: 2, values: { originCode: '632621', amountFen: 500 } },
      { type: 'insert', values: { originCode: '632621', amountFen: null } },
    ]);
    expect(refused).toEqual([]);
    expect(pasteOps([['a'], ['b']], rows.slice(0, 1), ['remark'], ctx, false).ops).toHaveLength(1);
  });

  it('reports each refused value with its row and reason, and writes the rest of the row', () => {
    const { ops, refused } = pasteOps([['十箱', '袋'], ['3', '箱']], [record(1), record(2)], ['quantity', 'unit'], ctx);
    expect(ops[0]).toEqual({ type: 'update', id: 1, values: { unit: '袋' } });
    expect(refused).toEqual([{ op: 0, field: 'quantity', text: '十箱', message: expect.stringContaining('数量应为数字') }]);
  });

  it('derives the amount from quantity × unit price, but never over a refused money value', () => {
    const rows = [record(1), record(2)];
    expect(pasteOps([['20', '59.7']], rows, ['quantity', 'unitPrice'], ctx).ops[0]).toEqual({ type: 'update', id: 1, values: { quantity: 20, unitPrice: 59.7, amountFen: 119400 } });
    const bad = pasteOps([['20', '59.7', '一千']], rows, ['quantity', 'unitPrice', 'amountFen'], ctx);
    expect(bad.ops[0]).toEqual({ type: 'update', id: 1, values: { quantity: 20, unitPrice: 59.7 } });
    expect(bad.refused[0]).toMatchObject({ field: 'amountFen', text: '一千' });
  });
});
