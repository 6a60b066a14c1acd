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
import { EarlierOwners } from './EarlierOwners';
import { Timeline } from './Timeline';

export function RecordPanel({ id, reference, onClose, onChanged }: { id: number; reference: Reference | null; onClose(): void; onChanged?(): void }) {
  const [record, setRecord] = useState<LedgerRecord | null>(null);
  const [history, setHistory] = useState<AuditEntry[]>([]);
  /** a deleted record that had this number before (reused before migration 9) */
  const [earlier, setEarlier] = useState<EarlierOwner | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setError(null);
    setLoaded(false);
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
      {earlier && <EarlierOwners key={`${id}-${earlier.beforeSeq}`} id={id} first={earlier} reference={reference} />}
    </aside>
  );
}

