/** Build real workbook bytes with SheetJS for tests. */
import * as XLSX from 'xlsx';

export type AoaCell = string | number | boolean | Date | null | XLSX.CellObject;

export interface SheetSpec {
  name: string;
  rows: AoaCell[][];
  merges?: string[];
  hidden?: boolean;
  /** Overwrite the sheet's range (e.g. claim A1:Z1000000). */
  ref?: string;
}

export function xlsxBytes(sheets: SheetSpec[], opts: { date1904?: boolean; bookType?: XLSX.BookType } = {}): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows as unknown[][], { cellDates: true });
    if (s.merges) ws['!merges'] = s.merges.map((m) => XLSX.utils.decode_range(m));
    if (s.ref) ws['!ref'] = s.ref;
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  wb.Workbook = {
    WBProps: { date1904: opts.date1904 ?? false },
    Sheets: sheets.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })),
  };
  const out = XLSX.write(wb, { type: 'buffer', bookType: opts.bookType ?? 'xlsx' }) as Buffer;
  return new Uint8Array(out);
}

export function utf8(text: string, bom = false): Uint8Array {
  const body = new TextEncoder().encode(text);
  if (!bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

export function utf16le(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
}

/** A date cell as Excel stores it: a serial with a date format. */
export function dateCell(serial: number, z = 'yyyy-mm-dd'): XLSX.CellObject {
  return { t: 'n', v: serial, z };
}

/** A numeric cell (e.g. a 20-digit invoice typed into a General cell). */
export function numberCell(v: number, z?: string): XLSX.CellObject {
  return z ? { t: 'n', v, z } : { t: 'n', v };
}
