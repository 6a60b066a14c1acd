/**
 * What a unit wrote for one imported record, kept with it (records.source_json): inspectors
 * compare the ledger with what units reported, and what the import could not read is only
 * "not lost" if the unit's own text is still there.
 */
import type { RecordField } from './record';

export interface RecordSource {
  file: string;
  sheet: string;
  /** 1-based row number in the sheet, as the unit sees it */
  row: number;
  /** the row's non-empty cells as text: [column letter, header label, text] */
  cells: [string, string, string][];
}

/** { field: the unit's text } for each field the import could not read (left empty) or recorded as 其他. */
export type UnreadValues = Partial<Record<RecordField, string>>;

export function parseRecordSource(json: string | null | undefined): RecordSource | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as RecordSource;
    return v && typeof v === 'object' && Array.isArray(v.cells) ? v : null;
  } catch {
    return null;
  }
}

export function parseUnread(json: string | null | undefined): UnreadValues | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    const out: UnreadValues = {};
    for (const [k, t] of Object.entries(v as Record<string, unknown>)) if (typeof t === 'string') out[k as RecordField] = t;
    return out;
  } catch {
    return null;
  }
}
