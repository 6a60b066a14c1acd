/**
 * Counties by name at any depth or by code, as units write them: '云南省西双版纳州勐海县',
 * '西双版纳傣族自治州勐海县', '新疆喀什莎车县', '勐海县', '勐海', '532822', '重庆万州'.
 * Pure: the region table comes from resources/regions/counties.json (see its NOTICE.md).
 */
import type { County } from '../domain/reference';
import type { CountyResolver } from '../record-fields';
import { toHalfWidth } from '../text';

export interface RegionData {
  source: string;
  provinces: [string, string][];
  prefectures: [string, string, string][];
  counties: [string, string, string][];
}

export interface RegionIndex {
  counties: County[];
  byCode: Map<string, County>;
  provinceAliases: Map<string, string>;
  prefectureAliases: Map<string, string[]>;
  countyAliases: Map<string, string[]>;
  /** 4-digit prefecture code → its names */
  prefectures: Map<string, { name: string; provinceCode: string }>;
}

/** The 56 ethnic groups, longest first, to shorten 西双版纳傣族自治州 → 西双版纳. */
const ETHNIC = [
  '柯尔克孜', '乌孜别克', '维吾尔', '俄罗斯', '鄂伦春', '达斡尔', '鄂温克', '哈萨克', '塔吉克', '塔塔尔', '蒙古', '布依', '朝鲜',
  '土家', '哈尼', '傈僳', '高山', '拉祜', '东乡', '纳西', '景颇', '仫佬', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '德昂', '保安', '裕固', '独龙', '赫哲', '门巴', '珞巴', '基诺', '汉', '回', '藏', '苗', '彝', '壮', '满', '侗', '瑶', '白',
  '傣', '黎', '佤', '畲', '水', '土', '羌', '怒', '京',
];
const PLACEHOLDER_PREFECTURES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
const TOWN_TAIL = /(镇|乡|街道|村|社区|组|农场|牧场)$/;

function stripEthnic(name: string): string {
  let out = name;
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of ETHNIC) {
      const tail = `${e}族`;
      if (out.endsWith(tail) && out.length > tail.length + 1) {
        out = out.slice(0, -tail.length);
        changed = true;
      }
    }
    if (out.endsWith('各族') && out.length > 3) {
      out = out.slice(0, -2);
      changed = true;
    }
  }
  return out;
}

export function shortProvince(name: string): string {
  const s = name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
  return s.length >= 2 ? s : name;
}

export function shortPrefecture(name: string): string {
  let s = name;
  if (s.endsWith('自治州')) s = stripEthnic(s.slice(0, -3));
  else s = s.replace(/(地区|盟|市)$/, '');
  return s.length >= 2 ? s : name;
}

export function shortCounty(name: string): string {
  let s = name;
  if (/自治(县|旗)$/.test(s)) s = stripEthnic(s.slice(0, -3));
  else s = s.replace(/(特区|林区|新区|县|区|市|旗)$/, '');
  return s.length >= 2 ? s : name;
}

function push(map: Map<string, string[]>, key: string, code: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [code]);
  else if (!list.includes(code)) list.push(code);
}

