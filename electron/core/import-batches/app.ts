/**
 * Import: preview (parse in a worker, nothing written), commit (one transaction, one batch),
 * one-shot file import (CLI and multi-file import), the error workbook, batches and rollback.
 */
import type { ImportBatchInfo, ImportFileResult, ImportParse, ImportPreview } from '../../../shared/domain/import';
import type { RecordValues } from '../../../shared/domain/record';
import { AppError } from '../../../shared/result';
import { createCountyResolver } from '../../../shared/regions/resolve';
import { defineHandlers, requireLedger, type CoreContext, type LedgerSession } from '../context';
import { pairedCountyCodes } from '../demo/load';
import { buildErrorWorkbook, parseImportFileInWorker, type ParseFileOptions } from '../imports';
import { commitImport, findImportedBatch, rememberedMapping, rollbackBatch } from './commit';
import { findLikelyDuplicates } from './duplicates';
import { previewChecks } from './preview-checks';
import type { Job } from '../jobs/registry';
import { getStaged, restage, stage, unstage } from './stage';

/** Parse off the calling thread; apply the mapping remembered for this layout unless one is given. */
async function parseFile(ctx: CoreContext, ledger: LedgerSession, content: Uint8Array, fileName: string, opts: ParseFileOptions, job: Job) {
  const resolveCounty = createCountyResolver(ctx.reference.regions, { preferCodes: pairedCountyCodes(ledger, ctx.reference) });
  const run = async (o: ParseFileOptions): Promise<ImportParse> => {
    job.report(`正在读取“${fileName}”`);
    const r = await parseImportFileInWorker(content, fileName, { ...o, resolveCounty, workerUrl: ctx.workerUrls.importParse, signal: job.signal });
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
    job.throwIfCancelled();
    return r.value;
  };
  let parse = await run(opts);
  let mappingRemembered = false;
  if (!opts.mapping) {
    const remembered = rememberedMapping(ledger, parse.headerSignature);
    const same = (a: ImportParse['mapping'], b: ImportParse['mapping']) =>
      a.length === b.length && a.every((m, i) => m.column === b[i].column && m.field === b[i].field && m.unit === b[i].unit);
    if (remembered && !same(remembered, parse.mapping)) {
      parse = await run({ ...opts, mapping: remembered });
      mappingRemembered = true;
    } else if (remembered) mappingRemembered = true;
  }
  return { parse, mappingRemembered };
}

function preview(ctx: CoreContext, ledger: LedgerSession, stageId: string, parse: ImportParse, mappingRemembered: boolean): ImportPreview {
  return {
    ...parse,
    stageId,
    duplicates: findLikelyDuplicates(ledger.db, parse.rows.filter((r) => r.errors.length === 0)),
    alreadyImported: findImportedBatch(ledger, parse.sha256),
    mappingRemembered,
    checks: previewChecks(ledger, ctx.reference, parse),
  };
}

/** The clerk's corrections as the contract carries them (row number as text) → per source row. */
function editsByRow(edits: Record<string, unknown>): Record<number, Partial<RecordValues>> {
  return Object.fromEntries(Object.entries(edits).map(([k, v]) => [Number(k), v as Partial<RecordValues>]));
}

/** Parse and commit one file; every outcome is a result (the CLI reports per file). */
async function importOneFile(ctx: CoreContext, fileName: string, content: Uint8Array, job: Job): Promise<ImportFileResult> {
  const ledger = requireLedger(ctx);
  const empty = { file: fileName, records: 0, totalFen: 0, rejectedRows: 0 };
  let parse: ImportParse;
  try {
    parse = (await parseFile(ctx, ledger, content, fileName, {}, job)).parse;
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('PARSE_FAILED', (err as Error).message);
    return { ...empty, status: 'failed', error: { code: e.code, message: e.message } };
  }
  const previous = findImportedBatch(ledger, parse.sha256);
  if (previous) {
    return {
      ...empty,
      status: 'skipped',
      batchId: previous.id,
      error: { code: 'ALREADY_IMPORTED', message: `该文件已于 ${previous.createdAt.slice(0, 10)} 导入过（批次 ${previous.id}），已跳过` },
    };
  }
  const r = commitImport(ledger, parse);
  const rejected = new Set(r.rejectedRows);
  const errorWorkbook = rejected.size ? buildErrorWorkbook(parse, parse.rows.filter((row) => rejected.has(row.sourceRow))) : null;
  return {
    file: fileName,
    status: 'imported',
    records: r.records,
    totalFen: r.totalFen,
    rejectedRows: r.rejectedRows.length,
    batchId: r.batchId,
    ...(errorWorkbook ? { errorWorkbook } : {}),
  };
}

export const importHandlers = defineHandlers({
  'imports/preview': (ctx, args) =>
    ctx.jobs.run(args.jobId, async (job) => {
      const ledger = requireLedger(ctx);
      const opts: ParseFileOptions = { sheetName: args.sheetName, headerRow: args.headerRow, mapping: args.mapping };
      if (args.stageId) {
        const s = getStaged(args.stageId);
        const { parse, mappingRemembered } = await parseFile(ctx, ledger, s.content, s.parse.fileName, opts, job);
        restage(args.stageId, parse);
        job.report('正在检查');
        return preview(ctx, ledger, args.stageId, parse, mappingRemembered);
      }
      if (!args.content) throw new AppError('BAD_ARGS', '请提供文件内容');
      const { parse, mappingRemembered } = await parseFile(ctx, ledger, args.content, args.fileName, opts, job);
      job.report('正在查找与台账重复的记录');
      return preview(ctx, ledger, stage(args.content, parse), parse, mappingRemembered);
    }),

  // One transaction: it cannot be stopped half-way, so the job only reports it.
  'imports/commit': (ctx, { stageId, skipRows, edits, jobId }) =>
    ctx.jobs.run(jobId, (job) => {
      const ledger = requireLedger(ctx);
      const s = getStaged(stageId);
      job.report('正在写入台账', 0, s.parse.rows.length);
      const result = commitImport(ledger, s.parse, { skipRows, edits: editsByRow(edits) });
      unstage(stageId);
      return result;
    }),

  'imports/check': (ctx, { stageId, skipRows, edits }) =>
    previewChecks(requireLedger(ctx), ctx.reference, getStaged(stageId).parse, { skipRows, edits: editsByRow(edits) }),

  'imports/file': (ctx, { fileName, content, jobId }) => ctx.jobs.run(jobId, (job) => importOneFile(ctx, fileName, content, job)),

  'imports/errorWorkbook': (_ctx, { stageId }) => {
    const s = getStaged(stageId);
    const content = buildErrorWorkbook(s.parse);
    const base = s.parse.fileName.replace(/\.[^.]+$/, '');
    return content ? { fileName: `${base}-错误行.xlsx`, content } : null;
  },

  'imports/batches': (ctx) => {
    const ledger = requireLedger(ctx);
    const rows = ledger.db
      .prepare('SELECT id, file_name, sha256, sheet, records, total_fen, rejected_rows, created_at, rolled_back_at FROM import_batches ORDER BY id DESC')
      .all() as Record<string, never>[];
    const batches: ImportBatchInfo[] = rows.map((r) => ({
      id: r.id,
      fileName: r.file_name,
      sha256: r.sha256,
      sheet: r.sheet,
      records: r.records,
      totalFen: r.total_fen,
      rejectedRows: r.rejected_rows,
      createdAt: r.created_at,
      rolledBackAt: r.rolled_back_at,
    }));
    return { batches };
  },

  'imports/rollback': (ctx, { batchId }) => rollbackBatch(requireLedger(ctx), batchId),
});
