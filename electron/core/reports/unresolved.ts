/**
 * What the monthly report must say first when the month is not clean: its error findings that
 * are neither fixed nor waived, the records they are about and those records' money. The month
 * is checked as the package would check it (checks/run.ts), so the report and the package agree.
 */
import type { CheckReport } from '../../../shared/domain/checks';
import type { UnresolvedErrors } from '../../../shared/domain/report';
import { isPostgres, type Db } from '../db/connection';

export function unresolvedErrors(db: Db, checks: CheckReport): UnresolvedErrors {
  const open = checks.issues.filter((i) => i.severity === 'error' && !i.waiver);
  const ids = [...new Set(open.flatMap((i) => (i.recordId === undefined ? [] : [i.recordId])))];
  // the ids as one parameter: a PostgreSQL array, JSON text for SQLite's json_each
  const sum = (where: string, ids: unknown) => Number(db.prepare(`SELECT coalesce(sum(amount_fen), 0) FROM records WHERE ${where}`).pluck().get([ids]));
  const amountFen = !ids.length ? 0 : isPostgres(db) ? sum('id = ANY(?)', ids) : sum('id IN (SELECT value FROM json_each(?))', JSON.stringify(ids));
  return { findings: open.length, records: ids.length, amountFen };
}
