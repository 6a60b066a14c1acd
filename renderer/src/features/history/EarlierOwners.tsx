/**
 * The deleted records that had a record's number before it (numbers reused before migration 9),
 * newest first: each named, its entries listed apart and marked 已删除 once asked for, never
 * mixed into the record's own history.
 */
import { useState } from 'react';
import type { AuditEntry, EarlierOwner } from '../../../../shared/api';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import type { Reference } from '../../state/reference';
import { formatTime } from '../../ui/format';
import { Timeline } from './Timeline';

interface Owner {
  owner: EarlierOwner;
  entries: AuditEntry[] | null;
}

export function EarlierOwners({ id, first, reference }: { id: number; first: EarlierOwner; reference: Reference | null }) {
  const [owners, setOwners] = useState<Owner[]>([{ owner: first, entries: null }]);
  const [error, setError] = useState<string | null>(null);

  async function show(index: number) {
    try {
      const h = await invoke('audit/history', { entity: 'record', entityId: id, beforeSeq: owners[index].owner.beforeSeq });
      // the deleted record may itself have had the number after another one
      setOwners((prev) => [...prev.slice(0, index), { ...prev[index], entries: h.entries }, ...(h.earlier ? [{ owner: h.earlier, entries: null }] : [])]);
    } catch (e) {
      setError((e as AppError).message);
    }
  }

  return (
    <section className="earlier-owner" aria-label="此前使用这个编号的已删除记录">
      {owners.map(({ owner, entries }, i) => (
        <div key={owner.beforeSeq}>
          <p className="muted">
            编号 {id} {i === 0 ? '此前' : '更早'}属于一条已删除的记录（{owner.summary || '内容不详'}，{formatTime(owner.deletedAt)} 删除），旧版程序把编号又给了{i === 0 ? '这条' : '后来的'}记录；那条记录的修改记录不在上面的列表里，可单独查看。
          </p>
          {entries === null ? (
            <button className="link" onClick={() => void show(i)}>
              查看已删除记录的修改记录
            </button>
          ) : (
            <>
              <h4>
                已删除记录的修改记录 <span className="badge deleted">已删除</span>
              </h4>
              <Timeline entries={entries} reference={reference} deleted />
            </>
          )}
        </div>
      ))}
      {error && <p className="error-text">{error}</p>}
    </section>
  );
}
