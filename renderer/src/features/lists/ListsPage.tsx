/** 名录: purchasers (with the credit-code check), suppliers, products, paired regions, and budget units' yearly plans. */
import { useCallback, useEffect, useState } from 'react';
import type { AttachmentTarget } from '../../../../shared/domain/attachments';
import type { ListKind } from '../../../../shared/domain/lists';
import { CATEGORIES, PURCHASER_TYPES, SUPPLIER_KINDS } from '../../../../shared/domain/reference';
import { validateCreditCode } from '../../../../shared/credit-code';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import type { Reference } from '../../state/reference';
import { AttachmentsSection } from '../attachments/AttachmentsSection';
import { PlansTab } from './PlansTab';

type Item = Record<string, unknown> & { id?: number };

interface Field {
  key: string;
  label: string;
  /** employer: another purchaser, typed by name (a union's 所属单位) */
  type: 'text' | 'select' | 'bool' | 'county' | 'int' | 'employer';
  options?: readonly string[];
  required?: boolean;
}

/** Lists whose entries can hold documents (a purchaser's or supplier's contract, say). */
const ATTACHABLE: Partial<Record<ListKind, AttachmentTarget>> = { purchasers: 'purchaser', suppliers: 'supplier' };

const KINDS: { kind: ListKind; label: string; fields: Field[] }[] = [
  {
    kind: 'purchasers',
    label: '购买主体',
    fields: [
      { key: 'name', label: '名称', type: 'text', required: true },
      { key: 'creditCode', label: '统一社会信用代码', type: 'text' },
      { key: 'type', label: '主体类型', type: 'select', options: PURCHASER_TYPES },
      { key: 'budgetUnit', label: '预算单位', type: 'bool' },
      { key: 'street', label: '街镇', type: 'text' },
      { key: 'employerId', label: '所属单位（工会填）', type: 'employer' },
    ],
  },
  {
    kind: 'suppliers',
    label: '供应商',
    fields: [
      { key: 'name', label: '名称', type: 'text', required: true },
      { key: 'creditCode', label: '统一社会信用代码', type: 'text' },
      { key: 'countyCode', label: '所在县', type: 'county' },
      { key: 'kind', label: '类型', type: 'select', options: SUPPLIER_KINDS },
      { key: 'households', label: '联结户数', type: 'int' },
    ],
  },
  {
    kind: 'products',
    label: '产品',
    fields: [
      { key: 'name', label: '产品名称', type: 'text', required: true },
      { key: 'category', label: '类别', type: 'select', options: CATEGORIES },
      { key: 'originCode', label: '产地', type: 'county' },
      { key: 'supplierName', label: '供应商', type: 'text' },
      { key: 'inCatalogue', label: '百县百品', type: 'bool' },
    ],
  },
  {
    kind: 'pairedRegions',
    label: '对口帮扶地区',
    fields: [
      { key: 'code', label: '行政区划代码', type: 'text', required: true },
      { key: 'name', label: '名称', type: 'text', required: true },
      { key: 'fromYear', label: '起始年份', type: 'int' },
      { key: 'toYear', label: '结束年份', type: 'int' },
    ],
  },
];

function show(field: Field, value: unknown, ref: Reference | null, names: ReadonlyMap<number, string>): string {
  if (value === null || value === undefined || value === '') return '';
  if (field.type === 'bool') return value ? '是' : '否';
  if (field.type === 'employer') return names.get(Number(value)) ?? `编号 ${String(value)}`;
  if (field.type === 'county') return ref?.countyShort(String(value)) ?? String(value);
  return String(value);
}

/** The last tab is not a list of its own: budget units' yearly procurement plans (PlansTab). */
const PLANS_TAB = KINDS.length;

