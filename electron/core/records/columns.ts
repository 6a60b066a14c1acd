/** The record's API field names (camelCase, shared/domain/record.ts) and their columns. */
import type { LedgerRecord, RecordField } from '../../../shared/domain/record';
import { parseUnread } from '../../../shared/domain/record-source';
import type { RecordsTable } from '../db/schema';

export const FIELD_COLUMNS = {
  date: 'date',
  purchaserName: 'purchaser_name',
  creditCode: 'credit_code',
  purchaserType: 'purchaser_type',
  productName: 'product_name',
  category: 'category',
  originCode: 'origin_code',
  supplierName: 'supplier_name',
  quantity: 'quantity',
  unit: 'unit',
  unitPrice: 'unit_price',
  amountFen: 'amount_fen',
  channel: 'channel',
  invoiceNo: 'invoice_no',
  households: 'households',
  kind: 'kind',
  personTimes: 'person_times',
  orderNo: 'order_no',
  remark: 'remark',
} as const satisfies Record<RecordField, keyof RecordsTable>;

export type RecordColumn = (typeof FIELD_COLUMNS)[RecordField];

export const SORT_COLUMNS: Record<RecordField | 'id' | 'updatedAt', keyof RecordsTable> = {
  ...FIELD_COLUMNS,
  id: 'id',
  updatedAt: 'updated_at',
};

export function rowToRecord(row: RecordsTable | Record<string, unknown>): LedgerRecord {
  const r = row as RecordsTable;
  return {
    id: r.id,
    date: r.date,
    purchaserName: r.purchaser_name,
    creditCode: r.credit_code,
    purchaserType: r.purchaser_type,
    productName: r.product_name,
    category: r.category,
    originCode: r.origin_code,
    supplierName: r.supplier_name,
    quantity: r.quantity,
    unit: r.unit,
    unitPrice: r.unit_price,
    amountFen: r.amount_fen,
    channel: r.channel,
    invoiceNo: r.invoice_no,
    households: r.households,
    kind: r.kind,
    personTimes: r.person_times,
    orderNo: r.order_no,
    remark: r.remark,
    batchId: r.batch_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    // only records/list selects it (a correlated count per page row)
    ...('attachment_count' in r ? { attachmentCount: Number((r as { attachment_count: unknown }).attachment_count) } : {}),
    // what the import could not read: the grid marks those cells with the row rules (few rows have it)
    ...(r.unread_json ? { unread: parseUnread(r.unread_json) } : {}),
  };
}

/** API values → a partial row of columns (only the fields present). */
export function valuesToColumns(values: Partial<Record<RecordField, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    const column = FIELD_COLUMNS[field as RecordField];
    if (column) out[column] = value ?? null;
  }
  return out;
}
