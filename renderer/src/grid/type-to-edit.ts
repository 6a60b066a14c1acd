/**
 * Typing into a selected cell edits it, in any input method, as in Excel/WPS.
 *
 * AG Grid starts an edit from a keydown that carries a printable character. An input method
 * (Chinese pinyin, wubi, handwriting, voice) sends no such keydown: its keydown says "Process"
 * and the words arrive as a composition, which a browser only runs in an editable element. A
 * focused grid cell is a plain <div>, so the composition was lost and the clerk had to press F2
 * first. Here the focused cell is made editable (and nothing else): a composition runs inside
 * it, shown in the cell as it is typed, and its result starts the cell's editor with the
 * composed words; text inserted without a key (insertText) does the same. Everything else the
 * browser would do to an editable <div> (Enter, Backspace, paste, drop) is refused, so the
 * grid's own DOM is never changed.
 */
import type { GridApi } from 'ag-grid-community';
import { useEffect, type RefObject } from 'react';
import { FIELD_BY_KEY } from '../../../shared/record-fields';

/**
 * The editor's `eventKey` is a key name ('Enter', 'F2', 'Backspace') or one typed character;
 * composed words are passed with this mark in front so that they are never taken for a key name.
 */
const TYPED_MARK = '\uE000';

export function typedKey(text: string): string {
  return TYPED_MARK + text;
}

/** The text the edit starts with, when it was started by typing; null for F2, Enter, a double click. */
export function typedText(eventKey: string | null | undefined): string | null {
  if (!eventKey) return null;
  if (eventKey.startsWith(TYPED_MARK)) return eventKey.slice(TYPED_MARK.length);
  return eventKey.length === 1 ? eventKey : null;
}

const TARGET = 'type-target';
const SLOT = 'type-slot';
const COMPOSING = 'ime-composing';

function editableCell(target: EventTarget | null): HTMLElement | null {
  const node = target instanceof Node ? target : null;
  const el = (node instanceof HTMLElement ? node : node?.parentElement)?.closest<HTMLElement>('.ag-cell') ?? null;
  if (!el) return null;
  const col = el.getAttribute('col-id');
  const row = el.closest('.ag-row');
  if (!col || !(col in FIELD_BY_KEY) || !row || row.classList.contains('ag-row-pinned')) return null;
  return el;
}

/** The text the grid drew in a cell when a composition began, so that whatever the input method did to it is undone. */
const drawn = new WeakMap<HTMLElement, Map<Text, string>>();

function textNodes(cell: HTMLElement): Text[] {
  const out: Text[] = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n as Text);
  return out;
}

function arm(cell: HTMLElement): void {
  if (cell.classList.contains(TARGET)) return;
  cell.classList.add(TARGET);
  cell.setAttribute('contenteditable', 'true');
  cell.setAttribute('spellcheck', 'false');
}

/** After a composition: the slot goes, and the grid's own text is as it was when the composition began. */
function restore(cell: HTMLElement): void {
  for (const slot of cell.querySelectorAll(`.${SLOT}`)) slot.remove();
  const before = drawn.get(cell);
  drawn.delete(cell);
  if (!before) return;
  for (const t of textNodes(cell)) {
    const data = before.get(t);
    if (data === undefined) t.remove();
    else if (t.data !== data) t.data = data;
  }
}

function disarm(cell: HTMLElement): void {
  restore(cell);
  cell.classList.remove(TARGET, COMPOSING);
  cell.removeAttribute('contenteditable');
  cell.removeAttribute('spellcheck');
}

