/**
 * 报送: the months with their status. Building a month's package runs every check first, is
 * refused while unwaived errors remain (or forced with a written reason), then locks the month.
 * A submitted month is reopened only with a reason. Any package can be checked against its
 * manifest here too.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PeriodInfo } from '../../../../shared/domain/checks';
import { olderFormatNotice } from '../../../../shared/domain/package';
import { formatFen } from '../../../../shared/money';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { formatTime } from '../../ui/format';
import { JobBar, useJob } from '../../ui/useJob';

function downloadZip(name: string, bytes: Uint8Array) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

type Pending = { month: string; kind: 'force' | 'reopen'; message?: string };

export function SubmissionPage({ onChanged }: { onChanged(): void }) {
  const [periods, setPeriods] = useState<PeriodInfo[]>([]);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [verified, setVerified] = useState<string | null>(null);
  const { job, run, cancel } = useJob();

  const load = useCallback(() => void invoke('periods/list', {}).then((r) => setPeriods(r.periods), (e: AppError) => setMessage({ kind: 'error', text: e.message })), []);
  useEffect(load, [load]);

  async function build(month: string, forceReason?: string) {
    setMessage(null);
    try {
      // The core saves the package beside the ledger and locks the month only once it is there;
      // the download is a copy for sending.
      const r = await run(`正在生成 ${month} 的报送包`, (jobId) => invoke('package/build', { period: month, forceReason, saveBesideLedger: true, jobId }));
      downloadZip(r.fileName, r.content);
      setMessage({ kind: 'ok', text: `已生成 ${r.fileName}（${r.records} 条，合计 ${formatFen(r.totalFen)} 元），已保存到 ${r.file ?? ''}，${month} 已锁定。报送包 SHA-256：${r.sha256}` });
      setPending(null);
      setReason('');
      load();
      onChanged();
    } catch (e) {
      const err = e as AppError;
      if (err.code === 'PACKAGE_BLOCKED') setPending({ month, kind: 'force', message: err.message });
      else setMessage({ kind: 'error', text: err.code === 'CANCELLED' ? '已取消，未生成报送包，该月未锁定' : err.message });
    }
  }

  async function reopen(month: string, why: string) {
    try {
      await invoke('periods/reopen', { month, reason: why });
      setMessage({ kind: 'ok', text: `${month} 已重新打开，可以修改；再次报送将生成新版本的报送包。` });
      setPending(null);
      setReason('');
      load();
      onChanged();
    } catch (e) {
      setMessage({ kind: 'error', text: (e as AppError).message });
    }
  }

  async function verify(file: File) {
    setVerified(null);
    try {
      const r = await invoke('package/verify', { content: new Uint8Array(await file.arrayBuffer()) });
      // The figures shown are the ones recomputed from the package's contents, not its manifest's claims.
      const f = r.figures;
      const forced = r.forced ? `。注意：强制报送，仍有 ${r.forced.unwaivedErrors} 个未豁免的错误，原因：${r.forced.reason}` : '';
      const older = r.olderFormat ? `。注意：${olderFormatNotice(r.olderFormat.unchecked)}` : '';
      setVerified(
        r.ok && f
          ? `✓ ${file.name}：与清单一致，数字已按明细核算（${f.office} ${f.period} 第 ${f.version} 版，${f.records} 条，合计 ${formatFen(f.totalFen)} 元，${r.manifest?.files ?? 0} 个文件）${forced}${older}`
          : `✗ ${file.name}：${r.problems.map((p) => p.message).join('；')}`,
      );
    } catch (e) {
      setVerified(`✗ ${(e as AppError).message}`);
    }
  }

  return (
    <div className="page submission">
      <JobBar job={job} onCancel={cancel} />
      <h2>报送</h2>
      <p className="muted">生成报送包前会先运行全部检查；仍有未豁免的错误时不能报送（可在“检查”中修正或写明原因豁免）。报送后该月锁定，修改须先写明原因重新打开。</p>
      {message && (
        <p className={message.kind === 'ok' ? 'ok-text' : 'error-text'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <table className="table periods">
        <thead>
          <tr>
            <th>月份</th>
            <th className="num">记录数</th>
            <th className="num">金额（元）</th>
            <th>状态</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.month}>
              <td>{p.month}</td>
              <td className="num">{p.records.toLocaleString('zh-CN')}</td>
              <td className="num">{formatFen(p.totalFen)}</td>
              <td>
                {p.status === 'submitted' ? (
                  <span className="badge done">已报送（第 {p.version} 版，{p.submittedAt ? formatTime(p.submittedAt) : ''}）</span>
                ) : p.reopenedAt ? (
                  <span className="badge ready" title={p.reopenReason ?? ''}>已重新打开（{p.reopenReason}）</span>
                ) : (
                  <span className="badge">未报送</span>
                )}
                {p.packageSha256 && (
                  // What the city compares the package it received with: shown whole, selectable.
                  <div className="sha-line">
                    {p.status === 'submitted' ? '报送包' : '上次报送包'} SHA-256：<code className="sha" aria-label={`${p.month} 报送包 SHA-256`}>{p.packageSha256}</code>
                  </div>
                )}
              </td>
              <td className="row-actions">
                {p.status === 'submitted' ? (
                  <button onClick={() => setPending({ month: p.month, kind: 'reopen' })}>重新打开…</button>
                ) : (
                  <button className="primary" disabled={Boolean(job) || p.records === 0} onClick={() => void build(p.month)}>
                    生成报送包并锁定
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {pending && (
        <form
          className="card reason-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (pending.kind === 'reopen') void reopen(pending.month, reason);
            else void build(pending.month, reason);
          }}
        >
          {pending.kind === 'force' ? (
            <>
              <p className="error-text">{pending.message}</p>
              <label>
                如确需先行报送，请写明原因（将记入报送包和操作记录）
                <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={2} required aria-label="强制报送原因" />
              </label>
              <div className="toolbar">
                <button type="submit" className="danger">强制报送 {pending.month}</button>
                <button type="button" onClick={() => setPending(null)}>取消</button>
              </div>
            </>
          ) : (
            <>
              <label>
                重新打开 {pending.month} 的原因（将记入操作记录）
                <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={2} required aria-label="重新打开原因" />
              </label>
              <div className="toolbar">
                <button type="submit" className="primary">重新打开</button>
                <button type="button" onClick={() => setPending(null)}>取消</button>
              </div>
            </>
          )}
        </form>
      )}

      <section className="card">
        <h3>核对报送包</h3>
        <p className="muted">选择一个报送包（.zip），逐个文件与其清单核对，并按包内明细重新核算笔数、金额和各项汇总：有文件被改动、缺失或多出，或数字与清单不符，都会指出。</p>
        <label className="button">
          选择报送包…
          <input type="file" accept=".zip" hidden aria-label="选择报送包" onChange={(e) => e.target.files?.[0] && void verify(e.target.files[0])} />
        </label>
        {verified && <p className={verified.startsWith('✓') ? 'ok-text' : 'error-text'}>{verified}</p>}
      </section>
    </div>
  );
}
