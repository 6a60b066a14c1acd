/** Table types for kysely's typed queries (reads). Column names as in the migrations. */
import type { Kysely } from 'kysely';

export interface RecordsTable {
  id: number;
  date: string | null;
  purchaser_name: string | null;
  credit_code: string | null;
  purchaser_type: string | null;
  product_name: string | null;
  category: string | null;
  origin_code: string | null;
  supplier_name: string | null;
  quantity: number | null;
  unit: string | null;
  unit_price: number | null;
  amount_fen: number | null;
  channel: string | null;
  invoice_no: string | null;
  households: number | null;
  kind: string | null;
  person_times: number | null;
  order_no: string | null;
  remark: string | null;
  batch_id: number | null;
  created_at: string;
  updated_at: string;
  /** 'YYYY-MM' the unit's report placed it in; null = the month of its date (migration 005) */
  period: string | null;
  /** what the unit wrote: RecordSource as JSON (imported records only; migration 10) */
  source_json: string | null;
  /** { field key: the unit's text } for fields the import could not read or recorded as 其他 (migration 10) */
  unread_json: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  label: string | null;
  op_id: number;
  entity: string;
  entity_id: number | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
  /** bulk inserts: the row's digest instead of after_json (migration 7) */
  after_sha256: string | null;
}

export interface PurchasersTable {
  id: number;
  name: string;
  credit_code: string | null;
  type: string | null;
  budget_unit: number;
  street: string | null;
}

export interface SuppliersTable {
  id: number;
  name: string;
  credit_code: string | null;
  county_code: string | null;
  kind: string | null;
  households: number | null;
}

export interface ProductsTable {
  id: number;
  name: string;
  category: string | null;
  origin_code: string | null;
  supplier_name: string | null;
  in_catalogue: number;
}

export interface PairedRegionsTable {
  id: number;
  code: string;
  name: string;
  from_year: number | null;
  to_year: number | null;
}

export interface OfficeSettingsTable {
  id: number;
  data_json: string;
}

export interface ImportBatchesTable {
  id: number;
  file_name: string;
  sha256: string;
  sheet: string | null;
  mapping_json: string | null;
  records: number;
  total_fen: number;
  created_at: string;
  rolled_back_at: string | null;
  rejected_rows: number;
}

export interface ImportMappingsTable {
  id: number;
  signature: string;
  mapping_json: string;
  source_name: string | null;
  updated_at: string;
}

export interface PeriodsTable {
  id: number;
  month: string;
  status: 'open' | 'submitted';
  submitted_at: string | null;
  package_sha256: string | null;
  version: number;
  reopened_at: string | null;
  reopen_reason: string | null;
}

export interface CheckWaiversTable {
  id: number;
  code: string;
  subject: string;
  record_id: number | null;
  reason: string;
  created_at: string;
}

export interface PurchaserPlansTable {
  id: number;
  purchaser_id: number;
  year: number;
  planned_fen: number;
}

/** Migration 11: pinyin sort keys of the name columns, one row per record (records/sort-keys.ts). */
export interface RecordSortKeysTable {
  record_id: number;
  purchaser_key: string | null;
  product_key: string | null;
  supplier_key: string | null;
}

export interface LedgerSchema {
  records: RecordsTable;
  record_sort_keys: RecordSortKeysTable;
  audit_log: AuditLogTable;
  purchasers: PurchasersTable;
  suppliers: SuppliersTable;
  products: ProductsTable;
  paired_regions: PairedRegionsTable;
  office_settings: OfficeSettingsTable;
  import_batches: ImportBatchesTable;
  import_mappings: ImportMappingsTable;
  periods: PeriodsTable;
  check_waivers: CheckWaiversTable;
  purchaser_plans: PurchaserPlansTable;
}

export type LedgerKysely = Kysely<LedgerSchema>;
