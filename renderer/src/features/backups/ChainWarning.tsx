/**
 * The office PC's warning when the ledger just opened is shorter than, or different from, what
 * this PC saw last (electron/core/ledger/witness.ts): shown loudly above every page until the
 * user restores the offered backup or chooses to keep the ledger as it is.
 */
import { useState } from 'react';
import type { ChainWarning as Warning, LedgerStatus } from '../../../../shared/api';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { formatTime } from '../../ui/format';

export function ChainWarning({ warning, onResolved }: { warning: Warning; onResolved(s: LedgerStatus): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmKeep, setConfirmKeep] = useState(false);

  async function run(fn: () => Promise<LedgerStatus>) {
    setBusy(true);
    setError(null);
    try {
      onResolved(await fn());
    } catch (e) {
      setError((e as AppError).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="chain-warning" role="alert">
      <strong>{warning.kind === 'shorter' ? '台账缺少已保存的修改' : '台账的操作记录被改动过'}</strong>
      <p>{warning.message}</p>
      {error && <p className="error-text">{error}</p>}
      <div className="actions">
        {warning.backup && (
          <button className="primary" disabled={busy} onClick={() => void run(() => invoke('backups/restore', { file: warning.backup!.file }))}>
            用 {formatTime(warning.backup.at)} 的备份恢复（{warning.backup.records ?? '?'} 条记录）
          </button>
        )}
        {confirmKeep ? (
          <>
            <span>确定保留现在的台账？之后不再提示，缺少的修改需要重新录入。</span>
            <button disabled={busy} onClick={() => void run(() => invoke('ledger/acceptChain', {}))}>
              确定保留
            </button>
            <button className="link" disabled={busy} onClick={() => setConfirmKeep(false)}>
              取消
            </button>
          </>
        ) : (
          <button disabled={busy} onClick={() => setConfirmKeep(true)}>
            仍使用现在的台账…
          </button>
        )}
      </div>
    </div>
  );
}
