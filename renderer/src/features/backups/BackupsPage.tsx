/**
 * 备份: the ledger's backups (automatic every 10 minutes at most while changes happen and on
 * exit; manual ones; the one taken before each restore), with dates and record counts; take one
 * now; restore one after confirming (the current state is backed up first). A ledger on a
 * PostgreSQL server is backed up by its server: its page copies it to a ledger file instead.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BackupInfo, LedgerStatus } from '../../../../shared/api';
import { isPostgresAddress } from '../../../../shared/ledger-address';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { formatBytes, formatTime } from '../../ui/format';
import { ServerLedgerCopy } from './ServerLedgerCopy';

const KIND_LABEL: Record<BackupInfo['kind'], string> = { automatic: '自动', manual: '手动', beforeRestore: '恢复前' };

export function BackupsPage({ status, onRestored }: { status: LedgerStatus; onRestored(s: LedgerStatus): void }) {
  if (status.path && isPostgresAddress(status.path)) return <ServerLedgerCopy address={status.path} dataDir={status.dataDir} />;
  return <FileLedgerBackups onRestored={onRestored} />;
}

/** A ledger file's backups, in the folder beside it. */
function FileLedgerBackups({ onRestored }: { onRestored(s: LedgerStatus): void }) {
  const [backups, setBackups] = useState<BackupInfo[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const load = useCallback(() => void invoke('backups/list', {}).then((r) => setBackups(r.backups), (e: AppError) => setMessage({ kind: 'error', text: e.message })), []);
  useEffect(load, [load]);

  async function act(fn: () => Promise<void>) {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setMessage({ kind: 'error', text: (e as AppError).message });
    } finally {
      setBusy(false);
      load();
    }
  }

  return (
    <div className="page backups">
      <div className="page-title">
        <h2>备份</h2>
        <button className="primary" disabled={busy} onClick={() => void act(async () => {
          const r = await invoke('backups/create', {});
          setMessage({ kind: 'ok', text: `已备份（${r.backup.records ?? '?'} 条记录，已通过完整性检查）：${r.backup.name}` });
        })}>
          立即备份
        </button>
      </div>
      <p className="muted">
        修改台账后，程序每 10 分钟至多自动备份一次，退出时也会备份；每次备份都用数据库的在线备份生成并通过完整性检查后才保留。保留规则：当天的全部保留，最近 30 天每天保留一份，最近 12 个月每月保留一份；手动备份和“恢复前”备份不会自动删除。
      </p>
      {message && <p className={message.kind === 'ok' ? 'ok-text' : 'error-text'} role={message.kind === 'ok' ? 'status' : 'alert'}>{message.text}</p>}
      {backups.length === 0 ? (
        <p className="muted">还没有备份。</p>
      ) : (
        <table className="table backups-table">
          <thead>
            <tr>
              <th>时间</th>
              <th>类型</th>
              <th className="num">记录数</th>
              <th className="num">大小</th>
              <th>文件</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.file}>
                <td className="nowrap">{formatTime(b.at)}</td>
                <td>{KIND_LABEL[b.kind]}</td>
                <td className="num">{b.records === null ? '无法读取' : b.records.toLocaleString('zh-CN')}</td>
                <td className="num">{formatBytes(b.sizeBytes)}</td>
                <td className="muted">{b.name}</td>
                <td className="row-actions">
                  <button
                    disabled={busy || b.records === null}
                    onClick={() => {
                      if (!window.confirm(`用 ${formatTime(b.at)} 的备份（${b.records} 条记录）替换当前台账？\n当前台账会先另存为一份“恢复前”备份，之后仍可恢复回来。`)) return;
                      void act(async () => onRestored(await invoke('backups/restore', { file: b.file })));
                    }}
                  >
                    恢复…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
