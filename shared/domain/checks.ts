/** Checks, waivers and periods as the contract carries them. */
import type { CheckCode, Severity } from '../checks/codes';

export interface CheckWaiver {
  id: number;
  code: CheckCode;
  subject: string;
  recordId: number | null;
  reason: string;
  createdAt: string;
}

export interface CheckIssue {
  code: CheckCode;
  severity: Severity;
  /** the record to jump to, when the issue is about (or best shown at) one record */
  recordId?: number;
  /** what the issue is about, stable across runs: 'record:12', 'creditCode:91…', 'product:…' */
  subject: string;
  message: string;
  /** set when the issue was accepted with a reason */
  waiver?: { id: number; reason: string; createdAt: string };
}

export interface CheckGroup {
  code: CheckCode;
  severity: Severity;
  count: number;
  waived: number;
}

export interface CheckSummary {
  /** 'YYYY-MM' or null for the whole ledger */
  period: string | null;
  ranAt: string;
  records: number;
  groups: CheckGroup[];
  /** errors that are not waived: a submission is refused while this is above 0 */
  openErrors: number;
}

export interface CheckReport extends CheckSummary {
  issues: CheckIssue[];
}

export interface CheckProgress {
  /** 0..1 */
  fraction: number;
  /** what runs now, in Chinese */
  stage: string;
}

export interface PeriodInfo {
  month: string;
  status: 'open' | 'submitted';
  submittedAt: string | null;
  packageSha256: string | null;
  /** how many times the month was submitted */
  version: number;
  reopenedAt: string | null;
  reopenReason: string | null;
  records: number;
  totalFen: number;
}
