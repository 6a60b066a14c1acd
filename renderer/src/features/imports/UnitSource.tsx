/**
 * 单位原始填写: what the unit wrote for an imported record — the file, sheet and row it came
 * from and its cells as text under their headers — so a clerk or an inspector can compare the
 * ledger with the unit's report, and see what the app could not read.
 */
import { useState } from 'react';
import type { RecordSource, UnreadValues } from '../../../../shared/domain/record-source';
import type { RecordField } from '../../../../shared/domain/record';
import { FIELD_BY_KEY } from '../../../../shared/record-fields';

const SHOW_CHARS = 300;

function CellText({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  if (text.length <= SHOW_CHARS || open) return <span className="source-text">{text}</span>;
  return (
    <span className="source-text">
      {text.slice(0, SHOW_CHARS)}…
      <button className="link" onClick={() => setOpen(true)}>展开全文（共 {text.length.toLocaleString('zh-CN')} 字）</button>
    </span>
  );
}

export function UnitSource({ source, unread }: { source: RecordSource; unread: UnreadValues | null | undefined }) {
  const unreadEntries = Object.entries(unread ?? {}) as [RecordField, string][];
  return (
    <section className="unit-source" aria-label="单位原始填写">
      <h4>单位原始填写</h4>
      <p className="muted">
        文件“{source.file}”，工作表“{source.sheet}”，第 {source.row} 行
      </p>
      {unreadEntries.length > 0 && (
        <p className="warn-text">
          未能识别、已留空或记为“其他”的内容：
          {unreadEntries.map(([field, text]) => `${FIELD_BY_KEY[field]?.label ?? field}“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`).join('、')}
        </p>
      )}
      <table className="table source-cells">
        <thead>
          <tr>
            <th>列</th>
            <th>表头</th>
            <th>单位填写的内容</th>
          </tr>
        </thead>
        <tbody>
          {source.cells.map(([col, header, text]) => (
            <tr key={col}>
              <td className="muted">{col}</td>
              <td>{header || <span className="muted">（无表头）</span>}</td>
              <td>
                <CellText text={text} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
