/**
 * Where a sheet names its purchaser when no header says 购买主体. A unit's own sheet often
 * writes its name once, above the header (“填报单位（盖章）：上海市松江区某某中学”): every row
 * is its own purchase. And a bare “单位” header is either the unit of measure (斤, 袋) or the
 * organisation (区总工会): only its cells tell which. Both are read from what the unit wrote,
 * never guessed from the file name; the preview's notice and mapping say what was taken.
 */
import { FIELD_BY_KEY, parseFieldValue } from '../../../shared/record-fields';
import { normalizeHeader } from './normalize-header';
import { NO_COUNTY } from './parse-rows';
import type { ColumnMapping, SheetData } from './types';

/**
 * “填报单位（盖章）：X”, “单位名称：X”, “采购单位: X” (a label, its value after the colon; not
 * the next label, as in a blank form's “填报单位（盖章）：  单位：元”).
 */
const NAME_LABEL = /(?:填报|采购|购买|报送|申报|消费|使用)?单位(?:名称|全称)?\s*(?:\([^)]*\))?\s*:\s*([^\s:]+)(?![^\s:]*\s*:)/g;
/** what “单位：” is followed by when it states a unit of measure or money, not a name */
const MEASURE_VALUE = /^(?:人民币)?(?:万?元|斤|公斤|千克|克|吨|箱|袋|个|件|盒|瓶|份|套|人次)$/;

/** The purchaser a title line names, or null (a blank form's “填报单位（盖章）：” names none). */
export function purchaserFromTitle(lines: readonly string[]): string | null {
  for (const line of lines) {
    for (const m of line.normalize('NFKC').matchAll(NAME_LABEL)) {
      const name = m[1].replace(/[，,。;；]+$/, '');
      if (name.length < 2 || MEASURE_VALUE.test(name) || /^[(（]/.test(name)) continue;
      const parsed = parseFieldValue(FIELD_BY_KEY.purchaserName, name, { resolveCounty: NO_COUNTY });
      if (parsed.ok && typeof parsed.value === 'string') return parsed.value;
    }
  }
  return null;
}

/** Names of organisations end in one of these (区总工会, 中心医院, 第一中学, 某某公司, 街道办事处). */
const ORGANISATION_END = /(局|委|办|院|校|学|园|所|站|中心|会|公司|厂|部|队|处|科|馆|社|行|集团|政府|街道|办事处|镇|村|协会|联合会|单位)$/;
const looksLikeOrganisation = (text: string): boolean => text.length >= 3 && (ORGANISATION_END.test(text) || (text.length >= 8 && !/\d/.test(text)));
/** cells read to decide (a sheet's first rows say what the column holds) */
const SAMPLE = 50;

/**
 * A column the header alone mapped to the unit of measure (“单位”) whose cells are mostly
 * organisations is the purchaser, when no other column is. Cells of 斤, 袋 or 箱 keep it the unit.
 */
export function purchaserByContent(mapping: ColumnMapping, sheet: SheetData, dataStart: number): ColumnMapping {
  if (mapping.some((m) => m.field === 'purchaserName')) return mapping;
  const unit = mapping.find((m) => m.field === 'unit' && normalizeHeader(m.header).key === '单位');
  if (!unit) return mapping;
  const texts: string[] = [];
  for (let r = dataStart; r < sheet.rows.length && texts.length < SAMPLE; r++) {
    const cell = sheet.rows[r]?.[unit.column];
    const text = cell && typeof cell.v === 'string' ? cell.v.trim() : '';
    if (text) texts.push(text);
  }
  if (texts.length === 0 || texts.filter(looksLikeOrganisation).length < texts.length * 0.6) return mapping;
  return mapping.map((m): ColumnMapping[number] => (m === unit ? { ...m, field: 'purchaserName', confidence: 0.7 } : m));
}
