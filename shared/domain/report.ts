/** The monthly report (月报): what the city gets each month, on screen and printed. */
export interface Figure {
  records: number;
  amountFen: number;
}

export interface Breakdown extends Figure {
  /** the group's name: a purchaser type, a channel, a category */
  name: string;
}

export interface RegionFigure extends Figure {
  province: string;
  prefecture: string;
  county: string;
  code: string;
  paired: boolean;
}

export interface ReservedShareRow {
  purchaserName: string;
  purchaserType: string | null;
  plannedFen: number;
  purchasedFen: number;
  /** percent of the plan bought from assistance regions */
  sharePct: number;
  targetPct: number;
  met: boolean;
}

export interface MonthlyReport {
  period: string;
  officeName: string;
  districtName: string;
  generatedAt: string;
  month: Figure;
  yearToDate: Figure;
  annualTargetFen: number | null;
  /** year to date as percent of the annual target, when one is set */
  targetPct: number | null;
  /** the months of the year so far, for the progress chart */
  months: { period: string; amountFen: number }[];
  byRegion: RegionFigure[];
  byPurchaserType: Breakdown[];
  byChannel: Breakdown[];
  byCategory: Breakdown[];
  householdsBenefited: number;
  service: { amountFen: number; personTimes: number };
  /** budget units with a plan for the year (empty until plans are kept) */
  reservedShares: ReservedShareRow[];
  /** the month's error findings neither fixed nor waived (checks run for the report); absent where not checked */
  unresolved?: UnresolvedErrors;
}

export interface UnresolvedErrors {
  /** error findings without a waiver */
  findings: number;
  /** records they are about, and those records' money */
  records: number;
  amountFen: number;
}
