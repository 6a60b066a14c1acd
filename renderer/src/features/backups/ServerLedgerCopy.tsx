/**
 * 备份 for a ledger on a PostgreSQL server: the server keeps its backups, so this page makes the
 * one thing the office itself may want — the whole ledger (records, documents, operation log)
 * as a ledger file, verified before it is kept: a copy to keep, or the way back to one PC.
 */
import { useState } from 'react';
import { AppError } from '../../../../shared/result';
import { withoutPassword } from '../../../../shared/ledger-address';
import { invoke } from '../../api/client';
import { JobBar, useJob } from '../../ui/useJob';

function defaultName(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `共用台账备份-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`;
}

export function ServerLedgerCopy({ address, dataDir }: { address: string; dataDir: string }) {
  const [name, setName] = useState(defaultName);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const { job, run, cancel } = useJob();

  async function save() {
    setMessage(null);
    try {
      const r = await run('正在把共用台账复制到文件', (jobId) => invoke('ledger/copyTo', { target: name.trim(), jobId }));
      setMessage({ kind: 'ok', text: `已保存到“${r.target}”：${r.records.toLocaleString('zh-CN')} 条记录、${r.auditEntries.toLocaleString('zh-CN')} 条操作记录，已通过校验。` });
      setName(defaultName());
    } catch (e) {
      setMessage({ kind: 'error', text: (e as AppError).message });
    }
  }

  return (
    <div className="page backups">
      <div className="page-title">
        <h2>备份</h2>
      </div>
      <p className="muted">
        本台账是数据库服务器上的共用台账（{withoutPassword(address)}），由服务器负责备份，本机不再另行自动备份。需要一份完整的台账文件时（留存备份，或改回在一台电脑上单独使用），可在这里把全部记录、附件和操作记录复制成台账文件；副本通过完整性校验后才会保存。
      </p>
      <form
        className="card server-copy"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          文件名
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} aria-describedby="server-copy-where" />
        </label>
        <p className="muted" id="server-copy-where">
          保存在 {dataDir}（也可填写完整路径）
        </p>
        <button className="primary" type="submit" disabled={job !== null || name.trim() === ''}>
          保存为台账文件
        </button>
      </form>
      <JobBar job={job} onCancel={cancel} />
      {message && <p className={message.kind === 'ok' ? 'ok-text' : 'error-text'} role={message.kind === 'ok' ? 'status' : 'alert'}>{message.text}</p>}
    </div>
  );
}
