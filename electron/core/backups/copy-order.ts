/**
 * The tables a ledger copy carries, in an order that satisfies their foreign keys (parents
 * first), each with the key it is read in order of. A table missing here is a table a copy would
 * lose: test/core/copy-ledger.test.ts holds this list equal to the schema's tables.
 */
export const COPY_ORDER: readonly { table: string; key: string }[] = [
  { table: 'office_settings', key: 'id' },
  { table: 'paired_regions', key: 'id' },
  { table: 'import_batches', key: 'id' },
  { table: 'import_mappings', key: 'id' },
  { table: 'purchasers', key: 'id' },
  { table: 'suppliers', key: 'id' },
  { table: 'products', key: 'id' },
  { table: 'records', key: 'id' },
  { table: 'record_sort_keys', key: 'record_id' },
  { table: 'periods', key: 'id' },
  { table: 'check_waivers', key: 'id' },
  { table: 'purchaser_plans', key: 'id' },
  { table: 'attachments', key: 'id' },
  { table: 'attachment_links', key: 'id' },
  { table: 'certificates', key: 'id' },
  { table: 'audit_log', key: 'seq' },
];
