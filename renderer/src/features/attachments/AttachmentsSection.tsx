/** 附件 of one record (or other target): the linked files, preview, unlink, and adding by picking or dropping. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ATTACHMENT_ROLES, viewerExtensionOf, type AttachmentLink, type AttachmentRole, type AttachmentTarget } from '../../../../shared/domain/attachments';
import type { AppError } from '../../../../shared/result';
import { canOpenWithSystem, invoke, openWithSystem } from '../../api/client';
import { download } from '../../ui/download';
import { formatBytes, formatTime } from '../../ui/format';
import { useFileDrop } from '../../ui/useFileDrop';
import { addAttachmentFiles, BATCH_FILES, countAdded, previewKind } from './files';

interface Preview {
  linkId: number;
  name: string;
  kind: 'pdf' | 'image';
  url: string;
}

interface Props {
  entity: AttachmentTarget;
  id: number;
  /** the role offered first: 发票 on a record, 认定证书 on a certificate, 合同 on a purchaser or supplier */
  defaultRole?: AttachmentRole;
  /** after a file was added or unlinked (the grid's 📎 count changes) */
  onChanged?(): void;
}

export function AttachmentsSection({ entity, id, defaultRole = '发票', onChanged }: Props) {
  const [links, setLinks] = useState<AttachmentLink[]>([]);
  const [role, setRole] = useState<AttachmentRole>(defaultRole);
  const [busy, setBusy] = useState(false);
  const drop = useFileDrop((files) => void add(files));
  const [progress, setProgress] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const previewBox = useRef<HTMLDivElement>(null);

  const load = useCallback(() => {
    invoke('attachments/list', { target: { entity, id } }).then(
      (r) => setLinks(r.links),
      (e: AppError) => setMessage({ ok: false, text: e.message }),
    );
  }, [entity, id]);
  useEffect(() => {
    setMessage(null);
    setPreview(null);
    load();
  }, [load]);
  // A blob: URL holds the file's bytes until revoked.
  // The panel is a narrow scrolling column; bring an opened preview into view.
  useEffect(() => {
    previewBox.current?.scrollIntoView({ block: 'nearest' });
    if (!preview) return undefined;
    return () => URL.revokeObjectURL(preview.url);
  }, [preview]);

  /** Adds a drop in calls (files.ts), saying how far it is; what was added before a failure stays added. */
  async function add(files: File[]) {
    if (files.length === 0) return;
    setBusy(true);
    setMessage(null);
    const { added, problems, error } = await addAttachmentFiles(files, { entity, id }, role, (done, total) => {
      if (total > BATCH_FILES) setProgress(`正在添加 ${done} / ${total} 个文件…`);
    });
    const count = countAdded(added);
    if (count > 0) {
      load();
      onChanged?.();
    }
    if (error) setMessage({ ok: false, text: `添加附件失败：${count > 0 ? `已添加 ${count} 个文件，其余未添加：` : ''}${error.message}` });
    else {
      if (count > 0) problems.unshift(`已添加 ${count} 个文件（${role}）`);
      setMessage({ ok: count > 0 && problems.length === 1, text: problems.join('；') });
    }
    setBusy(false);
    setProgress(null);
    if (input.current) input.current.value = '';
  }

  /** A copy of the stored bytes where the user chooses (the browser's or Electron's save dialog); never opened. */
  async function saveCopy(link: AttachmentLink) {
    try {
      const file = await invoke('attachments/content', { attachmentId: link.attachmentId });
      download(link.name, file.content, 'application/octet-stream');
    } catch (e) {
      setMessage({ ok: false, text: `无法另存“${link.name}”：${(e as AppError).message}` });
    }
  }

  async function open(link: AttachmentLink) {
    try {
      // What the window cannot show goes to the system's viewer where there is one (Electron), else is downloaded.
      if (!previewKind(link.mime) && canOpenWithSystem()) {
        await openWithSystem(link.attachmentId);
        return;
      }
      const file = await invoke('attachments/content', { attachmentId: link.attachmentId });
      const kind = previewKind(file.mime);
      if (!kind) {
        download(link.name, file.content, file.mime);
        return;
      }
      const url = URL.createObjectURL(new Blob([file.content as BlobPart], { type: file.mime }));
      setPreview({ linkId: link.linkId, name: link.name, kind, url });
    } catch (e) {
      setMessage({ ok: false, text: `无法打开“${link.name}”：${(e as AppError).message}` });
    }
  }

  async function unlink(link: AttachmentLink) {
    if (!window.confirm(`取消“${link.name}”与这条记录的关联？（文件本身保留，可在清理时删除）`)) return;
    try {
      await invoke('attachments/unlink', { linkId: link.linkId });
      if (preview?.linkId === link.linkId) setPreview(null);
      load();
      onChanged?.();
    } catch (e) {
      setMessage({ ok: false, text: (e as AppError).message });
    }
  }

  return (
    <section
      className={`attachments ${drop.dragging ? 'dragging' : ''}`}
      aria-label="附件"
      {...drop.handlers}
    >
      <h4>附件</h4>
      {links.length === 0 ? (
        <p className="muted">还没有附件。可选择文件，或把文件拖到这里。</p>
      ) : (
        <ul className="attachment-list">
          {links.map((l) => (
            <li key={l.linkId}>
              <div className="attachment-name" title={l.name}>{l.name}</div>
              <div className="muted">
                <span className="badge">{l.role}</span> {formatBytes(l.size)} · {formatTime(l.linkedAt)}
              </div>
              <div>
                {previewKind(l.mime) ? (
                  <button type="button" className="link" onClick={() => void open(l)}>预览</button>
                ) : !viewerExtensionOf(l.mime) ? (
                  // not a known document (a program, a script, a zip…): never opened, only saved
                  <>
                    <span className="muted" title="不是可识别的文档，不会交给系统打开">不支持预览</span>{' '}
                    <button type="button" className="link" onClick={() => void saveCopy(l)}>另存副本</button>
                  </>
                ) : (
                  <button type="button" className="link" onClick={() => void open(l)}>{canOpenWithSystem() ? '打开' : '下载'}</button>
                )}
                <button type="button" className="link danger" onClick={() => void unlink(l)}>取消关联</button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="attachment-add">
        <label className="inline">
          类型
          <select aria-label="附件类型" value={role} onChange={(e) => setRole(e.target.value as AttachmentRole)}>
            {ATTACHMENT_ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="button">
          添加文件…
          <input ref={input} type="file" multiple hidden aria-label="选择附件文件" disabled={busy} onChange={(e) => void add(Array.from(e.target.files ?? []))} />
        </label>
        <small className="muted">或把文件拖到这里</small>
      </div>
      {busy && <p className="muted" aria-live="polite">{progress ?? '正在添加…'}</p>}
      {message && <p className={message.ok ? 'ok-text' : 'error-text'} role="status">{message.text}</p>}
      {preview && (
        <div className="attachment-preview" ref={previewBox}>
          <header>
            <strong title={preview.name}>{preview.name}</strong>
            <button type="button" className="link" onClick={() => setPreview(null)} aria-label="关闭预览">×</button>
          </header>
          {preview.kind === 'pdf' ? <iframe title={`预览：${preview.name}`} src={preview.url} /> : <img alt={preview.name} src={preview.url} />}
        </div>
      )}
    </section>
  );
}
