/**
 * The county resolver for tests: the real one (shared/regions/resolve.ts over
 * resources/regions/counties.json), built once per test file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildRegionIndex, createCountyResolver, type RegionData } from '../../../shared/regions/resolve';
import type { CountyResolver } from '../../../shared/record-fields';

const COUNTIES = fileURLToPath(new URL('../../../resources/regions/counties.json', import.meta.url));

let cached: CountyResolver | null = null;

export function realResolver(): CountyResolver {
  cached ??= createCountyResolver(buildRegionIndex(JSON.parse(readFileSync(COUNTIES, 'utf8')) as RegionData));
  return cached;
}
