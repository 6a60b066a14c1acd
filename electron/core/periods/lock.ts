/**
 * The period lock: once a month is submitted to the city, no record dated in it may be added,
 * changed or deleted (a record moved out of or into the month counts too) until the month is
 * reopened with a reason. Enforced inside the write path, so every door and every feature
 * (grid, import, rollback, undo) meets the same refusal.
 */
import { AppError } from '../../../shared/result';
import type { Db } from '../db/connection';
import type { ChangeGuard, Row } from '../db/write-path';

export function submittedMonths(db: Db): Set<string> {
  const rows = db.prepare("SELECT month FROM periods WHERE status = 'submitted'").all() as { month: string }[];
  return new Set(rows.map((r) => r.month));
}

function monthOf(row: Row | null): string | null {
  const date = row?.date;
  return typeof date === 'string' && date.length >= 7 ? date.slice(0, 7) : null;
}

export function periodLockGuard(db: Db): ChangeGuard {
  // Read once per transaction (a million inserts must not each query), refreshed when a period changes.
  let locked: Set<string> | null = null;
  return (entity, before, after) => {
    if (entity === 'period') {
      locked = null;
      return;
    }
    if (entity !== 'record') return;
    locked ??= submittedMonths(db);
    if (locked.size === 0) return;
    for (const month of [monthOf(before), monthOf(after), typeof after?.period === 'string' ? after.period : null]) {
      if (month && locked.has(month)) {
        throw new AppError(
          'PERIOD_LOCKED',
          `${month} 月已报送并锁定，不能新增、修改或删除该月的记录；如确需更正，请先在“报送”页该月一行点“重新打开…”（须填写原因）`,
          { month, recordId: before?.id ?? after?.id ?? null },
        );
      }
    }
  };
}