export function ListsPage({ reference }: { reference: Reference | null }) {
  const [tab, setTab] = useState(0);
  const def = KINDS[Math.min(tab, KINDS.length - 1)];
  const [items, setItems] = useState<Item[]>([]);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Item | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** every purchaser's name by id: a union's 所属单位 is shown and typed by name */
  const [purchaserNames, setPurchaserNames] = useState<ReadonlyMap<number, string>>(new Map());

  const load = useCallback(() => {
    if (tab === PLANS_TAB) return;
    void invoke('lists/list', { kind: def.kind, search: search || undefined }).then(
      (r) => setItems(r.items as unknown as Item[]),
      (e: AppError) => setMessage({ ok: false, text: e.message }),
    );
  }, [def.kind, search, tab]);
  useEffect(load, [load]);
  // on the purchasers tab and after each change of the list, not on every search keystroke
  const loadNames = useCallback(() => {
    if (def.kind !== 'purchasers' || tab === PLANS_TAB) return;
    void invoke('lists/list', { kind: 'purchasers', limit: 10_000 }).then((r) => setPurchaserNames(new Map(r.items.map((p) => [p.id, (p as { name: string }).name]))));
  }, [def.kind, tab]);
  useEffect(loadNames, [loadNames]);

  async function save() {
    if (!editing) return;
    const item: Item = { ...editing };
    for (const f of def.fields) {
      if (f.type === 'int') item[f.key] = item[f.key] === '' || item[f.key] === undefined || item[f.key] === null ? null : Number(item[f.key]);
      if (f.type === 'county' && typeof item[f.key] === 'string' && item[f.key] !== '' && reference) {
        const r = reference.resolveCounty(String(item[f.key]));
        if ('error' in r) {
          setMessage({ ok: false, text: r.error });
          return;
        }
        item[f.key] = r.code;
      }
      if (f.type === 'employer') {
        // typed as a name (employerName) or kept as the id it had; only a union has one
        const typed = typeof item.employerName === 'string' ? item.employerName.trim() : null;
        delete item.employerName;
        if (item.type !== '工会') item[f.key] = null;
        else if (typed !== null) {
          const id = typed === '' ? null : ([...purchaserNames].find(([, name]) => name === typed)?.[0] ?? undefined);
          if (id === undefined) {
            setMessage({ ok: false, text: `名录中没有名为“${typed}”的购买主体；请先添加该单位，再填写所属单位` });
            return;
          }
          item[f.key] = id;
        }
      }
    }
    // the entry as the list showed it: refused if a colleague saved it since (shared ledger)
    const seen = item.id ? items.find((i) => i.id === item.id) : undefined;
    try {
      await invoke('lists/save', { kind: def.kind, item, seen });
      setEditing(null);
      setMessage({ ok: true, text: '已保存' });
      load();
      loadNames();
    } catch (e) {
      setMessage({ ok: false, text: (e as AppError).message });
      // show the colleague's version in the list; the form keeps what this clerk typed
      if ((e as AppError).code === 'STALE_RECORD') load();
    }
  }

  const codeCheck = editing && typeof editing.creditCode === 'string' && editing.creditCode ? validateCreditCode(editing.creditCode) : null;

  return (
    <div className="page lists">
      <div className="tabs" role="tablist">
        {KINDS.map((k, i) => (
          <button key={k.kind} role="tab" aria-selected={i === tab} className={i === tab ? 'active' : ''} onClick={() => (setTab(i), setEditing(null), setMessage(null))}>
            {k.label}
          </button>
        ))}
        <button role="tab" aria-selected={tab === PLANS_TAB} className={tab === PLANS_TAB ? 'active' : ''} onClick={() => (setTab(PLANS_TAB), setEditing(null), setMessage(null))}>
          年度采购计划
        </button>
      </div>
      {tab === PLANS_TAB ? <PlansTab /> : listBody()}
    </div>
  );

  // A plain function, not a component: a component defined here would remount (and lose the
  // search box focus) on every render.
  function listBody() {
    return (
      <>
        <div className="toolbar">
          <input className="search" placeholder={`搜索${def.label}名称或代码`} value={search} onChange={(e) => setSearch(e.target.value)} />
          <button className="primary" onClick={() => setEditing({})}>＋ 新增{def.label}</button>
          {message && <span className={message.ok ? 'ok-text' : 'error-text'}>{message.text}</span>}
        </div>
        {editing && (
          <form
            className="card edit-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <h3>{editing.id ? `修改${def.label}` : `新增${def.label}`}</h3>
            <div className="grid-form">
              {def.fields.map((f) => (f.type === 'employer' && editing.type !== '工会' ? null : (
                <label key={f.key}>
                  {f.label}
                  {f.type === 'employer' ? (
                    <>
                      <input
                        list="employer-names"
                        placeholder="输入名录中的单位名称"
                        value={typeof editing.employerName === 'string' ? editing.employerName : show(f, editing[f.key], reference, purchaserNames)}
                        onChange={(e) => setEditing({ ...editing, employerName: e.target.value })}
                      />
                      <datalist id="employer-names">
                        {[...purchaserNames].filter(([id]) => id !== editing.id).map(([id, name]) => (
                          <option key={id} value={name} />
                        ))}
                      </datalist>
                      <small className="muted">该工会的采购计入所属单位的预留份额</small>
                    </>
                  ) : f.type === 'select' ? (
                    <select value={String(editing[f.key] ?? '')} onChange={(e) => setEditing({ ...editing, [f.key]: e.target.value || null })}>
                      <option value="">（未填）</option>
                      {f.options!.map((o) => (
                        <option key={o}>{o}</option>
                      ))}
                    </select>
                  ) : f.type === 'bool' ? (
                    <input type="checkbox" checked={Boolean(editing[f.key])} onChange={(e) => setEditing({ ...editing, [f.key]: e.target.checked })} />
                  ) : (
                    <input
                      required={f.required}
                      value={f.type === 'county' && editing[f.key] && /^\d{6}$/.test(String(editing[f.key])) ? show(f, editing[f.key], reference, purchaserNames) : String(editing[f.key] ?? '')}
                      placeholder={f.type === 'county' ? '县名或 6 位代码' : ''}
                      onChange={(e) => setEditing({ ...editing, [f.key]: e.target.value })}
                    />
                  )}
                  {f.key === 'creditCode' && codeCheck && <small className={codeCheck.ok ? 'ok-text' : 'error-text'}>{codeCheck.ok ? '✓ 校验通过' : codeCheck.message}</small>}
                </label>
              )))}
            </div>
            <div className="actions">
              <button type="submit" className="primary">保存</button>
              <button type="button" onClick={() => setEditing(null)}>取消</button>
            </div>
            {ATTACHABLE[def.kind] && (typeof editing.id === 'number' ? <AttachmentsSection entity={ATTACHABLE[def.kind]!} id={editing.id} defaultRole="合同" /> : <p className="muted">保存后可在这里添加合同等附件。</p>)}
          </form>
        )}
        <table className="table">
          <thead>
            <tr>
              {def.fields.map((f) => (
                <th key={f.key}>{f.label}</th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                {def.fields.map((f) => (
                  <td key={f.key}>{show(f, item[f.key], reference, purchaserNames)}</td>
                ))}
                <td className="nowrap">
                  <button className="link" onClick={() => setEditing({ ...item })}>修改</button>
                  <button
                    className="link danger"
                    onClick={async () => {
                      if (!window.confirm(`删除${def.label}“${String(item.name ?? item.code)}”？`)) return;
                      try {
                        await invoke('lists/delete', { kind: def.kind, id: item.id! });
                        load();
                        loadNames();
                      } catch (e) {
                        setMessage({ ok: false, text: (e as AppError).message });
                      }
                    }}
                  >
                    删除
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && <p className="muted">没有{def.label}。</p>}
      </>
    );
  }
}
