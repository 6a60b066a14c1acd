/**
 * What a pick list suggests for the typed text, and what Enter or Tab takes: the highlighted
 * suggestion, as every combo box does (typing 机关 and pressing Enter gives 党政机关). Typed text
 * that matches nothing is kept as typed, so the cell shows it in red with the reason.
 */
import type { FieldDef } from '../../../shared/record-fields';

export interface PickOption {
  value: string;
  label: string;
  hint?: string;
}

export interface CountyList {
  counties: readonly { code: string; name: string; prefectureName: string; provinceName: string }[];
  pairedCodes: ReadonlySet<string>;
}

const MAX_COUNTIES = 60;

/** `query` is '' when the person has not typed yet (the list then shows everything, or the paired counties). */
export function pickSuggestions(field: FieldDef, query: string, counties: CountyList | null): PickOption[] {
  const q = query.trim();
  if (field.kind === 'county' && counties) {
    const { pairedCodes } = counties;
    const hits = q
      ? counties.counties.filter((c) => c.code.startsWith(q) || c.name.includes(q) || c.prefectureName.includes(q) || c.provinceName.includes(q))
      : counties.counties.filter((c) => pairedCodes.has(c.code));
    // An exact name or code first, then names that start with the text, paired counties before others.
    const rank = (c: (typeof hits)[number]) =>
      (c.name === q || c.code === q ? 0 : 4) + (c.name.startsWith(q) ? 0 : 2) + (pairedCodes.has(c.code) ? 0 : 1);
    const ranked = q ? [...hits].sort((a, b) => rank(a) - rank(b)) : hits;
    return ranked.slice(0, MAX_COUNTIES).map((c) => ({
      value: c.code,
      label: c.name,
      hint: `${c.provinceName}${c.prefectureName !== c.provinceName ? c.prefectureName : ''} ${c.code}`,
    }));
  }
  const list = field.options ?? [];
  if (!q) return list.map((o) => ({ value: o, label: o }));
  const hits = list.filter((o) => o.includes(q));
  const exact = hits.filter((o) => o === q);
  return [...exact, ...hits.filter((o) => o !== q)].map((o) => ({ value: o, label: o }));
}

/**
 * The value the editor hands the grid: the highlighted suggestion once the person has typed
 * something or moved the highlight with the arrow keys, else the text as it stands.
 */
export function pickedValue(text: string, how: { typed: boolean; moved: boolean }, options: readonly PickOption[], active: number): string {
  const option = options[active];
  if (option && (how.moved || (how.typed && text.trim() !== ''))) return option.value;
  return text;
}
