/**
 * The grid's pages from SQLite, with the view's row count known from the first page: the count
 * of the whole view (records/totals, which the totals row needs anyway) is given to the grid as
 * soon as it is known, so the scrollbar spans the whole ledger at once and a drag to any point
 * asks for the block there. Without it the infinite row model grows by one block per scroll to
 * the end (3,000 rows took 23 drags). Rows are painted without waiting for the count: counting a
 * filtered million takes longer than reading its first page.
 */
import type { GridApi, IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { RecordQuery, SortSpec, Totals } from '../../../shared/api';
import type { LedgerRecord } from '../../../shared/domain/record';
import type { AppError } from '../../../shared/result';
import { invoke } from '../api/client';
import { toRecordQuery, toSortSpec, type AgFilterModel } from './filters';
import { SCROLL_BUFFER } from './jump-buffer';

export interface View {
  query: RecordQuery;
  sort: SortSpec;
}

export interface LedgerDatasource extends IDatasource {
  /** the filters and sort of the last page asked for */
  view(): View;
  /** the current view's totals; `fresh` asks again (after an edit, an import) */
  totals(fresh?: boolean): Promise<Totals>;
  /** the grid whose row count follows the totals (onGridReady) */
  attach(api: GridApi<LedgerRecord>): void;
}

export function createLedgerDatasource(handlers: { onTotals(t: Totals): void; onError(message: string): void }): LedgerDatasource {
  let current: View = { query: { filters: {} }, sort: [] };
  let pending: { key: string; totals: Promise<Totals>; known: Totals | null } | null = null;
  let grid: GridApi<LedgerRecord> | null = null;

  const totals = (fresh = false): Promise<Totals> => {
    const key = JSON.stringify(current.query);
    if (!fresh && pending?.key === key) return pending.totals;
    const asked = invoke('records/totals', current.query);
    const entry: NonNullable<typeof pending> = { key, totals: asked, known: null };
    pending = entry;
    asked.then(
      (t) => {
        if (pending !== entry) return;
        entry.known = t;
        handlers.onTotals(t);
        // the scrollbar spans the whole view from now on
        if (grid && !grid.isDestroyed() && grid.getInfiniteRowCount() !== t.count) grid.setRowCount(t.count, true);
      },
      (e: AppError) => handlers.onError(e.message),
    );
    return asked;
  };

  return {
    view: () => current,
    totals,
    attach(api) {
      grid = api;
    },
    getRows(params: IGetRowsParams<LedgerRecord>) {
      const query = toRecordQuery(params.filterModel as AgFilterModel);
      const sort = toSortSpec(params.sortModel);
      current = { query, sort };
      // The page is asked first: the core answers one call at a time, and counting a filtered
      // million takes longer than reading its first page. Counted once per set of filters (a new
      // sort keeps the count); edits ask afresh (totals(true)).
      const page = invoke('records/list', { ...query, sort, startRow: params.startRow, endRow: params.endRow });
      const entry = (void totals(), pending);
      page.then(
        (r) => {
          // A short page is the end, whatever the count said (a row may have gone meanwhile);
          // otherwise the count when known, or unknown until it comes (setRowCount above).
          const known = entry?.known?.count;
          const lastRow = r.lastRow ?? (known !== undefined ? Math.max(known, params.startRow + r.rows.length) : undefined);
          params.successCallback(r.rows, lastRow);
        },
        (e: AppError) => {
          handlers.onError(e.message);
          params.failCallback();
        },
      );
    },
  };
}

/**
 * The infinite row model's settings, spread onto the grid. Blocks of 100 rows (one SQL page),
 * 50 kept (5,000 rows: scrolling back is instant, memory stays small on a million records);
 * while the scrollbar is dragged, loads wait 20 ms for it to rest, so a drag from top to bottom
 * asks for the blocks where it stops, not for every block it passes. Blocks of 500 made a
 * header click or a filter paint later (the whole block is fetched and parsed first) and did
 * not make fast scrolling smoother. Rows drawn beyond the window: see jump-buffer.ts. Rows do
 * not animate: a sorted page is a new page.
 */
export const INFINITE_ROW_MODEL = {
  rowModelType: 'infinite',
  cacheBlockSize: 100,
  maxBlocksInCache: 50,
  blockLoadDebounceMillis: 20,
  maxConcurrentDatasourceRequests: 2,
  rowBuffer: SCROLL_BUFFER,
  animateRows: false,
} as const;
