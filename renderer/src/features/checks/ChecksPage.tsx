/**
 * 检查: every check of domain.md over the whole ledger or one month, run in short steps so the
 * window stays responsive (progress and 取消). Issues grouped by code with counts, what each
 * code means and how to fix it; a click opens the record; an issue can be waived with a reason
 * (audited, and shown in the submission package's check report).
 */
import { useRef, useState } from 'react';
import { CHECKS, type CheckCode } from '../../../../shared/checks/codes';
import type { CheckIssue, CheckSummary } from '../../../../shared/domain/checks';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { formatTime } from '../../ui/format';
import { MonthPicker } from '../../ui/MonthPicker';

const PAGE = 200;

export function ChecksPage({ onOpenRecord }: { onOpenRecord(id: number): void }) {
  const [wholeLedger, setWholeLedger] = useState(true);
  const [period, setPeriod] = useState(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });
  const [summary, setSummary] = useState<CheckSummary | null>(null);
  const [progress, setProgress] = useState<{ fraction: number; stage: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<CheckCode | null>(null);
  const [issues, setIssues] = useState<{ list: CheckIssue[]; total: number }>({ list: [], total: 0 });
  const [waiving, setWaiving] = useState<CheckIssue | null>(null);
  const [reason, setReason] = useState('');
  const runId = useRef<string | null>(null);

  async function runChecks() {
    setError(null);
    setOpen(null);
    try {
      const started = await invoke('checks/start', wholeLedger ? {} : { period });
      runId.current = started.runId;
      setProgress(started.progress);
      for (;;) {
        if (runId.current !== started.runId) return; // cancelled
        const step = await invoke('checks/continue', { runId: started.runId, budgetMs: 200 });
        setProgress(step.progress);
        if (step.done) {
          setSummary(step.summary);
          break;
        }
      }
    } catch (e) {
      setError((e as AppError).code === 'CANCELLED' ? '已取消检查' : (e as AppError).message);
    } finally {
      runId.current = null;
      setProgress(null);
    }
  }

  function cancel() {
    const id = runId.current;
    runId.current = null;
    if (id) void invoke('checks/cancel', { runId: id });
    setProgress(null);
    setError('已取消检查');
  }

  async function show(code: CheckCode) {
    setOpen(code);
    try {
      const r = await invoke('checks/issues', { code, offset: 0, limit: PAGE });
      setIssues({ list: r.issues, total: r.total });
      setSummary(r.summary);
    } catch (e) {
      setError((e as AppError).message);
    }
  }

  async function waive(issue: CheckIssue) {
    try {
      await invoke('checks/waive', { code: issue.code, subject: issue.subject, reason });
      setWaiving(null);
      setReason('');
      await show(issue.code);
    } catch (e) {
      setError((e as AppError).message);
    }
  }

  const groups = summary ? [...summary.groups].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1)) : [];

  return (
    <div className="page checks">
      <div className="page-title">
        <h2>检查</h2>
        <label className="inline">
          <input type="checkbox" checked={wholeLedger} onChange={(e) => setWholeLedger(e.target.checked)} /> 整个台账
        </label>
        {!wholeLedger && (
          <span className="inline">
            月份 <MonthPicker value={period} onChange={setPeriod} label="检查月份" />
          </span>
        )}
        <button className="primary" onClick={() => void runChecks()} disabled={progress !== null}>
          {summary ? '重新检查' : '运行检查'}
        </button>
      </div>
      {progress && (
        <div className="job-bar" role="status">
          <strong>正在检查</strong>
          <span className="job-phase">{progress.stage}</span>
          <progress max={1} value={progress.fraction} aria-label="进度" />
          <button onClick={cancel}>取消</button>
        </div>
      )}
      {error && <p className="error-text" role="alert">{error}</p>}
      {summary && (
        <>
          <p className={summary.openErrors ? 'error-text' : 'ok-text'}>
            {summary.period ? `${summary.period}：` : '整个台账：'}检查了 {summary.records.toLocaleString('zh-CN')} 条记录（{formatTime(summary.ranAt)}）。
            {summary.openErrors ? `还有 ${summary.openErrors} 个未豁免的错误，报送前须修正或写明原因豁免。` : '没有未豁免的错误，可以报送。'}
          </p>
          {groups.length === 0 && <p className="muted">没有发现问题。</p>}
          <div className="check-groups">
            {groups.map((g) => {
              const def = CHECKS[g.code];
              return (
                <section key={g.code} className={`card check-group ${g.severity}`}>
                  <header onClick={() => void (open === g.code ? setOpen(null) : show(g.code))} role="button" aria-expanded={open === g.code}>
                    <span className={`badge ${g.severity === 'error' ? 'failed' : 'ready'}`}>{g.severity === 'error' ? '错误' : '提示'}</span>
                    <strong>{def?.title ?? g.code}</strong>
                    <code>{g.code}</code>
                    <span className="count">
                      {g.count} 个{g.waived ? `（已豁免 ${g.waived}）` : ''}
                    </span>
                  </header>
                  {open === g.code && (
                    <div className="check-detail">
                      <p>{def?.explain}</p>
                      <p className="muted">怎么改：{def?.fix}</p>
                      <table className="table">
                        <tbody>
                          {issues.list.map((i) => (
                            <tr key={i.subject} className={i.waiver ? 'muted' : ''}>
                              <td>{i.message}</td>
                              <td className="nowrap">
                                {i.recordId !== undefined && (
                                  <button className="link" onClick={() => onOpenRecord(i.recordId!)}>
                                    查看记录 {i.recordId}
                                  </button>
                                )}
                              </td>
                              <td className="nowrap">
                                {i.waiver ? (
                                  <span title={i.waiver.reason}>已豁免：{i.waiver.reason}</span>
                                ) : waiving?.subject === i.subject ? (
                                  <form
                                    className="inline"
                                    onSubmit={(e) => {
                                      e.preventDefault();
                                      void waive(i);
                                    }}
                                  >
                                    <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="豁免原因（将记入操作记录和报送包）" minLength={2} required aria-label="豁免原因" />
                                    <button type="submit">确认豁免</button>
                                    <button type="button" onClick={() => setWaiving(null)}>取消</button>
                                  </form>
                                ) : (
                                  <button onClick={() => setWaiving(i)}>豁免…</button>
                                )}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                      {issues.total > issues.list.length && <p className="muted">仅列出前 {issues.list.length} 个（共 {issues.total} 个）。</p>}
                    </div>
                  )}
                </section>
              );
            })}
          </div>
        </>
      )}
    </div>
  );
}
