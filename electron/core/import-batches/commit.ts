/**
 * Commit a parsed file as one import batch, in one transaction: the batch row (file name,
 * SHA-256, sheet, mapping, counts), every accepted record linked to it, and the mapping
 * remembered for the file's header signature. Rows with errors are rejected, not guessed.
 */
import type { ImportCommitResult, ImportedBatchRef } from '../../../shared/domain/import';
import type { RecordValues } from '../../../shared/domain/record';
import { AppError } from '../../../shared/result';
import type { LedgerSession } from '../context';
import { BULK_ROWS, withBulkIndexesDropped } from '../db/bulk-indexes';
import type { ImportParse } from '../imports/types';
import { collectLists } from '../lists/collect';
import { valuesToColumns } from '../records/columns';
import { removeRecord } from '../records/removal';

export interface CommitChoices {
  /** source rows the user chose not to import */
  skipRows?: number[];
  /** corrected values per source row (typed, parsed by the shared field parsers) */
  edits?: Record<number, Partial<RecordValues>>;
}

export type CommitOutcome = ImportCommitResult;

/** The live (not rolled back) batch that imported this exact content, if any. */
export function findImportedBatch(session: LedgerSession, sha256: string): ImportedBatchRef | null {
  const row = session.db
    .prepare('SELECT id, file_name, created_at, records FROM import_batches WHERE sha256 = ? AND rolled_back_at IS NULL ORDER BY id DESC LIMIT 1')
    .get(sha256) as { id: number; file_name: string; created_at: string; records: number } | undefined;
  return row ? { id: row.id, fileName: row.file_name, createdAt: row.created_at, records: row.records } : null;
}

export function rememberedMapping(session: LedgerSession, signature: string): ImportParse['mapping'] | null {
  const row = session.db.prepare('SELECT mapping_json FROM import_mappings WHERE signature = ?').get(signature) as { mapping_json: string } | undefined;
  return row ? (JSON.parse(row.mapping_json) as ImportParse['mapping']) : null;
}

export function commitImport(session: LedgerSession, parse: ImportParse, choices: CommitChoices = {}): CommitOutcome {
  const previous = findImportedBatch(session, parse.sha256);
  if (previous) {
    throw new AppError('ALREADY_IMPORTED', `文件“${parse.fileName}”已于 ${previous.createdAt.slice(0, 10)} 导入过（批次 ${previous.id}，${previous.records} 条），不会重复导入`, {
      batchId: previous.id,
    });
  }
  const skip = new Set(choices.skipRows ?? []);
  const edits = choices.edits ?? {};
  const accepted: Partial<RecordValues>[] = [];
  const rejectedRows: number[] = [];
  for (const row of parse.rows) {
    if (skip.has(row.sourceRow)) continue;
    const edit = edits[row.sourceRow];
    const fixed = new Set(edit ? Object.keys(edit) : []);
    const remaining = row.errors.filter((e) => e.field === null || !fixed.has(e.field));
    if (remaining.length > 0) {
      rejectedRows.push(row.sourceRow);
      continue;
    }
    accepted.push({ ...row.values, ...edit });
  }
  const totalFen = accepted.reduce((sum, v) => sum + (v.amountFen ?? 0), 0);

  const existing = (session.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
  const load = () => session.write(`导入 ${parse.fileName}`, (w) => {
    const batch = w.insert('importBatch', {
      file_name: parse.fileName,
      sha256: parse.sha256,
      sheet: parse.sheet,
      mapping_json: JSON.stringify(parse.mapping),
      records: accepted.length,
      total_fen: totalFen,
      rejected_rows: rejectedRows.length,
      created_at: w.at,
    });
    const id = Number(batch.id);
    w.insertMany('record', accepted.map((values) => ({ ...valuesToColumns(values), batch_id: id })));
    collectLists(w, session.db, accepted);
    const known = session.db.prepare('SELECT id FROM import_mappings WHERE signature = ?').get(parse.headerSignature) as { id: number } | undefined;
    const mapping = { signature: parse.headerSignature, mapping_json: JSON.stringify(parse.mapping), source_name: parse.fileName };
    if (known) w.update('importMapping', known.id, mapping);
    else w.insert('importMapping', mapping);
    return id;
  });
  // A big file into a small ledger: rebuilding the indexes once is far cheaper than
  // maintaining eleven of them row by row; into a big ledger, maintaining them is.
  const batchId = accepted.length >= BULK_ROWS && accepted.length * 4 >= existing ? withBulkIndexesDropped(session.db, load) : load();
  return { batchId, records: accepted.length, totalFen, rejectedRows };
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