/** A composition starts: give it a place of its own, shown instead of the cell's value. */
function openSlot(cell: HTMLElement): void {
  cell.classList.add(COMPOSING);
  // the grid does not redraw a cell while a composition runs in it, so text nodes that appear
  // until it ends are the input method's
  drawn.set(cell, new Map(textNodes(cell).map((t) => [t, t.data])));
  const slot = document.createElement('span');
  slot.className = SLOT;
  // a zero-width space gives the caret a text node to sit in; it lives only while composing
  const text = document.createTextNode('\u200B');
  slot.appendChild(text);
  cell.appendChild(slot);
  const range = document.createRange();
  range.setStart(text, 1);
  range.collapse(true);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/**
 * Text typed after the edit was asked for but before its editor has the focus (a second
 * character committed quickly): kept, and typed into the editor once it has the focus.
 */
const typedAhead = new WeakMap<HTMLElement, string>();

function startEdit(api: GridApi, cell: HTMLElement, text: string): void {
  const rowIndex = Number(cell.closest('.ag-row')?.getAttribute('row-index'));
  const colKey = cell.getAttribute('col-id');
  restore(cell);
  cell.classList.remove(COMPOSING);
  if (!colKey || !Number.isInteger(rowIndex)) return disarm(cell);
  typedAhead.set(cell, '');
  api.startEditingCell({ rowIndex, colKey, key: typedKey(text) });
  if (api.getEditingCells().length === 0) {
    // the cell could not be edited (a locked or read-only cell): nothing waits for an editor
    typedAhead.delete(cell);
    disarm(cell);
  }
}

/** The editor took the focus: the cell is plain again, and what was typed meanwhile goes on. */
function handOver(cell: HTMLElement): void {
  const ahead = typedAhead.get(cell);
  typedAhead.delete(cell);
  disarm(cell);
  if (ahead) {
    waiting = ahead;
    typeIntoEditor(20);
  }
}

/** Text waiting for the cell editor to take the focus (it mounts a frame or two after the edit starts). */
let waiting = '';

/** Types the waiting text into the editor as soon as it has the focus, before any later key reaches it. */
function typeIntoEditor(frames: number): void {
  const el = document.activeElement;
  if (!waiting) return;
  if (el instanceof HTMLInputElement && el.classList.contains('cell-editor')) {
    const text = waiting;
    waiting = '';
    document.execCommand('insertText', false, text);
  } else if (frames > 0) requestAnimationFrame(() => typeIntoEditor(frames - 1));
  else waiting = '';
}

export function useTypeToEdit(host: RefObject<HTMLElement | null>, apiRef: RefObject<GridApi | null>): void {
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const onFocusIn = (e: FocusEvent) => {
      const cell = editableCell(e.target);
      // an editor inside a cell takes the focus itself: the cell is the target only when selected
      if (cell && cell === e.target) arm(cell);
      else if (waiting) typeIntoEditor(0);
    };
    const onFocusOut = (e: FocusEvent) => {
      const cell = editableCell(e.target);
      if (!cell || cell !== e.target || cell.classList.contains(COMPOSING)) return;
      if (typedAhead.has(cell)) handOver(cell);
      else disarm(cell);
    };
    // Keys typed after the first one started the edit but before its editor has the focus
    // (a fast typist, a busy machine) would reach the cell, not the editor: kept for the editor.
    const onKeyDown = (e: KeyboardEvent) => {
      const cell = editableCell(e.target);
      if (!cell || cell !== e.target || !cell.classList.contains(TARGET)) return;
      if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey || (apiRef.current?.getEditingCells().length ?? 0) === 0) return;
      e.preventDefault();
      e.stopPropagation();
      typedAhead.set(cell, (typedAhead.get(cell) ?? '') + e.key);
    };
    const onCompositionStart = (e: CompositionEvent) => {
      const cell = editableCell(e.target);
      if (cell?.classList.contains(TARGET)) openSlot(cell);
    };
    const onCompositionEnd = (e: CompositionEvent) => {
      const cell = editableCell(e.target);
      if (!cell?.classList.contains(TARGET)) return;
      const api = apiRef.current;
      const ahead = typedAhead.get(cell);
      if (ahead !== undefined) {
        restore(cell);
        cell.classList.remove(COMPOSING);
        typedAhead.set(cell, ahead + e.data);
      } else if (e.data && api) startEdit(api, cell, e.data);
      else {
        // a cancelled composition: the cell shows its value again and waits for the next one
        disarm(cell);
        arm(cell);
      }
    };
    const onBeforeInput = (e: InputEvent) => {
      const cell = editableCell(e.target);
      if (!cell?.classList.contains(TARGET) || e.isComposing || e.inputType === 'insertCompositionText') return;
      e.preventDefault();
      const api = apiRef.current;
      if (e.inputType !== 'insertText' || !e.data || !api) return;
      const ahead = typedAhead.get(cell);
      if (ahead !== undefined) typedAhead.set(cell, ahead + e.data);
      else startEdit(api, cell, e.data);
    };
    const listeners: [string, (e: never) => void, boolean][] = [
      ['focusin', onFocusIn, false],
      ['focusout', onFocusOut, false],
      ['keydown', onKeyDown, true],
      ['compositionstart', onCompositionStart, false],
      ['compositionend', onCompositionEnd, false],
      ['beforeinput', onBeforeInput, false],
    ];
    for (const [type, fn, capture] of listeners) el.addEventListener(type, fn as EventListener, capture);
    return () => {
      for (const [type, fn, capture] of listeners) el.removeEventListener(type, fn as EventListener, capture);
    };
  }, [host, apiRef]);
}
