/**
 * RESERVED_SHARE_LOW: a budget unit's assistance purchases in a year, as a share of its planned
 * agricultural procurement (purchaser_plans), against the office's target for its purchaser type.
 * The target is prorated to the months that have passed, so a unit is not flagged in March for
 * not having bought a whole year's share yet. What counts as bought (purchasedTowardShare) is
 * also the monthly report's figure: the unit's own purchases and its unions' (名录: 所属单位).
 */
import { severityOf } from '../../../shared/checks/codes';
import type { CheckIssue } from '../../../shared/domain/checks';
import type { OfficeSettings } from '../../../shared/domain/lists';
import { monthRange } from '../../../shared/dates';
import { formatFen } from '../../../shared/money';
import type { Db } from '../db/connection';
import type { CheckScope } from './scope';

interface PlanRow {
  purchaserId: number;
  name: string;
  creditCode: string | null;
  type: string | null;
  year: number;
  plannedFen: number;
}

/** Months of `year` to measure against: up to the scope's month, or the months already begun. */
export function monthsElapsed(year: number, scope: CheckScope, today: string): number {
  if (scope.period) return Number(scope.period.slice(0, 4)) === year ? Number(scope.period.slice(5, 7)) : 0;
  const thisYear = Number(today.slice(0, 4));
  if (year < thisYear) return 12;
  if (year > thisYear) return 0;
  return Number(today.slice(5, 7));
}

export interface SharePurchaser {
  purchaserId: number;
  name: string;
  creditCode: string | null;
}

/**
 * What counts toward a budget unit's reserved share in [from, until): its own purchases (by
 * credit code when 名录 has one, else by name) and those of every union 名录 names it the
 * employer of (domain.md: a union's purchases also count toward its employer's total).
 */
export function purchasedTowardShare(db: Db): (unit: SharePurchaser, from: string, until: string) => number {
  // Two statements rather than an OR, so each walks its covering index (migration 005).
  const byCode = db.prepare('SELECT coalesce(sum(amount_fen), 0) FROM records WHERE credit_code = @code AND date >= @from AND date < @until').pluck();
  const byName = db.prepare('SELECT coalesce(sum(amount_fen), 0) FROM records WHERE purchaser_name = @name AND date >= @from AND date < @until').pluck();
  const unions = db.prepare('SELECT id AS "purchaserId", name, credit_code AS "creditCode" FROM purchasers WHERE employer_id = ? ORDER BY id');
  const own = (p: SharePurchaser, from: string, until: string) =>
    (p.creditCode ? byCode.get({ code: p.creditCode, from, until }) : byName.get({ name: p.name, from, until })) as number;
  return (unit, from, until) => {
    let fen = own(unit, from, until);
    for (const union of unions.all(unit.purchaserId) as SharePurchaser[]) fen += own(union, from, until);
    return fen;
  };
}

export function reservedShareLow(db: Db, scope: CheckScope, settings: OfficeSettings, today: string): CheckIssue[] {
  const plans = db
    .prepare(
      `SELECT p.id AS "purchaserId", p.name, p.credit_code AS "creditCode", p.type, pl.year, pl.planned_fen AS "plannedFen"
       FROM purchaser_plans pl JOIN purchasers p ON p.id = pl.purchaser_id
       WHERE p.budget_unit = 1 AND pl.planned_fen > 0 ORDER BY p.id, pl.year`,
    )
    .all() as PlanRow[];
  const purchased = purchasedTowardShare(db);
  const out: CheckIssue[] = [];
  for (const plan of plans) {
    const target = plan.type ? settings.reservedShareThresholds[plan.type] : undefined;
    if (target === undefined || target <= 0) continue;
    const months = monthsElapsed(plan.year, scope, today);
    if (months === 0) continue;
    const until = scope.period ? monthRange(scope.period)[1] : `${plan.year + 1}-01-01`;
    const boughtFen = purchased(plan, `${plan.year}-01-01`, until);
    const share = (boughtFen / plan.plannedFen) * 100;
    const due = (target * months) / 12;
    if (share + 1e-9 >= due) continue;
    out.push({
      code: 'RESERVED_SHARE_LOW',
      severity: severityOf('RESERVED_SHARE_LOW'),
      subject: `purchaser:${plan.purchaserId}:${plan.year}`,
      message:
        `${plan.name} ${plan.year} 年${months < 12 ? `前 ${months} 个月` : ''}购买帮扶产品 ${formatFen(boughtFen)} 元，` +
        `占年度农副产品采购计划 ${formatFen(plan.plannedFen)} 元的 ${share.toFixed(1)}%，` +
        `低于${months < 12 ? `按月折算的 ${due.toFixed(1)}%（全年目标 ${target}%）` : `目标 ${target}%`}`,
    });
  }
  return out;
}
