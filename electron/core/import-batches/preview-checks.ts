/**
 * The checks on a file before it is imported: every row rule of 检查 (the same ROW_RULES the
 * whole-ledger run and the grid use) and the duplicate checks, within the file and against the
 * ledger (judged and worded by checks/duplicate-rules.ts, as in the ledger run), on the rows as
 * the clerk has corrected them. Nothing is written; run again after each correction.
 */
import { CHECK_CODES, severityOf } from '../../../shared/checks/codes';
import { createRowChecker, type CheckRow, type UnreadCells } from '../../../shared/checks/row-rules';
import type { ImportParse, ParsedRow } from '../../../shared/domain/import';
import type { PreviewChecks, PreviewFinding } from '../../../shared/domain/preview-checks';
import type { RecordField, RecordValues } from '../../../shared/domain/record';
import { splitInvoiceNumbers } from '../../../shared/invoice';
import type { LedgerSession } from '../context';
import { invoiceDuplicateMessages, recordDuplicateMessages, type DuplicateHolder, type InvoiceHolder } from '../checks/duplicate-rules';
import { readRowRuleSettings, rowRuleContext } from '../checks/row-context';
import type { Reference } from '../reference/reference';
import { LedgerMatches, purchaseKeyText, type PurchaseKey } from './ledger-matches';

export interface PreviewChoices {
  skipRows?: readonly number[];
  edits?: Readonly<Record<number, Partial<RecordValues>>>;
}

/** A row as it would land: the parsed values with the clerk's corrections over them. */
export interface CheckedRow {
  sourceRow: number;
  values: Partial<RecordValues>;
  unread: UnreadCells | null;
}

/**
 * What the unit wrote where the app could not read it. A field the clerk has corrected is read.
 * (Parses that do not carry `unread` yet: the cell text of each field with a parse problem.)
 */
function unreadOf(row: ParsedRow, parse: ImportParse, edit: Partial<RecordValues> | undefined): UnreadCells | null {
  // the common case, read once per row of a 100,000-row file: nothing to copy
  if (!edit && row.unread) return Object.keys(row.unread).length ? row.unread : null;
  if (!edit && row.errors.length === 0) return null;
  let unread: UnreadCells = { ...((row as { unread?: UnreadCells }).unread ?? {}) };
  if (!(row as { unread?: UnreadCells }).unread) {
    for (const e of row.errors) {
      if (!e.field) continue;
      const column = parse.mapping.find((m) => m.field === e.field)?.column;
      unread[e.field] = column === undefined ? '' : (row.raw[column] ?? '');
    }
  }
  if (edit) unread = Object.fromEntries(Object.entries(unread).filter(([f]) => !(f in edit)));
  return Object.keys(unread).length ? unread : null;
}

export function rowsAsCorrected(parse: ImportParse, choices: PreviewChoices): CheckedRow[] {
  const skip = new Set(choices.skipRows ?? []);
  const edits = choices.edits ?? {};
  return parse.rows
    .filter((r) => !skip.has(r.sourceRow) && !r.rejected)
    .map((r) => {
      const edit = edits[r.sourceRow];
      return { sourceRow: r.sourceRow, values: edit ? { ...r.values, ...edit } : r.values, unread: unreadOf(r, parse, edit) };
    });
}

/** `matches`: the ledger as this preview asks it (shared with its possible duplicates). */
export function previewChecks(
  ledger: LedgerSession,
  reference: Reference,
  parse: ImportParse,
  choices: PreviewChoices = {},
  matches = new LedgerMatches(ledger.db),
): PreviewChecks {
  const rows = rowsAsCorrected(parse, choices);
  const findings: PreviewFinding[] = [];
  const add = (sourceRow: number, code: PreviewFinding['code'], fields: readonly string[], message: string) =>
    findings.push({ sourceRow, code, severity: severityOf(code), fields: fields.filter((f): f is RecordField => f !== 'period'), message });

  const check = createRowChecker(rowRuleContext(readRowRuleSettings(ledger), reference));
  for (const r of rows) {
    // placed as the commit will place it (records.period: the month the sheet states)
    const row = { ...r.values, id: 0, period: parse.month ?? null, unread: r.unread } as CheckRow;
    for (const issue of check(row)) add(r.sourceRow, issue.code, issue.fields, issue.message);
  }
  recordDuplicates(matches, rows, add);
  invoiceDuplicates(matches, rows, add);

  const order = new Map(CHECK_CODES.map((c, i) => [c, i]));
  findings.sort((a, b) => a.sourceRow - b.sourceRow || order.get(a.code)! - order.get(b.code)!);
  return { findings, summary: summarise(rows, findings) };
}