export function buildRegionIndex(data: RegionData): RegionIndex {
  const provinceNames = new Map(data.provinces.map(([code, name]) => [code, name]));
  const prefectures = new Map<string, { name: string; provinceCode: string }>();
  const provinceAliases = new Map<string, string>();
  const prefectureAliases = new Map<string, string[]>();
  const countyAliases = new Map<string, string[]>();

  for (const [code, name] of data.provinces) {
    provinceAliases.set(name, code);
    provinceAliases.set(shortProvince(name), code);
  }
  for (const [code, name, provinceCode] of data.prefectures) {
    prefectures.set(code, { name, provinceCode });
    if (PLACEHOLDER_PREFECTURES.has(name)) continue;
    const short = shortPrefecture(name);
    for (const alias of new Set([name, short, `${short}州`, `${short}地区`, `${short}市`])) push(prefectureAliases, alias, code);
  }
  const counties: County[] = [];
  const byCode = new Map<string, County>();
  for (const [code, name, prefectureCode] of data.counties) {
    const pref = prefectures.get(prefectureCode);
    const provinceCode = code.slice(0, 2);
    const provinceName = provinceNames.get(provinceCode) ?? '';
    let prefectureName = pref?.name ?? '';
    if (pref && (pref.name === '市辖区' || pref.name === '县')) prefectureName = provinceName;
    else if (pref && PLACEHOLDER_PREFECTURES.has(pref.name)) prefectureName = '';
    const county: County = { code, name, prefectureCode: `${prefectureCode}00`, prefectureName, provinceCode: `${provinceCode}0000`, provinceName };
    counties.push(county);
    byCode.set(code, county);
    push(countyAliases, name, code);
    const short = shortCounty(name);
    push(countyAliases, short, code);
    // an autonomous county as units write it: 务川县, 务川自治县 (务川仡佬族苗族自治县), 鄂伦春旗
    const autonomous = /自治(县|旗)$/.exec(name);
    if (autonomous && short !== name) {
      push(countyAliases, `${short}${autonomous[1]}`, code);
      push(countyAliases, `${short}自治${autonomous[1]}`, code);
    }
  }
  return { counties, byCode, provinceAliases, prefectureAliases, countyAliases, prefectures };
}

/** '云南省 西双版纳傣族自治州 勐海县' */
export function countyLabel(index: RegionIndex, code: string): string {
  const c = index.byCode.get(code);
  if (!c) return code;
  return [c.provinceName, c.prefectureName !== c.provinceName ? c.prefectureName : '', c.name].filter(Boolean).join(' ');
}

/** '山东省潍坊市寿光市（370783）' — for messages: the name a clerk knows, with the code the cell holds. */
export function countyNameWithCode(index: RegionIndex, code: string): string {
  return index.byCode.has(code) ? `${countyLabel(index, code).replace(/ /g, '')}（${code}）` : code;
}

/** '勐海县（西双版纳）' — compact for the grid, and parsed back by the resolver. */
export function countyShortLabel(index: RegionIndex, code: string): string {
  const c = index.byCode.get(code);
  if (!c) return code;
  const context = c.prefectureName && c.prefectureName !== c.provinceName ? shortPrefecture(c.prefectureName) : shortProvince(c.provinceName);
  return `${c.name}（${context}）`;
}

function normalise(text: string): string {
  return toHalfWidth(text).replace(/[\s·•・,，、/\\\-—_]+/g, '');
}

/** The longest alias in `map` that `text` starts with. */
function longestPrefix<T>(text: string, map: Map<string, T>): { alias: string; value: T } | null {
  for (let len = Math.min(text.length, 14); len >= 2; len--) {
    const alias = text.slice(0, len);
    const value = map.get(alias);
    if (value !== undefined) return { alias, value };
  }
  return null;
}

export interface ResolverOptions {
  /** County codes to prefer when a bare name exists in several places (the office's paired counties). */
  preferCodes?: Iterable<string>;
}

