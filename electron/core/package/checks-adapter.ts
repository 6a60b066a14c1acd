/**
 * What the package needs from the checks and the periods: the month's issues with their
 * waivers, and the month's submission record. One small file, so the package does not depend
 * on how the checks engine is built.
 */
import type { CheckReport } from '../../../shared/domain/checks';
export interface PackageIssue {
  code: string;
  severity: 'error' | 'warning';
  recordId?: number;
  message: string;
  waiver?: { reason: string; by?: string; at: string };
}

export interface PackageChecks {
  issues: PackageIssue[];
}

export function unwaivedErrors(checks: PackageChecks): PackageIssue[] {
  return checks.issues.filter((i) => i.severity === 'error' && !i.waiver);
}

/** The checks engine's report as the package needs it. */
export function fromCheckReport(report: CheckReport): PackageChecks {
  return {
    issues: report.issues.map((i) => ({
      code: i.code,
      severity: i.severity,
      recordId: i.recordId,
      message: i.message,
      ...(i.waiver ? { waiver: { reason: i.waiver.reason, at: i.waiver.createdAt } } : {}),
    })),
  };
}
