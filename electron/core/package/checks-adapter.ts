/**
 * What the package needs from the checks and the periods: the month's issues with their
 * waivers, and the month's submission record. One small file, so the package does not depend
 * on how the checks engine is built.
 */
export interface PackageIssue {
  code: string;
  severity: 'error' | 'warning';
  recordId?: number;
  message: string;
  waiver?: { reason: string; by: string; at: string };
}

export interface PackageChecks {
  issues: PackageIssue[];
}

export function unwaivedErrors(checks: PackageChecks): PackageIssue[] {
  return checks.issues.filter((i) => i.severity === 'error' && !i.waiver);
}
