/**
 * What the package needs from the checks and the periods: the month's issues with their
 * waivers, and the month's submission record. One small file, so the package does not depend
 * on how the checks engine is built.
 */
import type { CheckReport } from '../../../shared/domain/checks';
import type { Db } from '../db/connection';
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

/**
 * Who gave each waiver its present reason: the actor of the waiver's latest audit entry (the
 * waiver row itself does not name a person; the audit log always does).
 */
export function waiverActors(db: Db): (waiverId: number) => string | undefined {
  const stmt = db.prepare("SELECT actor FROM audit_log WHERE entity = 'checkWaiver' AND entity_id = ? AND action != 'delete' ORDER BY seq DESC LIMIT 1");
  return (id) => (stmt.get(id) as { actor: string } | undefined)?.actor;
}

/** The checks engine's report as the package needs it. */
export function fromCheckReport(report: CheckReport, actorOf: (waiverId: number) => string | undefined = () => undefined): PackageChecks {
  return {
    issues: report.issues.map((i) => ({
      code: i.code,
      severity: i.severity,
      recordId: i.recordId,
      message: i.message,
      ...(i.waiver ? { waiver: { reason: i.waiver.reason, by: actorOf(i.waiver.id), at: i.waiver.createdAt } } : {}),
    })),
  };
}
