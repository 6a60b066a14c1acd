/**
 * 年度采购计划: each budget unit's planned agricultural procurement for a year, the denominator
 * of its reserved share (RESERVED_SHARE_LOW compares its assistance purchases with it). One
 * plan per unit and year: saving the same unit and year again changes the amount.
 */
import { useCallback, useEffect, useState } from 'react';
import { fenToPlainYuan, formatFen, parseAmountToFen } from '../../../../shared/money';
import type { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';

interface Plan {
  id: number;
  purchaserId: number;
  purchaserName: string;
  year: number;
  plannedFen: number;
}

interface BudgetUnit {
  id: number;
  name: string;
}

interface Draft {
  purchaserId: number | '';
  year: string;
  amount: string;
}

const thisYear = new Date().getFullYear();

export function PlansTab() {
  const [plans, setPlans] = useState<Plan[]>([]);
  const [units, setUnits] = useState<BudgetUnit[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(() => {
    void Promise.all([invoke('plans/list', {}), invoke('lists/list', { kind: 'purchasers' })]).then(
      ([p, l]) => {
        setPlans(p.plans);
        setUnits((l.items as unknown as (BudgetUnit & { budgetUnit?: boolean })[]).filter((i) => i.budgetUnit).map((i) => ({ id: i.id, name: i.name })));
      },
      (e: AppError) => setMessage({ ok: false, text: e.message }),
    );
  }, []);
  useEffect(load, [load]);

  async function save() {
    if (!draft) return;
    if (draft.purchaserId === '') return setMessage({ ok: false, text: '请选择预算单位' });
    const year = Number(draft.year);
    if (!Number.isInteger(year) || year < 2015 || year > 2100) return setMessage({ ok: false, text: `“${draft.year}”不是有效的年份` });
    const amount = parseAmountToFen(draft.amount.trim());
    if (!amount.ok) return setMessage({ ok: false, text: amount.message });
    if (amount.value < 0) return setMessage({ ok: false, text: '计划金额不能为负数' });
    try {
      await invoke('plans/save', { purchaserId: draft.purchaserId, year, plannedFen: amount.value });
      setDraft(null);
      setMessage({ ok: true, text: '已保存' });
      load();
    } catch (e) {
      setMessage({ ok: false, text: (e as AppError).message });
    }
  }

  return (
    <>
      <div className="toolbar">
        <button className="primary" onClick={() => (setDraft({ purchaserId: '', year: String(thisYear), amount: '' }), setMessage(null))} disabled={units.length === 0}>
          ＋ 填写年度计划
        </button>
        {units.length === 0 && <span className="muted">先在“购买主体”中把单位标为预算单位，才能填写它的年度采购计划。</span>}
        {message && <span className={message.ok ? 'ok-text' : 'error-text'}>{message.text}</span>}
      </div>
      {draft && (
        <form
          className="card edit-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3>预算单位年度农副产品采购计划</h3>
          <div className="grid-form">
            <label>
              预算单位
              <select value={String(draft.purchaserId)} onChange={(e) => setDraft({ ...draft, purchaserId: e.target.value ? Number(e.target.value) : '' })}>
                <option value="">（请选择）</option>
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              年度
              <input inputMode="numeric" value={draft.year} onChange={(e) => setDraft({ ...draft, year: e.target.value })} />
            </label>
            <label>
              计划采购金额（元）
              <input required inputMode="decimal" placeholder="如 1200000 或 120万" value={draft.amount} onChange={(e) => setDraft({ ...draft, amount: e.target.value })} />
            </label>
          </div>
          <p className="muted">同一单位同一年度只有一份计划，再次保存即修改金额。预留份额 = 当年从帮扶地区的采购额 ÷ 计划采购金额。</p>
          <div className="actions">
            <button type="submit" className="primary">保存</button>
            <button type="button" onClick={() => setDraft(null)}>取消</button>
          </div>
        </form>
      )}
      <table className="table">
        <thead>
          <tr>
            <th>年度</th>
            <th>预算单位</th>
            <th className="num">计划采购金额（元）</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id}>
              <td>{p.year}</td>
              <td>{p.purchaserName}</td>
              <td className="num">{formatFen(p.plannedFen)}</td>
              <td className="nowrap">
                <button className="link" onClick={() => (setDraft({ purchaserId: p.purchaserId, year: String(p.year), amount: fenToPlainYuan(p.plannedFen) }), setMessage(null))}>
                  修改
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plans.length === 0 && <p className="muted">还没有年度采购计划。</p>}
    </>
  );
}
