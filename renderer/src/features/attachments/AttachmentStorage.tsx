/**
 * 设置 › 附件文件: what the attachment store holds, and the cleanup the user runs. Taking a file
 * off a record never deletes it (evidence is not removed silently); this is where the space comes
 * back, after the user has seen how much and confirmed.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ResultOf } from '../../../../shared/api';
import type { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { formatBytes } from '../../ui/format';

export function AttachmentStorage() {
  const [preview, setPreview] = useState<ResultOf<'attachments/cleanupPreview'> | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(() => {
    invoke('attachments/cleanupPreview', {}).then(setPreview, (e: AppError) => setMessage({ ok: false, text: e.message }));
  }, []);
  useEffect(load, [load]);

  async function clean() {
    if (!preview) return;
    const { files, bytes } = preview.unused;
    if (!window.confirm(`删除 ${files} 个未使用的附件文件（${formatBytes(bytes)}）？\n这些文件已不属于任何记录、名录或证书。删除后不能撤销。`)) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await invoke('attachments/cleanup', {});
      setMessage({ ok: true, text: `已清理 ${r.files} 个文件，释放 ${formatBytes(r.bytesFreed)}${r.keptRecent > 0 ? `；${r.keptRecent} 个刚添加的文件暂时保留` : ''}` });
    } catch (e) {
      setMessage({ ok: false, text: `清理未完成：${(e as AppError).message}` });
    } finally {
      setBusy(false);
      load();
    }
  }

  return (
    <section className="attachment-storage" aria-label="附件文件">
      <h3>附件文件</h3>
      {preview === null ? (
        <p className="muted">正在统计附件文件…</p>
      ) : (
        <p>
          台账旁的附件文件夹中有 {preview.stored.files.toLocaleString('zh-CN')} 个文件，共 {formatBytes(preview.stored.bytes)}。
          {preview.unused.files > 0
            ? `其中 ${preview.unused.files.toLocaleString('zh-CN')} 个（${formatBytes(preview.unused.bytes)}）已不属于任何记录、名录或证书，可以清理。`
            : '没有可清理的文件。'}
          {preview.keptRecent > 0 && `另有 ${preview.keptRecent} 个未使用的文件是几分钟内刚添加的，暂不清理。`}
        </p>
      )}
      <p className="muted">取消附件关联时，文件本身不会删除，以免误删凭证；需要释放空间时，在这里清理。</p>
      <div className="actions">
        <button disabled={busy || !preview || preview.unused.files === 0} onClick={() => void clean()}>
          {busy ? '正在清理…' : '清理未使用的文件…'}
        </button>
        {message && (
          <span className={message.ok ? 'ok-text' : 'error-text'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </span>
        )}
      </div>
    </section>
  );
}
