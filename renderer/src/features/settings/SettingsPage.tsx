/** 设置: office name, annual targets (万元), reserved-share thresholds (%), large-amount threshold; the attachment files' cleanup. */
import { useEffect, useState } from 'react';
import type { OfficeSettings } from '../../../../shared/domain/lists';
import { PURCHASER_TYPES } from '../../../../shared/domain/reference';
import { parseAmountToFen } from '../../../../shared/money';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { AttachmentStorage } from '../attachments/AttachmentStorage';

const wan = (fen: number) => String(fen / 1_000_000);

export function SettingsPage({ onSaved }: { onSaved(s: OfficeSettings): void }) {
  const [settings, setSettings] = useState<OfficeSettings | null>(null);
  const [targets, setTargets] = useState<[string, string][]>([]);
  const [shares, setShares] = useState<Record<string, string>>({});
  const [large, setLarge] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void invoke('settings/get', {}).then((s) => {
      setSettings(s);
      setTargets(Object.entries(s.annualTargetsFen).map(([y, fen]) => [y, wan(fen)]));
      setShares(Object.fromEntries(Object.entries(s.reservedShareThresholds).map(([k, v]) => [k, String(v)])));
      setLarge(wan(s.largeAmountFen));
    });
  }, []);
  if (!settings) return <div className="page muted">正在加载…</div>;

  function save() {
    if (!settings) return;
    const problems: string[] = [];
    const annualTargetsFen: Record<string, number> = {};
    for (const [year, text] of targets) {
      if (!year.trim() && !text.trim()) continue;
      const r = parseAmountToFen(text, '万元');
      if (!/^\d{4}$/.test(year.trim())) problems.push(`年度“${year}”应为 4 位数字`);
      else if (!r.ok) problems.push(`${year} 年目标：${r.message}`);
      else annualTargetsFen[year.trim()] = r.value;
    }
    const reservedShareThresholds: Record<string, number> = {};
    for (const [type, text] of Object.entries(shares)) {
      if (text.trim() === '') continue;
      const n = Number(text);
      if (!Number.isFinite(n) || n < 0 || n > 100) problems.push(`${type}的预留比例应在 0–100 之间`);
      else reservedShareThresholds[type] = n;
    }
    const largeFen = parseAmountToFen(large, '万元');
    if (!largeFen.ok || largeFen.value <= 0) problems.push('大额提醒阈值应为大于 0 的金额（万元）');
    if (problems.length) {
      setMessage({ ok: false, text: problems.join('；') });
      return;
    }
    invoke('settings/save', {
      settings: {
        ...settings,
        annualTargetsFen,
        reservedShareThresholds,
        largeAmountFen: largeFen.ok ? largeFen.value : settings.largeAmountFen,
        missingInvoiceAttachment: settings.missingInvoiceAttachment ?? 'warning',
      },
    }).then(
      (s) => {
        setSettings(s);
        onSaved(s);
        setMessage({ ok: true, text: '已保存' });
      },
      (e: AppError) => setMessage({ ok: false, text: e.message }),
    );
  }

  return (
    <div className="page settings">
      <h2>设置</h2>
      <section>
        <h3>单位</h3>
        <div className="row">
          <label>
            单位名称
            <input value={settings.officeName} onChange={(e) => setSettings({ ...settings, officeName: e.target.value })} />
          </label>
          <label>
            所在区
            <input value={settings.districtName} onChange={(e) => setSettings({ ...settings, districtName: e.target.value })} />
          </label>
          <label>
            区县代码
            <input value={settings.districtCode} onChange={(e) => setSettings({ ...settings, districtCode: e.target.value })} />
          </label>
        </div>
      </section>
      <section>
        <h3>年度目标（万元）</h3>
        {targets.map(([year, value], i) => (
          <div className="row" key={i}>
            <label>
              年度
              <input value={year} onChange={(e) => setTargets(targets.map((t, j) => (j === i ? [e.target.value, t[1]] : t)))} />
            </label>
            <label>
              目标（万元）
              <input value={value} onChange={(e) => setTargets(targets.map((t, j) => (j === i ? [t[0], e.target.value] : t)))} />
            </label>
          </div>
        ))}
        <button onClick={() => setTargets([...targets, [String(new Date().getFullYear() + 1), '10000']])}>＋ 增加年度</button>
      </section>
      <section>
        <h3>预算单位预留份额下限（%）</h3>
        <div className="grid-form">
          {PURCHASER_TYPES.filter((t) => t !== '个人').map((type) => (
            <label key={type}>
              {type}
              <input value={shares[type] ?? ''} placeholder="不考核" onChange={(e) => setShares({ ...shares, [type]: e.target.value })} />
            </label>
          ))}
        </div>
      </section>
      <section>
        <h3>检查</h3>
        <label>
          单笔大额提醒（万元）
          <input value={large} onChange={(e) => setLarge(e.target.value)} />
        </label>
        <label>
          记录缺少发票附件时
          <select
            value={settings.missingInvoiceAttachment ?? 'warning'}
            onChange={(e) => setSettings({ ...settings, missingInvoiceAttachment: e.target.value as 'error' | 'warning' })}
          >
            <option value="warning">提示警告</option>
            <option value="error">算作错误（阻止报送）</option>
          </select>
        </label>
      </section>
      <div className="actions">
        <button className="primary" onClick={save}>保存设置</button>
        {message && <span className={message.ok ? 'ok-text' : 'error-text'}>{message.text}</span>}
      </div>
      <AttachmentStorage />
    </div>
  );
}
