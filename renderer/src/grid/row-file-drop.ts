/**
 * Files dragged from the desktop onto a row of the ledger grid become that record's attachments,
 * each with the role its name suggests (roleFromFileName: 发票 for "发票…"/.ofd/.xml, 照片 for a
 * picture…); the record's panel then opens on them, where a role can be corrected. The row under
 * the pointer is outlined while dragging.
 */
import type { GridApi } from 'ag-grid-community';
import { useRef, type DragEvent } from 'react';
import type { LedgerRecord } from '../../../shared/domain/record';
import { addAttachmentFiles, countAdded, describeAdded, roleFromFileName } from '../features/attachments/files';

const TARGET_CLASS = 'file-drop-target';

type Say = (m: { kind: 'info' | 'error'; text: string } | null) => void;

/** The displayed row (not the pinned totals) an event is over, by AG Grid's row-index attribute. */
function rowIndexAt(e: DragEvent): number | null {
  const row = (e.target as Element | null)?.closest?.('.ag-row');
  if (!row || row.closest('.ag-floating-bottom, .ag-pinned-bottom-rows, .ag-grid-pinned-bottom-rows')) return null;
  const index = Number(row.getAttribute('row-index'));
  return Number.isInteger(index) ? index : null;
}

export function useRowFileDrop(apiRef: { current: GridApi<LedgerRecord> | null }, host: { current: HTMLElement | null }, say: Say, onAdded: (id: number) => void) {
  const outlined = useRef<number | null>(null);

  const outline = (index: number | null) => {
    if (outlined.current === index) return;
    host.current?.querySelectorAll(`.${TARGET_CLASS}`).forEach((el) => el.classList.remove(TARGET_CLASS));
    if (index !== null) host.current?.querySelectorAll(`.ag-row[row-index="${index}"]`).forEach((el) => el.classList.add(TARGET_CLASS));
    outlined.current = index;
  };

  const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

  return {
    onDragOver(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      const index = rowIndexAt(e);
      e.dataTransfer.dropEffect = index === null ? 'none' : 'copy';
      outline(index);
    },
    onDragLeave(e: DragEvent) {
      if (!host.current?.contains(e.relatedTarget as Node | null)) outline(null);
    },
    async onDrop(e: DragEvent) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      outline(null);
      const files = Array.from(e.dataTransfer.files);
      const index = rowIndexAt(e);
      const record = index === null ? undefined : apiRef.current?.getDisplayedRowAtIndex(index)?.data;
      if (!record) {
        say({ kind: 'error', text: '请把文件拖到要关联的那一行上（合计行不能添加附件）' });
        return;
      }
      const row = `第 ${index! + 1} 行（${record.productName ?? '记录'} ${record.id}）`;
      say({ kind: 'info', text: `正在为${row}添加 ${files.length} 个附件…` });
      const { added, problems, error } = await addAttachmentFiles(files, { entity: 'record', id: record.id }, (f) => roleFromFileName(f.name), (done, total) => {
        if (done > 0) say({ kind: 'info', text: `正在为${row}添加附件 ${done} / ${total}…` });
      });
      const count = countAdded(added);
      if (count > 0) onAdded(record.id);
      const lines = count > 0 ? [`已为${row}添加 ${count} 个附件：${describeAdded(added)}`] : [];
      if (error) lines.push(`${count > 0 ? '其余' : ''}未添加：${error.message}`);
      lines.push(...problems);
      say({ kind: error || count === 0 ? 'error' : 'info', text: lines.join('；') });
    },
  };
}
