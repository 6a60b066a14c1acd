/** First start (no ledger open): create a ledger, open one, or open the demo ledger. */
import { useEffect, useState } from 'react';
import type { LedgerStatus } from '../../../../shared/api';
import { isPostgresAddress } from '../../../../shared/ledger-address';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { formatBytes, formatTime } from '../../ui/format';

export function Welcome({ status, onOpened }: { status: LedgerStatus; onOpened(s: LedgerStatus): void }) {
  const [office, setOffice] = useState('');
  const [district, setDistrict] = useState('');
  const [districtCode, setDistrictCode] = useState('');
  const [fileName, setFileName] = useState(`台账-${new Date().getFullYear()}`);
  const [files, setFiles] = useState<{ path: string; name: string; sizeBytes: number; modifiedAt: string }[]>([]);
  const [openPath, setOpenPath] = useState('');
  /** shared ledgers (postgres:// addresses, without passwords) opened lately on this PC */
  const [servers, setServers] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [rememberPassword, setRememberPassword] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** a ledger that failed its check on opening, and the backup the core offers for it */
  const [damaged, setDamaged] = useState<{ ledgerPath: string; backup: { file: string; at: string; records: number | null } } | null>(null);

  useEffect(() => {
    void invoke('ledger/files', {}).then((r) => setFiles(r.files), () => undefined);
    void invoke('ledger/recent', {}).then((r) => setServers(r.files.filter(isPostgresAddress)), () => undefined);
  }, []);
  const serverAddress = isPostgresAddress(openPath) && URL.canParse(openPath.trim());
  /** the address to open: the password from its own masked field, when one is typed there */
  function addressToOpen(): string {
    if (!serverAddress || password === '') return openPath.trim();
    const u = new URL(openPath.trim());
    u.password = encodeURIComponent(password);
    return u.toString();
  }
  const withPassword = serverAddress && (password !== '' || new URL(openPath.trim()).password !== '');

  async function run(what: string, fn: () => Promise<LedgerStatus>) {
    setBusy(what);
    setError(null);
    setDamaged(null);
    try {
      onOpened(await fn());
    } catch (e) {
      const err = e as AppError;
      setError(err.message);
      const details = err.details as { ledgerPath?: string; backup?: { file: string; at: string; records: number | null } | null } | undefined;
      if (err.code === 'LEDGER_DAMAGED' && details?.ledgerPath && details.backup) setDamaged({ ledgerPath: details.ledgerPath, backup: details.backup });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="welcome">
      <h1>帮扶台账</h1>
      <p className="muted">消费帮扶台账 · 离线记账 · 每一笔都有据可查</p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {damaged && (
        <div className="card damaged">
          <p>
            最近的完好备份：{formatTime(damaged.backup.at)}，{damaged.backup.records ?? '?'} 条记录。恢复后，损坏的文件会改名保留在原文件夹中，不会删除；备份之后的修改需要重新录入或导入。
          </p>
          <button className="primary" disabled={busy !== null} onClick={() => void run('restore', () => invoke('backups/restoreDamaged', { ledgerPath: damaged.ledgerPath, file: damaged.backup.file }))}>
            用这个备份恢复台账
          </button>
        </div>
      )}
      <div className="cards">
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            void run('create', () => invoke('ledger/create', { path: fileName.trim(), officeName: office.trim(), districtName: district.trim(), districtCode: districtCode.trim() }));
          }}
        >
          <h2>新建台账</h2>
          <label>
            单位名称
            <input required value={office} onChange={(e) => setOffice(e.target.value)} placeholder="如：松江区合作交流办" />
          </label>
          <div className="row">
            <label>
              所在区
              <input value={district} onChange={(e) => setDistrict(e.target.value)} placeholder="如：松江区" />
            </label>
            <label>
              区县代码
              <input value={districtCode} onChange={(e) => setDistrictCode(e.target.value)} placeholder="如：310117" pattern="\d{6}" title="6 位行政区划代码" />
            </label>
          </div>
          <label>
            文件名
            <input required value={fileName} onChange={(e) => setFileName(e.target.value)} />
            <small className="muted">保存在 {status.dataDir}</small>
          </label>
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === 'create' ? '正在创建…' : '创建并打开'}
          </button>
          <small className="muted">将预置上海对口帮扶地区（云南、新疆喀什、西藏日喀则、青海果洛、三峡库区、贵州遵义），可在“设置”中修改。</small>
        </form>

        <div className="card">
          <h2>打开台账</h2>
          {servers.length > 0 && (
            <ul className="file-list servers" aria-label="最近打开的共用台账">
              {servers.map((address) => (
                <li key={address}>
                  <button className="file" disabled={busy !== null} onClick={() => {
                    // put there too, so that when the server asks for a password its field is at hand
                    setOpenPath(address);
                    void run('open', () => invoke('ledger/open', { path: address }));
                  }}>
                    <strong>共用台账 {address.replace(/^postgres(ql)?:\/\//i, '')}</strong>
                    <small className="muted">数据库服务器上的台账</small>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {files.length > 0 ? (
            <ul className="file-list">
              {files.map((f) => (
                <li key={f.path}>
                  <button className="file" disabled={busy !== null} onClick={() => void run('open', () => invoke('ledger/open', { path: f.path }))}>
                    <strong>{f.name}</strong>
                    <small className="muted">
                      {formatTime(f.modifiedAt)} · {formatBytes(f.sizeBytes)}
                    </small>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">台账文件夹中还没有台账。</p>
          )}
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (openPath.trim()) void run('open', () => invoke('ledger/open', { path: addressToOpen(), rememberPassword: withPassword && rememberPassword }));
            }}
          >
            <input value={openPath} onChange={(e) => setOpenPath(e.target.value)} placeholder="或输入台账文件的完整路径，或共用台账的地址（postgres://用户名@服务器/数据库）" />
            <button type="submit" disabled={busy !== null || !openPath.trim()}>打开</button>
          </form>
          {serverAddress && (
            <div className="server-login">
              <label>
                数据库密码
                <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" placeholder="已保存密码或服务器无需密码时可不填" />
              </label>
              <label className="inline">
                <input type="checkbox" checked={rememberPassword} disabled={!withPassword} onChange={(e) => setRememberPassword(e.target.checked)} />
                记住密码（保存在本人的 PostgreSQL 密码文件中，仅本人可读；不勾选则只用于这一次）
              </label>
            </div>
          )}
        </div>

        <div className="card">
          <h2>先看看演示</h2>
          <p className="muted">打开一个含 3,000 条模拟记录的演示台账（松江区，对口地区的真实产品），随意试用，不影响正式台账。</p>
          <button className="primary" disabled={busy !== null} onClick={() => void run('demo', () => invoke('ledger/openDemo', {}))}>
            {busy === 'demo' ? '正在准备演示台账…' : '打开演示台账'}
          </button>
        </div>
      </div>
    </div>
  );
}
