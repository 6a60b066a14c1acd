/** Reference data (counties, closed lists) loaded once, with the county resolver built from it. */
import { useEffect, useState } from 'react';
import type { ReferenceData } from '../../../shared/api';
import type { CountyResolver } from '../../../shared/record-fields';
import { buildRegionIndex, countyLabel, countyNameWithCode, countyShortLabel, createCountyResolver } from '../../../shared/regions/resolve';
import { invoke } from '../api/client';

export interface Reference extends ReferenceData {
  resolveCounty: CountyResolver;
  countyShort(code: string | null): string;
  countyFull(code: string | null): string;
  /** '山东省潍坊市寿光市（370783）', as the checks' messages name a county */
  countyWithCode(code: string): string;
  /** paired county codes first, for the pick list */
  pairedCodes: Set<string>;
}

export async function loadReference(pairedRegionCodes: string[]): Promise<Reference> {
  const data = await invoke('reference/get', {});
  const index = buildRegionIndex(data.regions);
  const paired = new Set<string>();
  for (const code of pairedRegionCodes) {
    if (index.byCode.has(code)) paired.add(code);
    else for (const c of data.counties) if (c.code.startsWith(code.slice(0, 4))) paired.add(c.code);
  }
  return {
    ...data,
    resolveCounty: createCountyResolver(index, { preferCodes: paired }),
    countyShort: (code) => (code ? countyShortLabel(index, code) : ''),
    countyFull: (code) => (code ? countyLabel(index, code) : ''),
    countyWithCode: (code) => countyNameWithCode(index, code),
    pairedCodes: paired,
  };
}

export function useReference(ledgerPath: string | null): Reference | null {
  const [ref, setRef] = useState<Reference | null>(null);
  useEffect(() => {
    if (!ledgerPath) return;
    let live = true;
    void invoke('lists/list', { kind: 'pairedRegions' })
      .then(({ items }) => loadReference(items.map((i) => (i as { code: string }).code)))
      .then((r) => live && setRef(r));
    return () => {
      live = false;
    };
  }, [ledgerPath]);
  return ref;
}
