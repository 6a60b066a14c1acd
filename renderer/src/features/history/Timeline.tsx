/** A row's audit entries as the panels list them. */
import type { AuditEntry } from '../../../../shared/api';
import type { Reference } from '../../state/reference';
import { formatTime } from '../../ui/format';
import { describeChanges } from './describe';

/** Entries newest first; `deleted`: all of them belong to a record that no longer exists. */
export function Timeline({ entries, reference, deleted }: { entries: AuditEntry[]; reference: Reference | null; deleted?: boolean }) {
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
