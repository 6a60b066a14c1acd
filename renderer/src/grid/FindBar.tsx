/** Ctrl+F: find text in the ledger (in the grid's current filter and order). */
import { useEffect, useRef, useState } from 'react';

interface Hit {
  index: number;
  matches: number;
}

export function FindBar(props: {
  search(text: string, fromIndex: number, backwards: boolean): Promise<Hit | null>;
  startIndex(): number;
  onClose(): void;
}) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const last = useRef<{ text: string; index: number } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  async function go(backwards: boolean) {
    const t = text.trim();
    if (!t) return;
    const from = last.current?.text === t ? last.current.index : backwards ? props.startIndex() + 1 : props.startIndex();
    let hit = await props.search(t, from, backwards);
    // wrap around, as Excel does, also for a new text found only above the selected row
    if (!hit) hit = await props.search(t, backwards ? Number.MAX_SAFE_INTEGER : -1, backwards);
    if (!hit) {
      setStatus('未找到');
      last.current = null;
      return;
    }
    last.current = { text: t, index: hit.index };
    setStatus(`第 ${hit.index + 1} 行 · 共 ${hit.matches} 处匹配`);
    input.current?.focus();
  }

  return (
    <div className="find-bar" role="search">
      <input
        ref={input}
        value={text}
        placeholder="查找购买主体、产品、产地、金额…（任一列，按显示的内容）"
        onChange={(e) => {
          setText(e.target.value);
          setStatus('');
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void go(e.shiftKey);
          } else if (e.key === 'Escape') props.onClose();
        }}
      />
      <button onClick={() => void go(true)} title="Shift+Enter">上一个</button>
      <button onClick={() => void go(false)} title="Enter">下一个</button>
      <span className="find-status">{status}</span>
      <button className="link" onClick={props.onClose} aria-label="关闭查找">×</button>
    </div>
  );
}
