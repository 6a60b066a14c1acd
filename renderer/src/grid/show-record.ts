/**
 * 检查 › 查看记录 and other pages send the clerk to one record: the grid scrolls to it, selects
 * it and puts the cursor on its first cell, so it is fixed where it is (the read-only panel opens
 * beside it). A record the filters hide is shown after clearing them, and the clerk is told.
 */
import type { GridApi } from 'ag-grid-community';
import { useEffect, type RefObject } from 'react';
import type { LedgerRecord } from '../../../shared/domain/record';
import type { AppError } from '../../../shared/result';
import { invoke } from '../api/client';
import type { LedgerDatasource } from './datasource';

/** A request to show a record; a new `nonce` asks again for the same record. */
export interface ShowRecordRequest {
  id: number;
  nonce: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => T | null | undefined, ms = 20_000): Promise<T | null> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(30)) {
    const v = probe();
    if (v) return v;
  }
  return null;
}

export async function showRecord(api: GridApi<LedgerRecord>, datasource: LedgerDatasource, id: number, tell: (text: string) => void): Promise<boolean> {
  const { query, sort } = datasource.view();
  let found = await invoke('records/indexOf', { ...query, sort, id });
  if (!found && Object.keys(query.filters ?? {}).length > 0) {
    api.setFilterModel(null);
    found = await invoke('records/indexOf', { filters: {}, sort, id });
    if (found) tell(`记录 ${id} 被当前筛选隐藏，已清除筛选`);
  }
  if (!found) {
    tell(`记录 ${id} 已不在台账中`);
    return false;
  }
  const index = found.index;
  // The grid learns the row count with its first block; only then can it scroll that far.
  if (!(await until(() => api.getDisplayedRowCount() > index))) return false;
  api.ensureIndexVisible(index, 'middle');
  const node = await until(() => {
    const n = api.getDisplayedRowAtIndex(index);
    return n?.data?.id === id ? n : null;
  });
  if (!node) return false;
  node.setSelected(true, true);
  api.setFocusedCell(index, 'date');
  return true;
}

/** Wires a show-record request to the grid once its api exists. */
export function useShowRecord(
  apiRef: RefObject<GridApi<LedgerRecord> | null>,
  datasource: LedgerDatasource,
  request: ShowRecordRequest | null | undefined,
  tell: (text: string) => void,
): void {
  useEffect(() => {
    if (!request) return;
    let cancelled = false;
    void (async () => {
      const api = await until(() => apiRef.current);
      if (!api || cancelled) return;
      await showRecord(api, datasource, request.id, tell).catch((e: AppError) => tell(e.message));
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request?.id, request?.nonce, datasource]);
}
