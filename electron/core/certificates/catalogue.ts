/**
 * Reading a certificate catalogue (the lists the 帮扶产品认定 platform and provinces publish):
 * find the header row by its column names, then one certificate per row. Validity comes either
 * as two columns (有效期起 / 有效期至) or as one range ("2021-01-01至2023-12-31").
 */
import { CERTIFICATE_KINDS, type Certificate, type CertificateKind } from '../../../shared/domain/attachments';
import { excelSerialToIso, parseDate } from '../../../shared/dates';
import { toHalfWidth } from '../../../shared/text';
import type { Cell, SheetData } from '../imports/types';

type Field = 'number' | 'productName' | 'supplierName' | 'issuer' | 'validFrom' | 'validTo' | 'validity' | 'kind';

/** Header texts (normalised: no spaces, brackets or asterisks) for each field, the most specific first. */
const HEADERS: [Field, string[]][] = [
  ['number', ['证书编号', '认定编号', '证书号', '证书号码', '认定证书编号', '登记证书编号', '产品编号', '编号']],
  ['productName', ['产品名称', '认定产品名称', '商品名称', '品名', '产品']],
  ['supplierName', ['企业名称', '供应商', '供应商名称', '生产企业', '生产企业名称', '申报主体', '申报单位', '供货单位', '企业']],
  ['issuer', ['发证机构', '发证单位', '认定机构', '认定单位', '颁证机构']],
  ['validFrom', ['有效期起', '有效期自', '有效期开始', '有效期开始日期', '起始日期', '生效日期']],
  ['validTo', ['有效期至', '有效期止', '有效期截止', '有效期截止日期', '截止日期', '到期日期', '有效期结束']],
  ['validity', ['有效期', '有效期限', '认定有效期', '证书有效期']],
  ['kind', ['证书类型', '认定类型', '证书类别']],
];

function normalise(text: string): string {
  return toHalfWidth(text).replace(/[\s*（）()【】[\]:：]/g, '');
}

function fieldOf(header: string): Field | null {
  const h = normalise(header);
  for (const [field, names] of HEADERS) if (names.includes(h)) return field;
  return null;
}

export interface CatalogueRow {
  /** 1-based row number in the sheet, for messages */
  row: number;
  certificate?: Omit<Certificate, 'id' | 'updatedAt'>;
  reason?: string;
}

/** The header row: the first of the first 30 rows naming a product column and a number or validity column. */
function findHeader(sheet: SheetData): { row: number; columns: Map<Field, number> } | null {
  for (let r = 0; r < Math.min(30, sheet.rows.length); r++) {
    const columns = new Map<Field, number>();
    (sheet.rows[r] ?? []).forEach((cell, c) => {
      const f = cell ? fieldOf(cell.w) : null;
      if (f && !columns.has(f)) columns.set(f, c);
    });
    if (columns.has('productName') && (columns.has('number') || columns.has('validTo') || columns.has('validity'))) return { row: r, columns };
  }
  return null;
}

const DATE_IN_TEXT = /\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8}/g;

function cellDate(cell: Cell | null | undefined, date1904: boolean): { value: string | null; error?: string } {
  if (!cell || cell.w.trim() === '') return { value: null };
  if (cell.date && typeof cell.v === 'number') return { value: excelSerialToIso(cell.v, date1904) };
  const r = parseDate(typeof cell.v === 'number' ? cell.v : cell.w, { date1904 });
  return r.ok ? { value: r.value } : { value: null, error: r.message };
}

/** "2021-01-01至2023-12-31", "2021.1.1-2023.12.31", "2021年1月1日～2023年12月31日". */
export function parseValidityRange(text: string): { from: string | null; to: string | null } | null {
  const found = toHalfWidth(text).match(DATE_IN_TEXT) ?? [];
  const dates = found.map((t) => parseDate(t.replace(/\s/g, '')));
  if (dates.length === 0 || dates.some((d) => !d.ok)) return null;
  const values = dates.map((d) => (d as { value: string }).value);
  return values.length >= 2 ? { from: values[0], to: values[1] } : { from: null, to: values[0] };
}

export function readCatalogue(sheet: SheetData, date1904: boolean, defaultKind: CertificateKind): CatalogueRow[] | null {
  const header = findHeader(sheet);
  if (!header) return null;
  const col = header.columns;
  const text = (cells: (Cell | null | undefined)[], f: Field) => {
    const c = col.get(f);
    return c === undefined ? '' : (cells[c]?.w ?? '').trim();
  };
  const out: CatalogueRow[] = [];
  for (let r = header.row + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r] ?? [];
    if (cells.every((c) => !c || c.w.trim() === '')) continue;
    const row = r + 1;
    const productName = text(cells, 'productName');
    if (!productName) {
      out.push({ row, reason: '缺少产品名称' });
      continue;
    }
    let validFrom: string | null = null;
    let validTo: string | null = null;
    const problems: string[] = [];
    if (col.has('validFrom') || col.has('validTo')) {
      const from = cellDate(cells[col.get('validFrom') ?? -1], date1904);
      const to = cellDate(cells[col.get('validTo') ?? -1], date1904);
      if (from.error) problems.push(`有效期起：${from.error}`);
      if (to.error) problems.push(`有效期至：${to.error}`);
      validFrom = from.value;
      validTo = to.value;
    }
    const range = text(cells, 'validity');
    if (range && validFrom === null && validTo === null) {
      const cell = cells[col.get('validity')!];
      const single = cell?.date ? cellDate(cell, date1904).value : null;
      const parsed = single ? { from: null, to: single } : parseValidityRange(range);
      if (parsed) ({ from: validFrom, to: validTo } = parsed);
      else problems.push(`有效期“${range}”无法识别（可写作 2021-01-01至2023-12-31）`);
    }
    if (validFrom && validTo && validFrom > validTo) problems.push('有效期起晚于有效期至');
    if (productName.length > 100) problems.push('产品名称超过 100 个字');
    if (problems.length) {
      out.push({ row, reason: problems.join('；') });
      continue;
    }
    const kindText = text(cells, 'kind');
    const kind = (CERTIFICATE_KINDS as readonly string[]).includes(kindText) ? (kindText as CertificateKind) : defaultKind;
    out.push({
      row,
      certificate: {
        kind,
        number: text(cells, 'number').slice(0, 100) || null,
        productName,
        supplierName: text(cells, 'supplierName').slice(0, 100) || null,
        issuer: text(cells, 'issuer').slice(0, 100) || null,
        validFrom,
        validTo,
      },
    });
  }
  return out;
}
