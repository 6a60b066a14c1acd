/** The lists behind the records (名录). */
export interface Purchaser {
  id: number;
  name: string;
  creditCode: string | null;
  type: string | null;
  budgetUnit: boolean;
  street: string | null;
  /** a union's employer (名录 id): the union's purchases count toward the employer's reserved share */
  employerId: number | null;
}

export interface Supplier {
  id: number;
  name: string;
  creditCode: string | null;
  countyCode: string | null;
  kind: string | null;
  households: number | null;
}

export interface Product {
  id: number;
  name: string;
  category: string | null;
  originCode: string | null;
  supplierName: string | null;
  inCatalogue: boolean;
}

export interface PairedRegion {
  id: number;
  /** county (6 digits) or a whole prefecture (4 digits + '00') */
  code: string;
  name: string;
  /** years the pairing holds for; null = open-ended */
  fromYear: number | null;
  toYear: number | null;
}

export interface OfficeSettings {
  officeName: string;
  districtName: string;
  districtCode: string;
  operators: string[];
  /** annual target in fen, per year ('2021' → fen) */
  annualTargetsFen: Record<string, number>;
  /** reserved-share thresholds in percent per purchaser type */
  reservedShareThresholds: Record<string, number>;
  /** LARGE_AMOUNT threshold in fen (default 100 万元) */
  largeAmountFen: number;
  /** ATTACHMENT_MISSING's severity: a record without an invoice attachment (absent in older ledgers: 'warning') */
  missingInvoiceAttachment?: 'error' | 'warning';
}

export type ListKind = 'purchasers' | 'suppliers' | 'products' | 'pairedRegions';
export type ListItem = Purchaser | Supplier | Product | PairedRegion;
