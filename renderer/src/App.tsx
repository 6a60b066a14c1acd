/** The app shell: the welcome screen without a ledger; otherwise the ledger and its pages. */
import { useCallback, useEffect, useState } from 'react';
import type { LedgerStatus } from '../../shared/api';
import { AppError } from '../../shared/result';
import { invoke } from './api/client';
import { BackupsPage } from './features/backups/BackupsPage';
import { ChainWarning } from './features/backups/ChainWarning';
import { ChecksPage } from './features/checks/ChecksPage';
import { CertificatesPage } from './features/certificates/CertificatesPage';
import { HistoryPage } from './features/history/HistoryPage';
import { RecordPanel } from './features/history/RecordPanel';
import { ImportPage } from './features/imports/ImportPage';
import { ListsPage } from './features/lists/ListsPage';
import { ReportPage } from './features/reports/ReportPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { SubmissionPage } from './features/submission/SubmissionPage';
import { Welcome } from './features/welcome/Welcome';
import { LedgerGrid } from './grid/LedgerGrid';
import type { ShowRecordRequest } from './grid/show-record';
import { useReference } from './state/reference';

type Page = 'grid' | 'import' | 'checks' | 'report' | 'submission' | 'lists' | 'certificates' | 'settings' | 'history' | 'backups';
const PAGES: { id: Page; label: string }[] = [
  { id: 'grid', label: '台账明细' },
  { id: 'import', label: '导入' },
  { id: 'checks', label: '检查' },
  { id: 'report', label: '月报' },
  { id: 'submission', label: '报送' },
  { id: 'lists', label: '名录' },
  { id: 'certificates', label: '证书' },
  { id: 'settings', label: '设置' },
  { id: 'history', label: '操作记录' },
  { id: 'backups', label: '备份' },
];

export function App() {
  const [status, setStatus] = useState<LedgerStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState<Page>('grid');
  const [panel, setPanel] = useState<number | null>(null);
  const [showRecord, setShowRecord] = useState<ShowRecordRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const reference = useReference(status?.open ? status.path : null);

  const opened = useCallback((s: LedgerStatus) => {
    setStatus(s);
    setPage('grid');
    setPanel(null);
    if (s.notice) setNotice(s.notice);
  }, []);

  useEffect(() => {
    invoke('ledger/status', {}).then(opened, (e: AppError) => setError(e.message));
  }, [opened]);

  if (error) return <div className="fatal">无法连接台账服务：{error}</div>;
  if (!status) return <div className="loading">正在启动…</div>;
  if (!status.open) return <Welcome status={status} onOpened={opened} />;

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <strong>帮扶台账</strong>
          <span>{status.officeName}</span>
        </div>
        <nav>
          {PAGES.map((p) => (
            <button
              key={p.id}
              className={page === p.id ? 'active' : ''}
              onClick={() => {
                setPage(p.id);
                setShowRecord(null); // coming back to the grid later keeps the clerk's own place
              }}
            >
              {p.label}
            </button>
          ))}
        </nav>
        <div className="ledger-file" title={status.path ?? ''}>
          <span>{status.path?.split(/[\\/]/).pop()}</span>
          <button className="link" onClick={() => void invoke('ledger/close', {}).then(opened)}>
            切换台账
          </button>
        </div>
      </header>
      {status.chainWarning && (
        <ChainWarning
          warning={status.chainWarning}
          onResolved={(s) => {
            opened(s);
            setRefreshKey((k) => k + 1);
          }}
        />
      )}
      {notice && (
        <div className="message info" role="status">
          <span>{notice}</span>
          <button className="link" onClick={() => setNotice(null)} aria-label="关闭">×</button>
        </div>
      )}
      <main>
        <div className={`content ${panel ? 'with-panel' : ''}`}>
          {page === 'grid' && <LedgerGrid reference={reference} onOpenRecord={setPanel} refreshKey={refreshKey} showRecord={showRecord} />}
          {page === 'import' && <ImportPage reference={reference} onImported={() => setRefreshKey((k) => k + 1)} />}
          {page === 'checks' && (
            <ChecksPage
              onOpenRecord={(id) => {
                setPage('grid');
                setPanel(id);
                setShowRecord({ id, nonce: Date.now() });
              }}
            />
          )}
          {page === 'report' && <ReportPage />}
          {page === 'submission' && <SubmissionPage onChanged={() => setRefreshKey((k) => k + 1)} />}
          {page === 'lists' && <ListsPage reference={reference} />}
          {page === 'certificates' && <CertificatesPage />}
          {page === 'settings' && <SettingsPage onSaved={(s) => setStatus({ ...status, officeName: s.officeName, districtName: s.districtName })} />}
          {page === 'history' && (
            <HistoryPage
              reference={reference}
              onOpenRecord={(id) => {
                setPage('grid');
                setPanel(id);
              }}
            />
          )}
          {page === 'backups' && (
            <BackupsPage
              status={status}
              onRestored={(s) => {
                opened(s);
                setPage('backups');
                setRefreshKey((k) => k + 1);
              }}
            />
          )}
        </div>
        {panel !== null && page === 'grid' && <RecordPanel id={panel} reference={reference} onClose={() => setPanel(null)} onChanged={() => setRefreshKey((k) => k + 1)} />}
      </main>
    </div>
  );
}
