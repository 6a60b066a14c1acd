import type { OfficeSettings } from '../../../shared/domain/lists';

/** 1 亿元 a year (Songjiang 2021), in fen. */
export const DEFAULT_ANNUAL_TARGET_FEN = 100_000_000 * 100;

/**
 * Reserved-share thresholds (percent) of domain.md: national ≥ 10% of budget units'
 * canteen ingredients; Songjiang party and government organs ≥ 20%, SOE unions ≥ 30%.
 */
export const DEFAULT_RESERVED_SHARE: Record<string, number> = {
  党政机关: 20,
  事业单位: 10,
  学校: 10,
  医疗卫生机构: 10,
  国有企业: 30,
  工会: 30,
};

/** LARGE_AMOUNT: one record above 100 万元, in fen. */
export const DEFAULT_LARGE_AMOUNT_FEN = 1_000_000 * 100;

export function defaultSettings(init: { officeName: string; districtName: string; districtCode: string; year: number }): OfficeSettings {
  return {
    officeName: init.officeName,
    districtName: init.districtName,
    districtCode: init.districtCode,
    operators: [],
    annualTargetsFen: { [String(init.year)]: DEFAULT_ANNUAL_TARGET_FEN },
    reservedShareThresholds: { ...DEFAULT_RESERVED_SHARE },
    largeAmountFen: DEFAULT_LARGE_AMOUNT_FEN,
    missingInvoiceAttachment: 'warning',
  };
}
