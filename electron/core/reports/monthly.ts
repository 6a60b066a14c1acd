/**
 * The monthly report's figures, all by SQL over the records of the month (and of the year up
 * to it): totals, progress to the annual target, by paired region (province → prefecture →
 * county), purchaser type, channel and category, households benefited, service consumption,
 * and the budget units' reserved shares.
 */
import type { Breakdown, Figure, MonthlyReport, RegionFigure, ReservedShareRow } from '../../../shared/domain/report';
import type { OfficeSettings } from '../../../shared/domain/lists';
import { purchasedTowardShare, type SharePurchaser } from '../checks/reserved-share';
import { EFFECTIVE_PURCHASER_TYPE } from './purchaser-type';
import { monthRange } from '../../../shared/dates';
import type { Db } from '../db/connection';
import { orderTerm } from '../db/dialect-sql';
import type { Reference } from '../reference/reference';

const FIGURE = 'count(*) AS records, coalesce(sum(amount_fen), 0) AS "amountFen"';

function figure(db: Db, from: string, to: string): Figure {
  return db.prepare(`SELECT ${FIGURE} FROM records WHERE date >= ? AND date < ?`).get(from, to) as Figure;
}

// Groups of equal money are listed the unfilled one first, then by name, on a file and on a
// server alike (neither orders ties by itself, and the two did not agree).
function breakdown(db: Db, column: string, from: string, to: string): Breakdown[] {
  return db
    .prepare(
      `SELECT coalesce(${column}, '（未填）') AS name, ${FIGURE} FROM records WHERE date >= ? AND date < ? GROUP BY ${column} ORDER BY "amountFen" DESC, ${orderTerm(db, column, 'asc')}`,
    )
    .all(from, to) as Breakdown[];
}

/** By purchaser type (purchaser-type.ts: the record's, else 名录's), else 未填. */
function byPurchaserType(db: Db, from: string, to: string): Breakdown[] {
  // by type here, by money below (a stable sort: ties stay in type order, as breakdown's)
  const groups = db
    .prepare(`SELECT ${EFFECTIVE_PURCHASER_TYPE} AS type, ${FIGURE} FROM records WHERE date >= ? AND date < ? GROUP BY 1 ORDER BY ${orderTerm(db, 'type', 'asc')}`)
    .all(from, to) as (Figure & { type: string | null })[];
  return groups.map((g) => ({ name: g.type ?? '（未填）', records: g.records, amountFen: g.amountFen })).sort((a, b) => b.amountFen - a.amountFen);
}

/** Each budget unit's plan for the year, against what counts toward its share (checks/reserved-share.ts). */
function reservedShares(db: Db, settings: OfficeSettings, year: string, to: string): ReservedShareRow[] {
  const plans = db
    .prepare(
      `SELECT p.id AS "purchaserId", p.name, p.credit_code AS "creditCode", p.type AS "purchaserType", pl.planned_fen AS "plannedFen"
       FROM purchaser_plans pl JOIN purchasers p ON p.id = pl.purchaser_id
       WHERE pl.year = ? AND p.budget_unit = 1 ORDER BY p.name`,
    )
    .all(Number(year)) as (SharePurchaser & { purchaserType: string | null; plannedFen: number })[];
  const purchased = purchasedTowardShare(db);
  return plans.map((p) => {
    const purchasedFen = purchased(p, `${year}-01-01`, to);
    const sharePct = p.plannedFen > 0 ? Math.round((purchasedFen / p.plannedFen) * 1000) / 10 : 0;
    const targetPct = settings.reservedShareThresholds[p.purchaserType ?? ''] ?? settings.reservedShareThresholds['预算单位'] ?? 0;
    return { purchaserName: p.name, purchaserType: p.purchaserType, plannedFen: p.plannedFen, purchasedFen, sharePct, targetPct, met: sharePct >= targetPct };
  });
}

export function buildMonthlyReport(db: Db, reference: Reference, settings: OfficeSettings, pairedCodes: ReadonlySet<string>, period: string, now = new Date()): MonthlyReport {
  const [from, to] = monthRange(period);
  const year = period.slice(0, 4);
  const yearToDate = figure(db, `${year}-01-01`, to);
  const annualTargetFen = settings.annualTargetsFen[year] ?? null;

  const months = db
    .prepare(`SELECT substr(date, 1, 7) AS period, coalesce(sum(amount_fen), 0) AS "amountFen" FROM records WHERE date >= ? AND date < ? GROUP BY 1 ORDER BY 1`)
    .all(`${year}-01-01`, to) as { period: string; amountFen: number }[];

  const byCounty = db
    .prepare(`SELECT origin_code AS code, ${FIGURE} FROM records WHERE date >= ? AND date < ? GROUP BY origin_code`)
    .all(from, to) as (Figure & { code: string | null })[];
  const byRegion: RegionFigure[] = byCounty
    .map((r) => {
      const c = r.code ? reference.regions.byCode.get(r.code) : undefined;
      return {
        records: r.records,
        amountFen: r.amountFen,
        code: r.code ?? '',
        province: c?.provinceName ?? '（产地未知）',
        prefecture: c && c.prefectureName !== c.provinceName ? c.prefectureName : '',
        county: c?.name ?? r.code ?? '（未填）',
        paired: Boolean(r.code && (pairedCodes.has(r.code) || pairedCodes.has(`${r.code.slice(0, 4)}00`))),
      };
    })
    // In division-code order, as official tables list them: a province's prefectures together.
    .sort((a, b) => (a.code || '999999').localeCompare(b.code || '999999'));

  const extra = db
    .prepare(
      `SELECT coalesce(sum(households), 0) AS households,
              coalesce(sum(CASE WHEN kind = '服务' THEN amount_fen END), 0) AS "serviceFen",
              coalesce(sum(CASE WHEN kind = '服务' THEN person_times END), 0) AS "personTimes"
       FROM records WHERE date >= ? AND date < ?`,
    )
    .get(from, to) as { households: number; serviceFen: number; personTimes: number };

  return {
    period,
    officeName: settings.officeName,
    districtName: settings.districtName,
    generatedAt: now.toISOString(),
    month: figure(db, from, to),
    yearToDate,
    annualTargetFen,
    targetPct: annualTargetFen ? Math.round((yearToDate.amountFen / annualTargetFen) * 1000) / 10 : null,
    months,
    byRegion,
    byPurchaserType: byPurchaserType(db, from, to),
    byChannel: breakdown(db, 'channel', from, to),
    byCategory: breakdown(db, 'category', from, to),
    householdsBenefited: extra.households,
    service: { amountFen: extra.serviceFen, personTimes: extra.personTimes },
    reservedShares: reservedShares(db, settings, year, to),
  };
}