type Add = (sourceRow: number, code: PreviewFinding['code'], fields: readonly string[], message: string) => void;

/** RECORD_DUPLICATE: the ledger's records with the same key come first (they were there before), then the file's rows in order. */
function recordDuplicates(matches: LedgerMatches, rows: CheckedRow[], add: Add): void {
  const groups = new Map<string, { key: PurchaseKey; rows: CheckedRow[] }>();
  for (const r of rows) {
    const { purchaserName, date, productName, amountFen } = r.values;
    if (!purchaserName || !date || !productName || amountFen === null || amountFen === undefined) continue;
    const key = { purchaserName, date, productName, amountFen };
    const text = purchaseKeyText(key);
    const g = groups.get(text);
    if (g) g.rows.push(r);
    else groups.set(text, { key, rows: [r] });
  }
  const inLedger = matches.samePurchases([...groups.values()].map((g) => g.key));
  for (const [text, { rows: g }] of groups) {
    const ledgerRows = inLedger.get(text) ?? [];
    if (ledgerRows.length + g.length < 2) continue;
    const holders: DuplicateHolder[] = [
      ...ledgerRows.map((l) => ({ ref: `台账记录 ${l.id}`, invoice: l.invoice || null })),
      ...g.map((r) => ({ ref: `第 ${r.sourceRow} 行`, invoice: r.values.invoiceNo || null })),
    ];
    for (const { index, message } of recordDuplicateMessages(holders)) {
      if (index >= ledgerRows.length) add(g[index - ledgerRows.length].sourceRow, 'RECORD_DUPLICATE', ['purchaserName', 'date', 'productName', 'amountFen'], message);
    }
  }
}

/** INVOICE_DUPLICATE: each invoice number of the file, with every ledger record that holds it. */
function invoiceDuplicates(matches: LedgerMatches, rows: CheckedRow[], add: Add): void {
  const holders = new Map<string, CheckedRow[]>();
  for (const r of rows) {
    for (const no of r.values.invoiceNo ? new Set(splitInvoiceNumbers(r.values.invoiceNo)) : []) {
      const list = holders.get(no);
      if (list) list.push(r);
      else holders.set(no, [r]);
    }
  }
  const inLedger = matches.invoiceHolders(holders.keys());
  for (const [no, fileRows] of holders) {
    const ledgerList = inLedger.get(no) ?? [];
    if (ledgerList.length + fileRows.length < 2) continue;
    const all: InvoiceHolder[] = [
      ...ledgerList.map((l) => ({ ref: `台账记录 ${l.id}`, purchaser: l.purchaser, product: l.product })),
      ...fileRows.map((r) => ({ ref: `第 ${r.sourceRow} 行`, purchaser: r.values.creditCode || r.values.purchaserName || '', product: r.values.productName ?? null })),
    ];
    for (const { index, message } of invoiceDuplicateMessages(no, all)) {
      if (index >= ledgerList.length) add(fileRows[index - ledgerList.length].sourceRow, 'INVOICE_DUPLICATE', ['invoiceNo'], message);
    }
  }
}

function summarise(rows: CheckedRow[], findings: PreviewFinding[]): PreviewChecks['summary'] {
  const errorRows = new Set<number>();
  const warningRows = new Set<number>();
  const counts = new Map<PreviewFinding['code'], number>();
  for (const f of findings) {
    (f.severity === 'error' ? errorRows : warningRows).add(f.sourceRow);
    counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  }
  const order = new Map(CHECK_CODES.map((c, i) => [c, i]));
  const byCode = [...counts]
    .map(([code, count]) => ({ code, severity: severityOf(code), count }))
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || order.get(a.code)! - order.get(b.code)!);
  return {
    rows: rows.length,
    totalFen: rows.reduce((sum, r) => sum + (r.values.amountFen ?? 0), 0),
    errorRows: errorRows.size,
    warningRows: [...warningRows].filter((r) => !errorRows.has(r)).length,
    byCode,
  };
}
