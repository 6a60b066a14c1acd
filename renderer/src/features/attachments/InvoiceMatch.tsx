/**
 * 按发票号添加发票: many invoice files at once (a tax platform's download folder), each linked as
 * 发票 to the records whose invoice number appears in its file name. First a look at what would
 * match (names only, nothing sent but names), then, on the user's word, the files in calls of
 * BATCH_FILES / BATCH_BYTES with progress. What was added before a failure stays added.
 */
import { useRef, useState } from 'react';
import type { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { useFileDrop } from '../../ui/useFileDrop';
import { batchesOf, refusalOf } from './files';

/** Names the contract takes in one dry run. */
const NAMES_PER_CALL = 500;
/** Unmatched names listed before "等 N 个". */
const UNMATCHED_SHOWN = 10;

interface Plan {
  /** files whose names carry a record's invoice number */
  matched: File[];
  records: number;
  unmatched: string[];
  refused: string[];
}

type State =
  | { step: 'idle' }
  | { step: 'busy'; text: string }
  | { step: 'plan'; plan: Plan }
  | { step: 'done'; ok: boolean; text: string };

export function InvoiceMatch({ onAdded }: { onAdded(): void }) {
  const [state, setState] = useState<State>({ step: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const busy = state.step === 'busy';
  const drop = useFileDrop((files) => void look(files));

  async function look(files: File[]) {
    if (files.length === 0 || busy) return;
    setState({ step: 'busy', text: `正在按文件名查找发票号（${files.length} 个文件）…` });
    const refused: string[] = [];
    const candidates: File[] = [];
    for (const f of files) {
      const refusal = refusalOf(f);
      if (refusal) refused.push(refusal);
      else candidates.push(f);
    }
    try {
      const matched: File[] = [];
      const unmatched: string[] = [];
      const records = new Set<number>();
      for (let i = 0; i < candidates.length; i += NAMES_PER_CALL) {
        const chunk = candidates.slice(i, i + NAMES_PER_CALL);
        const r = await invoke('attachments/matchByInvoice', { dryRun: true, files: chunk.map((f) => ({ fileName: f.name })) });
        for (const m of r.matched) {
          matched.push(chunk[m.index]);
          m.recordIds.forEach((id) => records.add(id));
        }
        unmatched.push(...r.unmatched);
      }
      setState({ step: 'plan', plan: { matched, records: records.size, unmatched, refused } });
    } catch (e) {
      setState({ step: 'done', ok: false, text: `无法匹配发票号：${(e as AppError).message}` });
    } finally {
      if (input.current) input.current.value = '';
    }
  }

  async function add(plan: Plan) {
    let added = 0;
    let linked = 0;
    try {
      for (const batch of batchesOf(plan.matched)) {
        setState({ step: 'busy', text: `正在添加发票附件 ${added} / ${plan.matched.length}…` });
        const files = await Promise.all(batch.map(async (f) => ({ fileName: f.name, content: new Uint8Array(await f.arrayBuffer()) })));
        const r = await invoke('attachments/matchByInvoice', { files });
        added += r.matched.length;
        linked += r.matched.reduce((n, m) => n + m.recordIds.length, 0);
      }
      setState({ step: 'done', ok: true, text: `已添加 ${added} 个发票附件，关联 ${linked} 条记录。` });
    } catch (e) {
      const done = added > 0 ? `已添加 ${added} 个，其余未添加：` : '';
      setState({ step: 'done', ok: false, text: `添加发票附件失败：${done}${(e as AppError).message}` });
    } finally {
      if (added > 0) onAdded();
    }
  }

  return (
    <div
      className={`invoice-match ${drop.dragging ? 'dragging' : ''}`}
      aria-label="按发票号添加发票"
      role="region"
      {...drop.handlers}
    >
      <div className="attachment-add">
        <label className={`button ${busy ? 'disabled' : ''}`}>
          按发票号批量添加发票…
          <input ref={input} type="file" multiple hidden aria-label="选择发票文件" disabled={busy} onChange={(e) => void look(Array.from(e.target.files ?? []))} />
        </label>
        <small className="muted">或把一批发票文件拖到这里；文件名中含发票号的，会关联到发票号相同的记录。</small>
      </div>
      {state.step === 'busy' && <p className="muted" aria-live="polite">{state.text}</p>}
      {state.step === 'plan' && <PlanView plan={state.plan} onAdd={() => void add(state.plan)} onCancel={() => setState({ step: 'idle' })} />}
      {state.step === 'done' && <p className={state.ok ? 'ok-text' : 'error-text'} role="status">{state.text}</p>}
    </div>
  );
}

function PlanView({ plan, onAdd, onCancel }: { plan: Plan; onAdd(): void; onCancel(): void }) {
  const { matched, records, unmatched, refused } = plan;
  const more = unmatched.length > UNMATCHED_SHOWN ? ` 等 ${unmatched.length} 个` : '';
  return (
    <div className="invoice-plan" role="status">
      <p>
        {matched.length > 0 ? (
          <>
            <strong>{matched.length}</strong> 个文件可按发票号关联到 <strong>{records}</strong> 条记录。
          </>
        ) : (
          '没有文件名中含有台账里的发票号的文件。'
        )}
      </p>
      {unmatched.length > 0 && (
        <p className="muted">
          未找到对应记录（{unmatched.length} 个）：{unmatched.slice(0, UNMATCHED_SHOWN).join('、')}
          {more}
        </p>
      )}
      {refused.length > 0 && <p className="error-text">{refused.join('；')}</p>}
      <div className="actions">
        {matched.length > 0 && (
          <button className="primary" onClick={onAdd}>
            添加 {matched.length} 个发票附件
          </button>
        )}
        <button onClick={onCancel}>{matched.length > 0 ? '取消' : '关闭'}</button>
      </div>
    </div>
  );
}
