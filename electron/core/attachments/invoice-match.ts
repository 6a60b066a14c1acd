/**
 * Matching invoice files to records by the invoice number in the file name, the way tax
 * platforms name their downloads ("dzfp_21312000000012345678_上海某公司.pdf", "3100211130_12345678.pdf").
 * A record's numbers come from its invoice cell (several per cell allowed); an old-style
 * "code:number" matches when both appear in the name.
 */
import { splitInvoiceNumbers } from '../../../shared/invoice';
import { toHalfWidth } from '../../../shared/text';
import type { Db } from '../db/connection';
import { prepared } from '../db/statements';

/** The keys a file name can match: its digit runs of 8+ digits, and adjacent pairs as "code:number". */
export function invoiceKeysOfFileName(fileName: string): string[] {
  const runs = toHalfWidth(fileName).match(/\d+/g) ?? [];
  const keys = runs.filter((r) => r.length >= 8);
  for (let i = 0; i + 1 < runs.length; i++) keys.push(`${runs[i]}:${runs[i + 1]}`);
  return keys;
}

/** A record's invoice cell as keys: "21312000000012345678", "12345678", "3100211130:12345678". */
export function invoiceKeysOfCell(cell: string): string[] {
  return splitInvoiceNumbers(cell)
    .map((no) => no.replace(/[：\-]/g, ':'))
    .filter((no) => /^\d{8,}$/.test(no) || /^\d+:\d{8}$/.test(no));
}

/**
 * For each file name, the ids of the records one of whose invoice numbers appears in it. One
 * pass over the records that have an invoice number, however many files.
 */
export function matchRecordsByInvoice(db: Db, fileNames: string[]): number[][] {
  const wanted = new Map<string, number[]>();
  const keysByFile = fileNames.map((name) => invoiceKeysOfFileName(name));
  keysByFile.forEach((keys) => keys.forEach((k) => wanted.set(k, [])));
  if (wanted.size > 0) {
    const rows = prepared(db, "SELECT id, invoice_no FROM records WHERE invoice_no IS NOT NULL AND invoice_no != ''").iterate() as IterableIterator<{ id: number; invoice_no: string }>;
    for (const row of rows) {
      for (const key of invoiceKeysOfCell(row.invoice_no)) wanted.get(key)?.push(row.id);
    }
  }
  return keysByFile.map((keys) => [...new Set(keys.flatMap((k) => wanted.get(k) ?? []))].sort((a, b) => a - b));
}
