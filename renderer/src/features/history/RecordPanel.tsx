/** A record's details, whether its product was certified on its date, its attachments and its own history, beside the grid. */
import { useEffect, useState } from 'react';
import type { AuditEntry, EarlierOwner } from '../../../../shared/api';
import type { LedgerRecord } from '../../../../shared/domain/record';
import { RECORD_FIELDS } from '../../../../shared/record-fields';
import { validateCreditCode } from '../../../../shared/credit-code';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { displayValue } from '../../grid/columns';
import { AttachmentsSection } from '../attachments/AttachmentsSection';
import { CertifiedOn } from '../certificates/CertifiedOn';
import { UnitSource } from '../imports/UnitSource';
import type { Reference } from '../../state/reference';
import { formatTime } from '../../ui/format';
import { describeChanges } from './describe';

export function RecordPanel({ id, reference, onClose, onChanged }: { id: number; reference: Reference | null; onClose(): void; onChanged?(): void }) {
  const [record, setRecord] = useState<LedgerRecord | null>(null);
  const [history, setHistory] = useState<AuditEntry[]>([]);
  /** a deleted record that had this number before (reused before migration 9), and its entries once asked for */
  const [earlier, setEarlier] = useState<EarlierOwner | null>(null);
  const [earlierHistory, setEarlierHistory] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setError(null);
    setLoaded(false);
    setEarlierHistory(null);
    Promise.all([invoke('records/get', { id }), invoke('audit/history', { entity: 'record', entityId: id })]).then(
      ([r, h]) => {
        setRecord(r);
        setHistory(h.entries);
        setEarlier(h.earlier);
        setLoaded(true);
      },
      (e: AppError) => setError(e.message),
    );
  }, [id]);

  return (
    <aside className="side-panel" aria-label="记录详情">
      <header>
        <h3>
          记录 {id}
          {record === null && history.length > 0 && '（已删除）'}
        </h3>
        <button className="link" onClick={onClose} aria-label="关闭">×</button>
      </header>
      {error && <p className="error-text">{error}</p>}
      {!loaded && !error && <p className="muted">正在加载…</p>}
      {record === null && !error && history.length > 0 && <p className="muted">这条记录已被删除。</p>}
      {record && (
        <dl className="fields">
          {RECORD_FIELDS.map((f) => {
            const value = displayValue(f, record[f.key], reference);
            const codeProblem = f.key === 'creditCode' && record.creditCode ? validateCreditCode(record.creditCode) : null;
            return (
              <div key={f.key}>
                <dt>{f.label}</dt>
                <dd>
                  {value || <span className="muted">—</span>}
                  {f.kind === 'county' && record.originCode && <small className="muted"> {reference?.countyFull(record.originCode)}</small>}
                  {codeProblem && !codeProblem.ok && <small className="error-text"> {codeProblem.message}</small>}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      {record?.source && <UnitSource source={record.source} unread={record.unread} />}
      {record && <CertifiedOn productName={record.productName} date={record.date} />}
      {record && <AttachmentsSection entity="record" id={id} onChanged={onChanged} />}
      <h4>修改记录</h4>
      <Timeline entries={history} reference={reference} />
      {earlier && (
        <section className="earlier-owner" aria-label="此前使用这个编号的已删除记录">
          <p className="muted">
            编号 {id} 此前属于一条已删除的记录（{earlier.summary || '内容不详'}，{formatTime(earlier.deletedAt)} 删除），旧版程序把编号又给了这条记录；那条记录的修改记录不在上面的列表里，可单独查看。
          </p>
          {earlierHistory === null ? (
            <button
              className="link"
              onClick={() =>
                void invoke('audit/history', { entity: 'record', entityId: id, beforeSeq: earlier.beforeSeq }).then(
                  (h) => setEarlierHistory(h.entries),
                  (e: AppError) => setError(e.message),
                )
              }
            >
              查看已删除记录的修改记录
            </button>
          ) : (
            <>
              <h4>
                已删除记录的修改记录 <span className="badge deleted">已删除</span>
              </h4>
              <Timeline entries={earlierHistory} reference={reference} deleted />
            </>
          )}
        </section>
      )}
    </aside>
  );
}

/** Entries newest first; `deleted`: all of them belong to a record that no longer exists. */
function Timeline({ entries, reference, deleted }: { entries: AuditEntry[]; reference: Reference | null; deleted?: boolean }) {
  return (
    <ol className={deleted ? 'timeline deleted-owner' : 'timeline'}>
      {entries.map((e) => (
        <li key={e.seq}>
          <div>
            <strong>{e.label ?? e.action}</strong> {(deleted || e.action === 'delete') && <span className="badge deleted">已删除</span>}{' '}
            <span className="muted">{formatTime(e.at)} · {e.actor}</span>
          </div>
          <ul>
            {describeChanges(e, reference).slice(0, 8).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
