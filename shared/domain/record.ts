import type { RecordSource, UnreadValues } from './record-source';

/** One purchase (or service consumption) line of the ledger. */
export interface LedgerRecord {
  id: number;
  /** ISO 'YYYY-MM-DD' */
  date: string | null;
  purchaserName: string | null;
  creditCode: string | null;
  purchaserType: string | null;
  productName: string | null;
  category: string | null;
  /** 6-digit county code */
  originCode: string | null;
  supplierName: string | null;
  quantity: number | null;
  unit: string | null;
  /** 元 per unit; informational (the amount is what counts), so a decimal, not fen. */
  unitPrice: number | null;
  /** integer fen */
  amountFen: number | null;
  channel: string | null;
  /** one or more invoice numbers, separated by '；' or ',' as units write them */
  invoiceNo: string | null;
  households: number | null;
  kind: string | null;
  personTimes: number | null;
  orderNo: string | null;
  remark: string | null;
  batchId: number | null;
  createdAt: string;
  updatedAt: string;
  /** files linked to the record (records/list only; absent elsewhere) */
  attachmentCount?: number;
  /** what the unit wrote, for an imported record (records/get only; absent elsewhere) */
  source?: RecordSource | null;
  /** fields the import could not read or recorded as 其他, with the unit's text (absent when none; the grid's rows and records/get) */
  unread?: UnreadValues | null;
}

/** The fields a user (or an import) may set. */
export type RecordValues = Omit<LedgerRecord, 'id' | 'batchId' | 'createdAt' | 'updatedAt' | 'attachmentCount' | 'source' | 'unread'>;
export type RecordField = keyof RecordValues;
