/** The lists behind the records: each kind's entity, table and field ↔ column mapping. */
import type { ListKind } from '../../../shared/domain/lists';
import type { EntityName } from '../db/write-path';

interface ListKindDef {
  entity: EntityName;
  table: 'purchasers' | 'suppliers' | 'products' | 'paired_regions';
  /** API field → column */
  fields: Record<string, string>;
  booleans: string[];
  label: string;
}

export const LIST_KINDS: Record<ListKind, ListKindDef> = {
  purchasers: {
    entity: 'purchaser',
    table: 'purchasers',
    fields: { name: 'name', creditCode: 'credit_code', type: 'type', budgetUnit: 'budget_unit', street: 'street', employerId: 'employer_id' },
    booleans: ['budgetUnit'],
    label: '购买主体',
  },
  suppliers: {
    entity: 'supplier',
    table: 'suppliers',
    fields: { name: 'name', creditCode: 'credit_code', countyCode: 'county_code', kind: 'kind', households: 'households' },
    booleans: [],
    label: '供应商',
  },
  products: {
    entity: 'product',
    table: 'products',
    fields: { name: 'name', category: 'category', originCode: 'origin_code', supplierName: 'supplier_name', inCatalogue: 'in_catalogue' },
    booleans: ['inCatalogue'],
    label: '产品',
  },
  pairedRegions: {
    entity: 'pairedRegion',
    table: 'paired_regions',
    fields: { code: 'code', name: 'name', fromYear: 'from_year', toYear: 'to_year' },
    booleans: [],
    label: '帮扶地区',
  },
};

export function rowToItem(kind: ListKind, row: Record<string, unknown>): Record<string, unknown> {
  const def = LIST_KINDS[kind];
  const item: Record<string, unknown> = { id: row.id };
  for (const [field, column] of Object.entries(def.fields)) {
    item[field] = def.booleans.includes(field) ? Boolean(row[column]) : (row[column] ?? null);
  }
  return item;
}

export function itemToColumns(kind: ListKind, item: Record<string, unknown>): Record<string, unknown> {
  const def = LIST_KINDS[kind];
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(def.fields)) {
    if (!(field in item)) continue;
    const v = item[field];
    out[column] = def.booleans.includes(field) ? (v ? 1 : 0) : typeof v === 'string' ? v.trim() || null : (v ?? null);
  }
  return out;
}
