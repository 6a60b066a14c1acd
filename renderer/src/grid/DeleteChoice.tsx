/**
 * Asked when some selected rows are hidden by the current filter: the clerk sees only part of
 * what is selected, so deleting all of it silently would remove rows they cannot see.
 */
import { useEffect, useRef } from 'react';

export interface DeleteChoiceState {
  /** every selected record */
  all: number[];
  /** those the current view shows */
  visible: number[];
}

export function DeleteChoice({ choice, onDelete, onCancel }: { choice: DeleteChoiceState; onDelete(ids: number[]): void; onCancel(): void }) {
  const hidden = choice.all.length - choice.visible.length;
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="delete-choice-title">
        <h3 id="delete-choice-title">
          删除选中的 {choice.all.length} 条（其中 {hidden} 条被筛选隐藏）
        </h3>
        <p>当前筛选只显示了 {choice.visible.length} 条选中的记录；另外 {hidden} 条也已勾选，但此刻看不到。删除后可按 Ctrl+Z 撤销。</p>
        <div className="dialog-buttons">
          <button ref={first} className="primary" disabled={choice.visible.length === 0} onClick={() => onDelete(choice.visible)}>
            只删除看得到的 {choice.visible.length} 条
          </button>
          <button onClick={() => onDelete(choice.all)}>删除全部 {choice.all.length} 条</button>
          <button onClick={onCancel}>取消</button>
        </div>
      </div>
    </div>
  );
}
