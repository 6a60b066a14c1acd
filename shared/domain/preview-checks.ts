/**
 * The checks run on an import preview: every row rule and the duplicate checks (within the file
 * and against the ledger), per row and cell, with a summary the preview recomputes after each
 * correction. Codes, titles and advice are those of 检查 (shared/checks/codes.ts).
 */
import type { CheckCode, Severity } from '../checks/codes';
import type { RecordField } from './record';

export interface PreviewFinding {
  sourceRow: number;
  code: CheckCode;
  severity: Severity;
  /** the cells it concerns (empty: the row as a whole) */
  fields: RecordField[];
  message: string;
}

export interface PreviewCheckSummary {
  /** rows that would be imported (not left out by the clerk) */
  rows: number;
  /** their amount, in fen */
  totalFen: number;
  /** rows with at least one error finding */
  errorRows: number;
  /** rows with warnings only */
  warningRows: number;
  /** findings per code, errors first */
  byCode: { code: CheckCode; severity: Severity; count: number }[];
}

export interface PreviewChecks {
  findings: PreviewFinding[];
  summary: PreviewCheckSummary;
}
