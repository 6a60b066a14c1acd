/**
 * 检查: run every check (whole ledger or one month) in short steps with a progress bar and a
 * cancel button; issues grouped by code with counts, what each code means and how to fix it;
 * a click jumps to the record in the grid; waive an issue with a reason; months and their lock.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { CHECKS, type CheckCode } from '../../../../shared/checks/codes';
import type { CheckGroup, CheckIssue, CheckProgress, CheckSummary, PeriodInfo } from '../../../../shared/domain/checks';
import { formatFen } from '../../../../shared/money';
import type { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';

const PAGE = 100;

interface Props {
  onJump(recordId: number): void;
}

export function ChecksPage({ onJump }: Props) {
  const [period, setPeriod] = useState('');
  const [periods, setPeriods] = useState<PeriodInfo[]>([]);
  const [progress, setProgress] = useState<CheckProgress | null>(null);
  const [summary, setSummary] = useState<CheckSummary | null>(null);
  const [open, setOpen] = useState<CheckCode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runId = useRef<string | null>(null);

  const loadPeriods = useCallback(() => void invoke('periods/list', {}).then((r) => setPeriods(r.periods)), []);
  useEffect(() => {
    loadPeriods();
    // Show the last run's result when coming back to the page.
    invoke('checks/issues', { limit: 1 }).then((r) => setSummary(r.summary), () => undefined);
  }, [loadPeriods]);

  async function run() {
    setError(null);
    try {
      const started = await invoke('checks/start', period ? { period } : {});
      runId.current = started.runId;
      setProgress(started.progress);
      // Short steps: the core answers other calls (and the cancel button) between them.
      for (;;) {
        if (runId.current !== started.runId) return;
        const step = await invoke('checks/continue', { runId: started.runId, budgetMs: 200 });
        setProgress(step.progress);
        if (step.done) {
          setSummary(step.summary);
          setOpen(null);
          break;
        }
      }
    } catch (e) {
      setError((e as AppError).message);
    } finally {
      runId.current = null;
      setProgress(null);
    }
  }

  function cancel() {
    const id = runId.current;
    runId.current = null;
    setProgress(null);
    if (id) void invoke('checks/cancel', { runId: id });
  }

  const refresh = useCallback(() => {
    void invoke('checks/issues', { limit: 1 }).then((r) => setSummary(r.summary));
  }, []);

  return (
    <div className="page checks">
      <h2>检查</h2>
      <div className="toolbar">
        <label className="inline-label">
          范围
          <select value={period} onChange={(e) => setPeriod(e.target.value)} disabled={progress !== null}>
            <option value="">全部记录</option>
            {periods.map((p) => (
              <option key={p.month} value={p.month}>
                {p.month}
                {p.status === 'submitted' ? '（已报送）' : ''}
              </option>
            ))}
          </select>
        </label>
        {progress ? (
          <>
            <progress value={progress.fraction} max={1} />
            <span className="muted">{progress.stage}</span>
            <button onClick={cancel}>取消</button>
          </>
        ) : (
          <button className="primary" onClick={() => void run()}>
            {summary ? '重新检查' : '运行检查'}
          </button>
        )}
      </div>
      {error && <div className="message error" role="alert">{error}</div>}
      {summary && <Summary summary={summary} />}
      {summary?.groups.map((g) => (
        <Group key={g.code} group={g} open={open === g.code} onToggle={() => setOpen(open === g.code ? null : g.code)} onJump={onJump} onChanged={refresh} />
      ))}
      <Periods periods={periods} onChanged={loadPeriods} />
    </div>
  );
}

function Summary({ summary }: { summary: CheckSummary }) {
  const errors = summary.groups.filter((g) => g.severity === 'error').reduce((n, g) => n + g.count, 0);
  const warnings = summary.groups.filter((g) => g.severity === 'warning').reduce((n, g) => n + g.count, 0);
  return (
    <div className="check-summary" role="status">
      {summary.period ? `${summary.period} ` : '全部 '}共 {summary.records.toLocaleString('zh-CN')} 条记录：错误 {errors} 项，警告 {warnings} 项；
      {summary.openErrors > 0 ? <strong className="error-text">仍有 {summary.openErrors} 项错误未改正或豁免，不能报送</strong> : <strong className="ok-text">没有未处理的错误</strong>}
      <span className="muted">（检查于 {new Date(summary.ranAt).toLocaleString('zh-CN')}）</span>
      {summary.skipped.length > 0 && <div className="muted">本台账尚未启用附件与证书，以下检查未运行：{summary.skipped.map((c) => CHECKS[c].title).join('、')}</div>}
    </div>
  );
}

function Group({ group, open, onToggle, onJump, onChanged }: { group: CheckGroup; open: boolean; onToggle(): void; onJump(id: number): void; onChanged(): void }) {
  const def = CHECKS[group.code];
  const [issues, setIssues] = useState<CheckIssue[]>([]);
  const [total, setTotal] = useState(0);
  const load = useCallback(
    (limit: number) => invoke('checks/issues', { code: group.code, offset: 0, limit }).then((r) => {
      setIssues(r.issues);
      setTotal(r.total);
    }),
    [group.code],
  );
  useEffect(() => {
    if (open) void load(PAGE);
  }, [open, load]);

  return (
    <section className="check-group" data-code={group.code}>
      <header onClick={onToggle} role="button" aria-expanded={open}>
        <span className={`badge ${group.severity}`}>{group.severity === 'error' ? '错误' : '警告'}</span>
        <h3>
          {def.title} <code>{group.code}</code>
        </h3>
        <span className="count">{group.count} 项{group.waived ? `（已豁免 ${group.waived}）` : ''}</span>
        <span aria-hidden>{open ? '▾' : '▸'}</span>
      </header>
      {open && (
        <div className="body">
          <p className="explain">{def.explain}</p>
          <p className="fix">
            <strong>如何处理：</strong>
            {def.fix}
          </p>
          <table className="table issue-list">
            <thead>
              <tr>
                <th>记录</th>
                <th>问题</th>
                <th>处理</th>
              </tr>
            </thead>
            <tbody>
              {issues.map((i) => (
                <IssueRow key={`${i.subject}-${i.message}`} issue={i} onJump={onJump} onChanged={() => void load(Math.max(PAGE, issues.length)).then(onChanged)} />
              ))}
            </tbody>
          </table>
          {issues.length < total && (
            <button className="more" onClick={() => void load(issues.length + PAGE)}>
              再显示 {Math.min(PAGE, total - issues.length)} 项（共 {total} 项）
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function IssueRow({ issue, onJump, onChanged }: { issue: CheckIssue; onJump(id: number): void; onChanged(): void }) {
  const [waiving, setWaiving] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function waive() {
    try {
      await invoke('checks/waive', { code: issue.code, subject: issue.subject, reason });
      setWaiving(false);
      onChanged();
    } catch (e) {
      setError((e as AppError).message);
    }
  }
  return (
    <tr className={issue.waiver ? 'waived' : ''}>
      <td>
        {issue.recordId !== undefined ? (
          <button className="link" onClick={() => onJump(issue.recordId!)} title="在台账明细中定位到这条记录">
            记录 {issue.recordId} ↗
          </button>
        ) : (
          '—'
        )}
      </td>
      <td className="message">
        {issue.message}
        {issue.waiver && <div className="muted">已豁免：{issue.waiver.reason}</div>}
        {error && <div className="error-text">{error}</div>}
      </td>
      <td>
        {issue.waiver ? (
          <button className="link" onClick={() => void invoke('checks/unwaive', { id: issue.waiver!.id }).then(onChanged)}>
            撤销豁免
          </button>
        ) : waiving ? (
          <span className="waive-form">
            <input autoFocus placeholder="豁免原因（必填）" value={reason} onChange={(e) => setReason(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void waive()} />
            <button className="primary" onClick={() => void waive()} disabled={reason.trim().length < 2}>
              确认豁免
            </button>
            <button onClick={() => setWaiving(false)}>取消</button>
          </span>
        ) : (
          <button onClick={() => setWaiving(true)}>豁免…</button>
        )}
      </td>
    </tr>
  );
}

function Periods({ periods, onChanged }: { periods: PeriodInfo[]; onChanged(): void }) {
  const [reopening, setReopening] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (periods.length === 0) return null;
  async function reopen(month: string) {
    try {
      await invoke('periods/reopen', { month, reason });
      setReopening(null);
      setReason('');
      onChanged();
    } catch (e) {
      setError((e as AppError).message);
    }
  }
  return (
    <section className="periods">
      <h3>月份与报送</h3>
      <p className="muted">已报送的月份被锁定：该月的记录不能新增、修改或删除；确需更正时，填写原因重新打开（原因记入操作记录）。</p>
      {error && <div className="message error" role="alert">{error}</div>}
      <table className="table">
        <thead>
          <tr>
            <th>月份</th>
            <th>记录</th>
            <th>金额（元）</th>
            <th>状态</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr key={p.month}>
              <td>{p.month}</td>
              <td>{p.records.toLocaleString('zh-CN')}</td>
              <td>{formatFen(p.totalFen)}</td>
              <td>
                {p.status === 'submitted' ? `已报送（${p.submittedAt?.slice(0, 10)}，第 ${p.version} 次）` : p.reopenedAt ? `已重新打开：${p.reopenReason}` : '未报送'}
              </td>
              <td>
                {p.status === 'submitted' &&
                  (reopening === p.month ? (
                    <span className="waive-form">
                      <input autoFocus placeholder="重新打开的原因（必填）" value={reason} onChange={(e) => setReason(e.target.value)} />
                      <button className="primary" disabled={reason.trim().length < 2} onClick={() => void reopen(p.month)}>
                        确认重新打开
                      </button>
                      <button onClick={() => setReopening(null)}>取消</button>
                    </span>
                  ) : (
                    <button onClick={() => setReopening(p.month)}>重新打开…</button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
