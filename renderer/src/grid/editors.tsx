/**
 * Cell editors: a text editor that shows amounts in 元 (not fen), and a pick list with
 * type-to-search for the closed lists and for counties (by name or code, paired counties first).
 */
import type { CustomCellEditorProps } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LedgerRecord } from '../../../shared/domain/record';
import { fenToPlainYuan } from '../../../shared/money';
import type { FieldDef } from '../../../shared/record-fields';
import type { Reference } from '../state/reference';

/** What a cell looks like while being edited. */
export function editText(field: FieldDef, value: unknown, ref: Reference | null): string {
  if (value === null || value === undefined) return '';
  if (field.kind === 'money') return fenToPlainYuan(value as number);
  if (field.kind === 'county') return ref?.countyShort(value as string) ?? String(value);
  return String(value);
}

function initialText(props: CustomCellEditorProps<LedgerRecord>, field: FieldDef, ref: Reference | null): string {
  // Typing a character starts the edit with that character, as in Excel.
  if (props.eventKey && props.eventKey.length === 1) return props.eventKey;
  if (props.eventKey === 'Backspace' || props.eventKey === 'Delete') return '';
  return editText(field, props.value, ref);
}

export function TextEditor(props: CustomCellEditorProps<LedgerRecord> & { fieldDef: FieldDef; reference: Reference | null }) {
  const { fieldDef, reference, onValueChange } = props;
  const [text, setText] = useState(() => initialText(props, fieldDef, reference));
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    onValueChange(text);
    input.current?.focus();
    if (!props.eventKey || props.eventKey.length !== 1) input.current?.select();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <input
      ref={input}
      className="cell-editor"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onValueChange(e.target.value);
      }}
    />
  );
}

interface Option {
  value: string;
  label: string;
  hint?: string;
}

export function PickEditor(props: CustomCellEditorProps<LedgerRecord> & { fieldDef: FieldDef; reference: Reference | null }) {
  const { fieldDef, reference, onValueChange, stopEditing } = props;
  const [text, setText] = useState(() => initialText(props, fieldDef, reference));
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const typed = useRef(Boolean(props.eventKey && props.eventKey.length === 1));

  const options: Option[] = useMemo(() => {
    const q = typed.current ? text.trim() : '';
    if (fieldDef.kind === 'county' && reference) {
      const all = reference.counties;
      const hits = q
        ? all.filter((c) => c.code.startsWith(q) || c.name.includes(q) || c.prefectureName.includes(q) || c.provinceName.includes(q))
        : all.filter((c) => reference.pairedCodes.has(c.code));
      hits.sort((a, b) => Number(reference.pairedCodes.has(b.code)) - Number(reference.pairedCodes.has(a.code)));
      return hits.slice(0, 60).map((c) => ({ value: c.code, label: c.name, hint: `${c.provinceName}${c.prefectureName !== c.provinceName ? c.prefectureName : ''} ${c.code}` }));
    }
    const list = fieldDef.options ?? [];
    return (q ? list.filter((o) => o.includes(q)) : list).map((o) => ({ value: o, label: o }));
  }, [text, fieldDef, reference]);

  useEffect(() => {
    onValueChange(text);
    input.current?.focus();
    if (!typed.current) input.current?.select();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const choose = (o: Option) => {
    onValueChange(o.value);
    setTimeout(() => stopEditing(), 0);
  };

  return (
    <div className="pick-editor">
      <input
        ref={input}
        className="cell-editor"
        value={text}
        placeholder={fieldDef.kind === 'county' ? '输入县名或代码' : '输入以筛选'}
        onChange={(e) => {
          typed.current = true;
          setText(e.target.value);
          setActive(0);
          onValueChange(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            e.stopPropagation();
            const next = Math.max(0, Math.min(options.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
            setActive(next);
            if (options[next]) onValueChange(options[next].value);
          } else if (e.key === 'Enter' && typed.current && options[active] && text.trim() !== '') {
            // Enter takes the highlighted option (the grid then stops editing and moves on).
            onValueChange(options[active].value);
          }
        }}
      />
      {options.length > 0 && (
        <ul className="pick-list" role="listbox">
          {options.map((o, i) => (
            <li
              key={o.value}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
            >
              <span>{o.label}</span>
              {o.hint && <small>{o.hint}</small>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
