/** 操作记录: every change to the ledger, newest first, from the hash-chained audit log. */
import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry } from '../../../../shared/api';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import type { Reference } from '../../state/reference';
import { actionLabel, entityLabel, formatTime } from '../../ui/format';
import { describeChanges } from './describe';
import { ReusedIdsRepair } from './ReusedIdsRepair';

const PAGE = 100;

export function HistoryPage({ reference, onOpenRecord }: { reference: Reference | null; onOpenRecord(id: number): void }) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<string | null>(null);
  /** verify named a number reused before migration 9: offer the repair */
  const [reused, setReused] = useState(false);

  /** what the repair just ended, shown above the new verdict */
  const [repaired, setRepaired] = useState<string | null>(null);

  const runVerify = useCallback(async () => {
    setVerify('正在验证…');
    setReused(false);
    try {
      const r = await invoke('verify/ledger', {});
      const verdict = r.ok ? '✓ 验证通过：数据库完整，操作记录链完好，每条数据都与操作记录一致。' : `✗ 发现 ${r.problems.length} 个问题：${r.problems.slice(0, 5).map((p) => p.message).join('；')}`;
      setVerify(verdict);
      setReused(r.problems.some((p) => p.code === 'ID_REUSED'));
    } catch (e) {
      setVerify((e as AppError).message);
    }
  }, []);

  const load = useCallback(async (beforeSeq?: number) => {
    try {
      const r = await invoke('audit/history', { beforeSeq, limit: PAGE });
      setEntries((prev) => (beforeSeq ? [...prev, ...r.entries] : r.entries));
      setMore(r.entries.length === PAGE);
    } catch (e) {
      setError((e as AppError).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <div className="page">
      <div className="page-head">
        <h2>操作记录</h2>
        <p className="muted">台账的每一次修改都按时间记录，并以哈希链相连；在本程序之外改动数据会被“验证台账”发现。</p>
        <button
          onClick={() => {
            setRepaired(null);
            void runVerify();
          }}
        >
          验证台账
        </button>
        {repaired && <p className="ok-text">{repaired}</p>}
        {verify && <p className={verify.startsWith('✗') ? 'error-text' : 'ok-text'}>{verify}</p>}
        {reused && (
          <ReusedIdsRepair
            onRepaired={(message) => {
              // the repair's entries head the list, and the verdict is taken again
              setRepaired(message);
              void load();
              void runVerify();
            }}
          />
        )}
      </div>
      {error && <p className="error-text">{error}</p>}
      <table className="table history">
        <thead>
          <tr>
            <th>序号</th>
            <th>时间</th>
            <th>操作人</th>
            <th>操作</th>
            <th>对象</th>
            <th>内容</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td className="nowrap">{formatTime(e.at)}</td>
              <td>{e.actor}</td>
              <td className="nowrap">{e.label ?? actionLabel(e.action)}</td>
              <td className="nowrap">
                {actionLabel(e.action)}
                {e.entity === 'record' && e.entityId !== null ? (
                  // a deleted record's history stays under its own number: open it from here
                  <button className="link" title="查看这条记录及其修改记录" onClick={() => onOpenRecord(e.entityId!)}>
                    {entityLabel(e.entity)} {e.entityId}
                  </button>
                ) : (
                  <>
                    {entityLabel(e.entity)} {e.entityId ?? ''}
                  </>
                )}
              </td>
              <td className="changes">{describeChanges(e, reference).slice(0, 6).join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && !error && <p className="muted">还没有任何操作记录。</p>}
      {more && entries.length > 0 && (
        <button className="more" onClick={() => void load(entries[entries.length - 1].seq)}>
          加载更早的记录
        </button>
      )}
    </div>
  );
}
