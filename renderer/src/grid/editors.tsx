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
import { pickedValue, pickSuggestions, type PickOption } from './pick-suggestions';
import { typedText } from './type-to-edit';

/** What a cell looks like while being edited. */
export function editText(field: FieldDef, value: unknown, ref: Reference | null): string {
  if (value === null || value === undefined) return '';
  if (field.kind === 'money') return fenToPlainYuan(value as number);
  if (field.kind === 'county') return ref?.countyShort(value as string) ?? String(value);
  return String(value);
}

function initialText(props: CustomCellEditorProps<LedgerRecord>, field: FieldDef, ref: Reference | null): string {
  // Typing a character (or composing words with an input method) starts the edit with that text, as in Excel.
  const typed = typedText(props.eventKey);
  if (typed !== null) return typed;
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
    if (typedText(props.eventKey) === null) input.current?.select();
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

export function PickEditor(props: CustomCellEditorProps<LedgerRecord> & { fieldDef: FieldDef; reference: Reference | null }) {
  const { fieldDef, reference, onValueChange, stopEditing } = props;
  const [text, setText] = useState(() => initialText(props, fieldDef, reference));
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const typed = useRef(typedText(props.eventKey) !== null);
  const [moved, setMoved] = useState(false);

  const options = useMemo(() => pickSuggestions(fieldDef, typed.current ? text : '', reference), [text, fieldDef, reference]);

  useEffect(() => {
    input.current?.focus();
    if (!typed.current) input.current?.select();
  }, []);
  // The grid reads the value when Enter or Tab ends the edit (its own key handler runs before
  // React's), so the highlighted suggestion is handed over whenever it changes.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => onValueChange(pickedValue(text, { typed: typed.current, moved }, options, active)), [text, options, active, moved]);

  const choose = (o: PickOption) => {
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
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            e.stopPropagation();
            setMoved(true);
            setActive(Math.max(0, Math.min(options.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1))));
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