export function createCountyResolver(index: RegionIndex, opts: ResolverOptions = {}): CountyResolver {
  const preferred = new Set(opts.preferCodes ?? []);
  const describe = (code: string) => countyLabel(index, code).replace(/ /g, '');

  function pick(original: string, codes: string[], provinceCode: string | null, prefectureCodes: string[] | null): { code: string } | { error: string } | null {
    let candidates = codes;
    if (provinceCode) candidates = candidates.filter((c) => c.startsWith(provinceCode));
    if (prefectureCodes) candidates = candidates.filter((c) => prefectureCodes.includes(c.slice(0, 4)));
    if (candidates.length === 1) return { code: candidates[0] };
    if (candidates.length === 0) return null;
    const paired = candidates.filter((c) => preferred.has(c) || preferred.has(`${c.slice(0, 4)}00`));
    if (paired.length === 1) return { code: paired[0] };
    const list = candidates.slice(0, 4).map(describe).join('、');
    return { error: `“${original}”有多处：${list}${candidates.length > 4 ? '……' : ''}，请写明省或市` };
  }

  function resolveText(original: string, text: string): { code: string } | { error: string } {
    if (/^\d{6}$/.test(text)) {
      if (index.byCode.has(text)) return { code: text };
      return { error: `“${original}”不是县级行政区划代码` };
    }
    // The province is read greedily, then, when that finds nothing, not at all: 吉林市船营区 and
    // 海南藏族自治州共和县 begin with a province's name (吉林, 海南) that is not theirs.
    const greedy = readCounty(original, text, true);
    if ('code' in greedy) return greedy;
    const plain = readCounty(original, text, false);
    if ('code' in plain) return plain;
    // the reading that knows more says why (a prefecture, several places) over 找不到
    return { error: (greedy.reason === 'none' && plain.reason !== 'none' ? plain : greedy).error };
  }

  type Reading = { code: string } | { error: string; reason: 'none' | 'prefecture' | 'several' };

  function readCounty(original: string, text: string, withProvince: boolean): Reading {
    let rest = text;
    let provinceCode: string | null = null;
    let prefectureCodes: string[] | null = null;
    const province = withProvince ? longestPrefix(rest, index.provinceAliases) : null;
    // A province alias is taken only if something follows it (重庆 alone is not a county).
    if (province && province.alias.length < rest.length) {
      provinceCode = province.value;
      rest = rest.slice(province.alias.length);
      // '重庆市重庆市万州区': a municipality written again as its own prefecture (not 吉林省吉林市:
      // 吉林市 is a prefecture of its own, found below).
      const again = longestPrefix(rest, index.provinceAliases);
      const ownPrefecture = longestPrefix(rest, index.prefectureAliases);
      if (again && again.value === provinceCode && again.alias.length < rest.length && !(ownPrefecture && ownPrefecture.alias.length > again.alias.length)) {
        rest = rest.slice(again.alias.length);
      }
    }
    const prefecture = longestPrefix(rest, index.prefectureAliases);
    if (prefecture && prefecture.alias.length < rest.length) {
      const codes = prefecture.value.filter((c) => !provinceCode || c.startsWith(provinceCode));
      // Only when what remains is a county; '朝阳区' must not read as 朝阳(市) + 区.
      const remaining = rest.slice(prefecture.alias.length);
      if (codes.length > 0 && (index.countyAliases.has(remaining) || longestPrefix(remaining, index.countyAliases))) {
        prefectureCodes = codes;
        rest = remaining;
      }
    }
    const exact = index.countyAliases.get(rest);
    if (exact) {
      const r = pick(original, exact, provinceCode, prefectureCodes);
      if (r) return 'code' in r ? r : { error: r.error, reason: 'several' };
    }
    const prefix = longestPrefix(rest, index.countyAliases);
    if (prefix && TOWN_TAIL.test(rest.slice(prefix.alias.length))) {
      const r = pick(original, prefix.value, provinceCode, prefectureCodes);
      if (r) return 'code' in r ? r : { error: r.error, reason: 'several' };
    }
    // a prefecture alone, or after its province (云南省红河州, 西藏日喀则): the unit stopped a level short
    const prefectureOnly = index.prefectureAliases.has(text) || (provinceCode !== null && index.prefectureAliases.get(rest)?.some((c) => c.startsWith(provinceCode!)));
    if (!exact && prefectureOnly) return { error: `“${original}”是地市，请写到县（区、县级市）`, reason: 'prefecture' };
    return { error: `找不到县级行政区“${original}”`, reason: 'none' };
  }

  return (input: string) => {
    const original = input.trim();
    const text = normalise(original);
    if (!text) return { error: '产地为空' };
    // '勐海县（西双版纳）' and '勐海县 · 云南省西双版纳州': the part in brackets or after '·' is context.
    const bracket = /^(.+?)[（(](.+?)[)）]$/.exec(text);
    if (bracket) {
      const r = resolveText(original, bracket[2] + bracket[1]);
      if ('code' in r) return r;
      return resolveText(original, bracket[1]);
    }
    const dot = /^(.+?)[·•・](.+)$/.exec(toHalfWidth(original).replace(/\s+/g, ''));
    if (dot) {
      const r = resolveText(original, normalise(dot[2]) + normalise(dot[1]));
      if ('code' in r) return r;
    }
    return resolveText(original, text);
  };
}
