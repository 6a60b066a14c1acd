/**
 * Commit a parsed sheet as one import batch, in one transaction: the batch row (file name,
 * SHA-256, sheet, mapping, counts), every purchase row as a record linked to it, and the mapping
 * remembered for the sheet's header signature. A purchase row always lands: what the app read in
 * its fields, what it could not read left empty with the unit's text in unread_json, and the
 * row as the unit wrote it in source_json. Only lines that are not purchases are rejected.
 */
import type { ImportCommitResult, ImportedBatchRef } from '../../../shared/domain/import';
import type { RecordValues } from '../../../shared/domain/record';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import { BULK_ROWS, withBulkIndexesDroppedWaiting } from '../db/bulk-indexes';
import type { WaitForWriters } from '../db/wait-for-writer';
import type { ImportParse, ParsedRow } from '../imports/types';
import { collectLists } from '../lists/collect';
import { valuesToColumns } from '../records/columns';
import { removeRecord } from '../records/removal';
import { sourceJsonBuilder } from './source';

export interface CommitChoices {
  /** source rows the user chose not to import */
  skipRows?: number[];
  /** corrected values per source row (typed, parsed by the shared field parsers) */
  edits?: Record<number, Partial<RecordValues>>;
}

export type CommitOutcome = ImportCommitResult;

/** The live (not rolled back) batch that imported this exact content (this sheet of it), if any. */
export function findImportedBatch(session: LedgerSession, sha256: string, sheet?: string): ImportedBatchRef | null {
  const row = session.db
    .prepare(
      'SELECT id, file_name, created_at, records FROM import_batches WHERE sha256 = @sha256 AND rolled_back_at IS NULL AND (CAST(@sheet AS TEXT) IS NULL OR sheet IS NULL OR sheet = @sheet) ORDER BY id DESC LIMIT 1',
    )
    .get({ sha256, sheet: sheet ?? null }) as { id: number; file_name: string; created_at: string; records: number } | undefined;
  return row ? { id: row.id, fileName: row.file_name, createdAt: row.created_at, records: row.records } : null;
}

export function rememberedMapping(session: LedgerSession, signature: string): ImportParse['mapping'] | null {
  const row = session.db.prepare('SELECT mapping_json FROM import_mappings WHERE signature = ?').get(signature) as { mapping_json: string } | undefined;
  return row ? (JSON.parse(row.mapping_json) as ImportParse['mapping']) : null;
}

/**
 * `wait` runs each write (the load; with the bulk indexes dropped, also the drop and the rebuild)
 * and lets one that meets another process's write lock wait for it (CoreContext.waitForWriters).
 */
