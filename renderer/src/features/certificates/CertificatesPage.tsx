/** 证书: the certificate registry (认定证书 and the like), what expires soon, catalogue import, records missing invoices. */
import { useCallback, useEffect, useState } from 'react';
import { CERTIFICATE_KINDS, type Certificate, type CertificateKind } from '../../../../shared/domain/attachments';
import { todayIso } from '../../../../shared/dates';
import type { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { AttachmentsSection } from '../attachments/AttachmentsSection';
import { MissingInvoices } from './MissingInvoices';
import { certificateStatus } from './status';

/** A certificate being typed; updatedAt is the saved one's as the list showed it (the save's version check). */
type Draft = Omit<Certificate, 'id' | 'updatedAt'> & { id?: number; updatedAt?: string };

const EMPTY: Draft = { kind: '帮扶产品认定', number: null, productName: '', supplierName: null, issuer: null, validFrom: null, validTo: null };

const TEXT_FIELDS: { key: 'number' | 'productName' | 'supplierName' | 'issuer'; label: string; required?: boolean }[] = [
  { key: 'number', label: '证书编号' },
  { key: 'productName', label: '产品名称', required: true },
  { key: 'supplierName', label: '企业（供应商）' },
  { key: 'issuer', label: '发证机构' },
];

const STATUS_CLASS: Record<string, string> = { 有效: 'done', 即将到期: 'warn', 已过期: 'failed', 未生效: '' };

export function CertificatesPage() {
  const [certificates, setCertificates] = useState<Certificate[]>([]);
  const [search, setSearch] = useState('');
  const [expiringOnly, setExpiringOnly] = useState(false);
  const [editing, setEditing] = useState<Draft | null>(null);
  const [importKind, setImportKind] = useState<CertificateKind>('帮扶产品认定');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [skipped, setSkipped] = useState<{ row: number; reason: string }[]>([]);
  const today = todayIso();

  const load = useCallback(() => {
    const request = expiringOnly
      ? invoke('certificates/expiring', { days: 60 })
      : invoke('certificates/list', { search: search.trim() || undefined });
    request.then(
      (r) => setCertificates(r.certificates),
      (e: AppError) => setMessage({ ok: false, text: e.message }),
    );
  }, [expiringOnly, search]);
  useEffect(load, [load]);

  async function save() {
    if (!editing) return;
    if (editing.validFrom && editing.validTo && editing.validFrom > editing.validTo) {
      setMessage({ ok: false, text: '有效期的起始日期晚于截止日期' });
      return;
    }
    try {
      // the certificate as the list showed it: refused if a colleague saved it since (shared ledger)
      await invoke('certificates/save', { certificate: editing, seen: editing.updatedAt });
      setEditing(null);
      setMessage({ ok: true, text: '已保存' });
      load();
    } catch (e) {
      setMessage({ ok: false, text: (e as AppError).message });
      if ((e as AppError).code === 'STALE_RECORD') load();
    }
  }

  async function remove(c: Certificate) {
    if (!window.confirm(`删除证书“${c.number ?? c.productName}”？其关联的附件将取消关联。`)) return;
    try {
      await invoke('certificates/delete', { id: c.id });
      load();
    } catch (e) {
      setMessage({ ok: false, text: (e as AppError).message });
    }
  }

  async function importCatalogue(file: File | undefined) {
    if (!file) return;
    setSkipped([]);
    try {
      const r = await invoke('certificates/importCatalogue', { fileName: file.name, content: new Uint8Array(await file.arrayBuffer()), kind: importKind });
      setMessage({ ok: true, text: `已导入“${file.name}”：新增 ${r.added} 条，更新 ${r.updated} 条${r.skipped.length ? `，跳过 ${r.skipped.length} 行` : ''}` });
      setSkipped(r.skipped);
      load();
    } catch (e) {
      setMessage({ ok: false, text: `导入失败：${(e as AppError).message}` });
    }
  }

  return (
    <div className="page lists certificates">
      <h2>证书</h2>
      <div className="toolbar">
        <input className="search" placeholder="搜索产品、企业或证书编号" value={search} disabled={expiringOnly} onChange={(e) => setSearch(e.target.value)} />
        <label>
          <input type="checkbox" checked={expiringOnly} onChange={(e) => setExpiringOnly(e.target.checked)} />
          即将到期（60 天内）
        </label>
        <button className="primary" onClick={() => setEditing({ ...EMPTY })}>＋ 新增证书</button>
        <label>
          导入目录
          <select aria-label="目录中的证书类别" value={importKind} onChange={(e) => setImportKind(e.target.value as CertificateKind)}>
            {CERTIFICATE_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="button">
          选择目录文件…
          <input
            type="file"
            accept=".xlsx,.xls"
            hidden
            aria-label="选择证书目录 Excel 文件"
            onChange={(e) => {
              void importCatalogue(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {message && <p className={message.ok ? 'ok-text' : 'error-text'} role="status">{message.text}</p>}
      {skipped.length > 0 && (
        <details>
          <summary>跳过的行（{skipped.length}）</summary>
          <ul>
            {skipped.slice(0, 100).map((s) => (
              <li key={s.row}>第 {s.row} 行：{s.reason}</li>
            ))}
          </ul>
        </details>
      )}
      {editing && (
        <form
          className="card edit-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3>{editing.id ? '修改证书' : '新增证书'}</h3>
          <div className="grid-form">
            <label>
              类别
              <select value={editing.kind} onChange={(e) => setEditing({ ...editing, kind: e.target.value as CertificateKind })}>
                {CERTIFICATE_KINDS.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </label>
            {TEXT_FIELDS.map((f) => (
              <label key={f.key}>
                {f.label}
                <input required={f.required} value={editing[f.key] ?? ''} onChange={(e) => setEditing({ ...editing, [f.key]: e.target.value || null })} />
              </label>
            ))}
            <label>
              有效期自
              <input type="date" value={editing.validFrom ?? ''} onChange={(e) => setEditing({ ...editing, validFrom: e.target.value || null })} />
            </label>
            <label>
              有效期至
              <input type="date" value={editing.validTo ?? ''} onChange={(e) => setEditing({ ...editing, validTo: e.target.value || null })} />
            </label>
          </div>
          <div className="actions">
            <button type="submit" className="primary">保存</button>
            <button type="button" onClick={() => setEditing(null)}>取消</button>
          </div>
          {editing.id ? <AttachmentsSection entity="certificate" id={editing.id} defaultRole="认定证书" /> : <p className="muted">保存后可在这里添加证书扫描件。</p>}
        </form>
      )}
      <table className="table certificate-table">
        <thead>
          <tr>
            <th>类别</th>
            <th>证书编号</th>
            <th>产品名称</th>
            <th>企业</th>
            <th>发证机构</th>
            <th>有效期自</th>
            <th>有效期至</th>
            <th>状态</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {certificates.map((c) => {
            const status = certificateStatus(c, today);
            return (
              <tr key={c.id}>
                <td>{c.kind}</td>
                <td>{c.number}</td>
                <td>{c.productName}</td>
                <td>{c.supplierName}</td>
                <td>{c.issuer}</td>
                <td>{c.validFrom}</td>
                <td>{c.validTo ?? <span className="muted">长期</span>}</td>
                <td>
                  <span className={`badge ${STATUS_CLASS[status]}`}>{status}</span>
                </td>
                <td className="nowrap">
                  <button className="link" onClick={() => setEditing({ ...c })}>修改</button>
                  <button className="link danger" onClick={() => void remove(c)}>删除</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {certificates.length === 0 && <p className="muted">{expiringOnly ? '60 天内没有到期的证书。' : '还没有证书。'}</p>}
      <MissingInvoices />
    </div>
  );
}
