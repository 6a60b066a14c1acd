/**
 * Each change to a row on screen carries the updatedAt the screen shows, so a record someone
 * else saved meanwhile is refused instead of overwritten (core: records/stale.ts). Rows not
 * loaded (far off screen) carry none and are written as they are.
 */
import type { GridApi } from 'ag-grid-community';
import type { RecordOp } from '../../../shared/api';
import type { LedgerRecord } from '../../../shared/domain/record';

export function withSeenVersions(ops: RecordOp[], api: GridApi<LedgerRecord> | null | undefined): RecordOp[] {
  if (!api) return ops;
  return ops.map((op) => {
    if (op.type === 'insert' || op.seen !== undefined) return op;
    const seen = api.getRowNode(String(op.id))?.data?.updatedAt;
    return seen ? { ...op, seen } : op;
  });
}