export async function commitImport(session: LedgerSession, parse: ImportParse, wait: WaitForWriters, choices: CommitChoices = {}): Promise<CommitOutcome> {
  refuseIfImported(session, parse);
  const skip = new Set(choices.skipRows ?? []);
  const edits = choices.edits ?? {};
  const landing: ParsedRow[] = [];
  const landingValues: Partial<RecordValues>[] = [];
  const rejectedRows: number[] = [];
  let totalFen = 0;
  for (const row of parse.rows) {
    if (skip.has(row.sourceRow)) continue;
    if (row.rejected) {
      rejectedRows.push(row.sourceRow);
      continue;
    }
    const edit = edits[row.sourceRow];
    const values: Partial<RecordValues> = edit ? { ...row.values, ...edit } : row.values;
    totalFen += values.amountFen ?? 0;
    landing.push(row);
    landingValues.push(values);
  }
  const sourceJson = sourceJsonBuilder(parse);
  /** records written with a value still unread after the clerk's corrections (counted as they are made) */
  let unreadRows = 0;
  // Each record's columns are made as insertMany takes them, a block at a time: 100,000 rows'
  // columns and source texts held at once cost memory and collection time for nothing.
  function* recordColumns(batchId: number): Generator<Record<string, unknown>> {
    unreadRows = 0; // a write that waited for another process's lock makes them again
    for (let i = 0; i < landing.length; i++) {
      const row = landing[i];
      const edit = edits[row.sourceRow];
      let unread = row.unread;
      if (unread && edit) {
        // A value the clerk corrected is read now; what the unit wrote stays in source_json.
        unread = { ...unread };
        for (const k of Object.keys(edit)) delete unread[k as keyof typeof unread];
      }
      const columns = valuesToColumns(landingValues[i]);
      columns.source_json = sourceJson(row);
      columns.unread_json = unread && Object.keys(unread).length > 0 ? JSON.stringify(unread) : null;
      if (columns.unread_json !== null) unreadRows++;
      columns.batch_id = batchId;
      // the month the sheet reports (its title, name or file name), when it states one
      columns.period = parse.month ?? null;
      yield columns;
    }
  }

  const existing = (session.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
  const load = () => session.write(`导入 ${parse.fileName}`, (w) => {
    // again under the write lock: another process may have imported it while this one waited
    refuseIfImported(session, parse);
    const batch = w.insert('importBatch', {
      file_name: parse.fileName,
      sha256: parse.sha256,
      sheet: parse.sheet,
      mapping_json: JSON.stringify(parse.mapping),
      records: landing.length,
      total_fen: totalFen,
      rejected_rows: rejectedRows.length,
      created_at: w.at,
    });
    const id = Number(batch.id);
    w.insertMany('record', recordColumns(id));
    collectLists(w, session.db, landingValues);
    const known = session.db.prepare('SELECT id FROM import_mappings WHERE signature = ?').get(parse.headerSignature) as { id: number } | undefined;
    const mapping = { signature: parse.headerSignature, mapping_json: JSON.stringify(parse.mapping), source_name: parse.fileName };
    if (known) w.update('importMapping', known.id, mapping);
    else w.insert('importMapping', mapping);
    return id;
  });
  // A big file into a small ledger: rebuilding the indexes once is far cheaper than
  // maintaining eleven of them row by row; into a big ledger, maintaining them is.
  const batchId = landing.length >= BULK_ROWS && landing.length * 4 >= existing ? await withBulkIndexesDroppedWaiting(session.db, wait, load) : await wait(load);
  return { batchId, records: landing.length, totalFen, rejectedRows, unreadRows };
}

function refuseIfImported(session: LedgerSession, parse: ImportParse): void {
  const previous = findImportedBatch(session, parse.sha256, parse.sheet);
  if (previous) {
    throw new AppError('ALREADY_IMPORTED', `文件“${parse.fileName}”${sheetWords(parse)}已于 ${previous.createdAt.slice(0, 10)} 导入过（批次 ${previous.id}，${previous.records} 条），不会重复导入`, {
      batchId: previous.id,
    });
  }
}

function sheetWords(parse: ImportParse): string {
  return parse.sheetInfos.filter((s) => s.status === 'data').length > 1 || parse.otherSheets?.length ? `的工作表“${parse.sheet}”` : '';
}

/** Remove every record of a batch in one audited transaction and mark the batch rolled back. */
export function rollbackBatch(session: LedgerSession, batchId: number): { records: number } {
  const batch = session.db.prepare('SELECT file_name, rolled_back_at FROM import_batches WHERE id = ?').get(batchId) as
    | { file_name: string; rolled_back_at: string | null }
    | undefined;
  if (!batch) throw new AppError('NOT_FOUND', `找不到导入批次 ${batchId}`);
  if (batch.rolled_back_at) throw new AppError('ALREADY_ROLLED_BACK', `批次 ${batchId}（${batch.file_name}）已于 ${batch.rolled_back_at.slice(0, 10)} 撤销`);
  const ids = (session.db.prepare('SELECT id FROM records WHERE batch_id = ?').all(batchId) as { id: number }[]).map((r) => r.id);
  session.write(`撤销导入 ${batch.file_name}`, (w) => {
    for (const id of ids) removeRecord(w, session.db, id);
    w.update('importBatch', batchId, { rolled_back_at: w.at });
  });
  return { records: ids.length };
}
