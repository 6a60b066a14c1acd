/**
 * 修复重复编号, beside verify's result when it names a reused number (ID_REUSED): asks the core
 * what the repair would end (a dry run), names every link and waiver in a confirm dialog, and
 * only then ends them (one audited change; the files stay for cleanup).
 */
import { useEffect, useRef, useState } from 'react';
import type { ReusedIdRepair } from '../../../../shared/api';
import { repairItems } from '../../../../shared/domain/reused-ids';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { entityLabel } from '../../ui/format';

export function ReusedIdsRepair({ onRepaired }: { onRepaired(message: string): void }) {
  const [plan, setPlan] = useState<ReusedIdRepair[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError((e as AppError).message);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  const count = plan?.reduce((n, p) => n + p.links.length + p.waivers.length, 0) ?? 0;
  return (
    <>
      <button disabled={busy} onClick={() => void run(async () => setPlan((await invoke('ledger/repairReusedIds', { dryRun: true })).repaired))}>
        修复重复编号
      </button>
      {error && <p className="error-text">{error}</p>}
      {plan && (
        <RepairDialog
          plan={plan}
          count={count}
          busy={busy}
          onCancel={() => setPlan(null)}
          onConfirm={() =>
            void run(async () => {
              const { repaired } = await invoke('ledger/repairReusedIds', {});
              setPlan(null);
              const ended = repaired.reduce((n, p) => n + p.links.length + p.waivers.length, 0);
              onRepaired(ended ? `已修复 ${repaired.length} 个重复使用的编号，结束了原记录遗留的 ${ended} 项（已记入操作记录）。` : '没有需要修复的重复编号。');
            })
          }
        />
      )}
    </>
  );
}

function RepairDialog({ plan, count, busy, onConfirm, onCancel }: { plan: ReusedIdRepair[]; count: number; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="reused-ids-title">
        <h3 id="reused-ids-title">修复重复使用的编号</h3>
        {plan.length === 0 ? (
          <p>没有需要修复的重复编号：已删除的原记录没有留下附件或检查豁免。</p>
        ) : (
          <>
            <p>下列编号曾属于已删除的原记录，又被旧版程序给了新记录。原记录留在编号上的以下 {count} 项将被结束（记入操作记录）；附件文件本身保留，可在清理时删除。新记录自己的附件和豁免不受影响。</p>
            <ul className="repair-plan">
              {plan.map((p) => (
                <li key={`${p.entity}-${p.entityId}-${p.deleted}`}>
                  <strong>
                    {entityLabel(p.entity)} {p.entityId}
                  </strong>
                  {p.deleted && <span className="muted">（原{entityLabel(p.entity)}：{p.deleted}）</span>}
                  <ul>
                    {repairItems(p).map((item) => (
                      <li key={item}>结束{item}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="dialog-buttons">
          {plan.length > 0 && (
            <button ref={first} className="primary" disabled={busy} onClick={onConfirm}>
              结束这 {count} 项
            </button>
          )}
          <button onClick={onCancel}>{plan.length > 0 ? '取消' : '关闭'}</button>
        </div>
      </div>
    </div>
  );
}
