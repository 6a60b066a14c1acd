/** 金额 from 数量 × 单价, 单价 from 金额 ÷ 数量, exactly (renderer/src/grid/derived-amount.ts). */
import { describe, expect, it } from 'vitest';
import { deriveMoney } from '../../renderer/src/grid/derived-amount';

const empty = { quantity: null, unitPrice: null, amountFen: null };

describe('deriving the amount or the unit price', () => {
  it('computes the amount when quantity and unit price are given and the amount is empty', () => {
    expect(deriveMoney({ ...empty, quantity: 20 }, { unitPrice: 59.7 })).toEqual({ values: { amountFen: 119400 }, note: '已按 数量 × 单价 算出金额 1,194.00 元' });
    expect(deriveMoney({ ...empty, unitPrice: 59.7 }, { quantity: 20 })!.values).toEqual({ amountFen: 119400 });
    // floats would give 0.1 × 3 = 0.30000000000000004; fen arithmetic gives 30
    expect(deriveMoney({ ...empty, quantity: 3 }, { unitPrice: 0.1 })!.values).toEqual({ amountFen: 30 });
    expect(deriveMoney({ ...empty, quantity: 1.005 }, { unitPrice: 1 })).toEqual({ values: { amountFen: 101 }, note: '已按 数量 × 单价 算出金额 1.01 元（已四舍五入到分）' });
    expect(deriveMoney({ ...empty, quantity: 123456.7891 }, { unitPrice: 9876.5432 })!.values.amountFen).toBe(121932631088);
  });

  it('computes the unit price when amount and quantity are given and the unit price is empty', () => {
    expect(deriveMoney({ ...empty, quantity: 20 }, { amountFen: 119400 })).toEqual({ values: { unitPrice: 59.7 }, note: '已按 金额 ÷ 数量 算出单价 59.7 元' });
    expect(deriveMoney({ ...empty, amountFen: 10000 }, { quantity: 3 })).toEqual({ values: { unitPrice: 33.3333 }, note: '已按 金额 ÷ 数量 算出单价 33.3333 元（已四舍五入到 4 位小数）' });
    expect(deriveMoney({ ...empty, amountFen: 20000 }, { quantity: 3 })!.values).toEqual({ unitPrice: 66.6667 });
  });

  it('leaves everything as typed when all three are given, too few are, or the quantity is zero', () => {
    expect(deriveMoney({ quantity: 2, unitPrice: 3, amountFen: 700 }, { quantity: 4 })).toBeNull();
    expect(deriveMoney(empty, { quantity: 4 })).toBeNull();
    expect(deriveMoney({ ...empty, amountFen: 100 }, { quantity: 0 })).toBeNull();
    // clearing a value never fills another
    expect(deriveMoney({ quantity: 2, unitPrice: 3, amountFen: null }, { unitPrice: null })).toBeNull();
    // an edit of the remark does not suddenly fill an amount left empty on purpose
    expect(deriveMoney({ quantity: 2, unitPrice: 3, amountFen: null }, {})).toBeNull();
  });
});
