/**
 * Import: preview (parse in a worker, nothing written), commit (one transaction, one batch),
 * one-shot file import (CLI and multi-file import), the error workbook, batches and rollback.
 */
import type { ImportBatchInfo, ImportFileResult, ImportParse, ImportPreview, ImportSheetResult } from '../../../shared/domain/import';
import type { RecordValues } from '../../../shared/domain/record';
import { AppError } from '../../../shared/result';
import { createCountyResolver } from '../../../shared/regions/resolve';
import { defineHandlers, requireLedger, type CoreContext, type LedgerSession } from '../context';
import { pairedCountyCodes } from '../reference/paired-counties';
import { buildErrorWorkbookOf, parseImportFileInWorker, rowsToSendBack, type ParseFileOptions } from '../imports';
import { commitImport, findImportedBatch, rememberedMapping, rollbackBatch } from './commit';
import { findLikelyDuplicates } from './duplicates';
import { LedgerMatches, multiNumberCellsDuring, type MultiNumberCell } from './ledger-matches';
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

/** The data sheets of a parse: the one shown first, then the others, in workbook order. */
export function sheetParses(parse: ImportParse): ImportParse[] {
  const all = [parse, ...(parse.otherSheets ?? [])];
  const order = parse.sheets;
  return all.sort((a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet));
}

/** `multi`: the ledger's several-number invoice cells, read during the parse. */
function preview(ctx: CoreContext, ledger: LedgerSession, stageId: string, parse: ImportParse, mappingRemembered: boolean, multi: readonly MultiNumberCell[]): ImportPreview {
  let duplicates: ImportPreview['duplicates'] = [];
  // every sheet and the checks ask the ledger through one memo: each number and purchase once
  const matches = new LedgerMatches(ledger.db, multi);
  for (const p of sheetParses(parse)) {
    const info = parse.sheetInfos.find((i) => i.sheet === p.sheet);
    const batch = findImportedBatch(ledger, p.sha256, p.sheet);
    const dups = findLikelyDuplicates(matches, p.rows.filter((r) => !r.rejected));
    if (p === parse) duplicates = dups;
    if (!info) continue;
    if (batch) info.importedBatchId = batch.id;
    info.duplicateRows = dups.map((d) => d.sourceRow);
  }
  return {
    ...parse,
    stageId,
    duplicates,
    alreadyImported: findImportedBatch(ledger, parse.sha256, parse.sheet),
    mappingRemembered,
    checks: previewChecks(ledger, ctx.reference, parse, {}, matches),
  };
}

/** The clerk's corrections as the contract carries them (row number as text) → per source row. */
function editsByRow(edits: Record<string, unknown>): Record<number, Partial<RecordValues>> {
  return Object.fromEntries(Object.entries(edits).map(([k, v]) => [Number(k), v as Partial<RecordValues>]));
}

function failure(err: unknown): { code: string; message: string } {
  const e = err instanceof AppError ? err : new AppError('INTERNAL', (err as Error).message);
  return { code: e.code, message: e.message };
}

/**
 * Parse one file and commit each data sheet as its own transaction; every outcome is a result
 * (the CLI reports per file and per sheet). Everything that can still fail — the error workbook
 * above all — happens before the first commit, so a reported failure never follows a commit.
 */
async function importOneFile(
  ctx: CoreContext,
  args: { fileName: string; content: Uint8Array; sheets?: string[]; year?: number; keepDuplicates?: boolean },
  job: Job,
): Promise<ImportFileResult> {
  const ledger = requireLedger(ctx);
  const { fileName } = args;
  const empty = { file: fileName, records: 0, totalFen: 0, rejectedRows: 0, unreadRows: 0, duplicateRows: 0, sheets: [], duplicates: [] };
  let parse: ImportParse;
  try {
    parse = (await parseFile(ctx, ledger, args.content, fileName, { sheetNames: args.sheets, year: args.year }, job)).parse;
  } catch (err) {
    return { ...empty, status: 'failed', error: failure(err) };
  }

  interface Plan {
    parse: ImportParse;
    previous: ReturnType<typeof findImportedBatch>;
    duplicates: ReturnType<typeof findLikelyDuplicates>;
  }
  const matches = new LedgerMatches(ledger.db);
  const plans: Plan[] = sheetParses(parse).map((p) => {
    const previous = findImportedBatch(ledger, p.sha256, p.sheet);
    const duplicates = previous || args.keepDuplicates ? [] : findLikelyDuplicates(matches, p.rows.filter((r) => !r.rejected));
    return { parse: p, previous, duplicates };
  });
  let errorWorkbook: Uint8Array | null;
  try {
    errorWorkbook = buildErrorWorkbookOf(plans.filter((p) => !p.previous).map((p) => ({ parse: p.parse, rows: rowsToSendBack(p.parse) })));
  } catch (err) {
    return { ...empty, status: 'failed', error: failure(err) };
  }

  const sheets: ImportSheetResult[] = [];
  const duplicates: ImportFileResult['duplicates'] = [];
  let cancelled = false;
  for (const { parse: p, previous, duplicates: dups } of plans) {
    const base = { sheet: p.sheet, records: 0, totalFen: 0, rejectedRows: 0, unreadRows: 0, duplicateRows: dups.length, ...(p.notices.length ? { notices: p.notices } : {}) };
    for (const d of dups) duplicates.push({ ...d, sheet: p.sheet });
    if (cancelled) {
      sheets.push({ ...base, status: 'failed', error: notImported(parse, p) });
      continue;
    }
    if (previous) {
      sheets.push({
        ...base,
        status: 'skipped',
        batchId: previous.id,
        error: { code: 'ALREADY_IMPORTED', message: `${sheetLabel(parse, p)}已于 ${previous.createdAt.slice(0, 10)} 导入过（批次 ${previous.id}），已跳过` },
      });
      continue;
    }
    const landing = p.rows.filter((r) => !r.rejected);
    if (dups.length > 0 && dups.length === landing.length) {
      sheets.push({
        ...base,
        status: 'skipped',
        rejectedRows: p.totals.rejectedRows,
        error: { code: 'ALL_DUPLICATES', message: `${sheetLabel(parse, p)}的 ${dups.length} 行都与台账中已有的记录相同（可能是已导入文件的另存副本），未导入` },
      });
      continue;
    }
    try {
      const skipRows = dups.map((d) => d.sourceRow);
      // each sheet is its own write: one that meets another process's lock waits for it, also
      // after others are committed (db/wait-for-writer.ts)
      const r = await commitImport(ledger, p, ctx.waitForWriters, { skipRows });
      sheets.push({
        ...base,
        status: 'imported',
        records: r.records,
        totalFen: r.totalFen,
        rejectedRows: r.rejectedRows.length,
        unreadRows: r.unreadRows,
        batchId: r.batchId,
      });
    } catch (err) {
      // Another process holds the write lock and nothing of this file is committed yet: let the
      // core wait for it and run the call again (db/wait-for-writer.ts) instead of reporting a
      // failure the user would have to retry by hand.
      const committed = sheets.some((x) => x.status === 'imported');
      if (err instanceof AppError && err.code === 'LEDGER_BUSY' && !committed) throw err;
      // Stopped while waiting for another writer: with nothing committed the call is cancelled
      // whole; after a committed sheet, that sheet stands and this one and the rest are not imported.
      if (err instanceof AppError && err.code === 'CANCELLED') {
        if (!committed) throw err;
        cancelled = true;
        sheets.push({ ...base, status: 'failed', error: notImported(parse, p) });
        continue;
      }
      // This sheet's transaction rolled back whole; the others stand as reported.
      sheets.push({ ...base, status: 'failed', error: failure(err) });
    }
  }
  const imported = sheets.filter((x) => x.status === 'imported');
  const failed = sheets.filter((x) => x.status === 'failed');
  const sum = (k: 'records' | 'totalFen' | 'rejectedRows' | 'unreadRows' | 'duplicateRows') => sheets.reduce((n, x) => n + x[k], 0);
  const status: ImportFileResult['status'] = imported.length > 0 ? 'imported' : failed.length > 0 ? 'failed' : 'skipped';
  const firstProblem = failed[0]?.error ?? (imported.length === 0 ? sheets.find((x) => x.error)?.error : undefined);
  return {
    file: fileName,
    status,
    records: sum('records'),
    totalFen: sum('totalFen'),
    rejectedRows: sum('rejectedRows'),
    unreadRows: sum('unreadRows'),
    duplicateRows: sum('duplicateRows'),
    ...(imported.length === 1 ? { batchId: imported[0].batchId } : status === 'skipped' && sheets[0]?.batchId ? { batchId: sheets[0].batchId } : {}),
    ...(firstProblem ? { error: firstProblem } : {}),
    sheets,
    duplicates,
    ...(errorWorkbook && imported.length > 0 ? { errorWorkbook } : {}),
  };
}

/** A sheet left out because the user stopped the import while it waited for another writer. */
function notImported(file: ImportParse, p: ImportParse): { code: string; message: string } {
  return { code: 'CANCELLED', message: `已取消，${sheetLabel(file, p)}未导入` };
}

/** “该文件” for a one-sheet file, “工作表“11月”” for a sheet of several. */
function sheetLabel(file: ImportParse, p: ImportParse): string {
  return file.otherSheets?.length ? `工作表“${p.sheet}”` : '该文件';
}

export const importHandlers = defineHandlers({
  'imports/preview': (ctx, args) =>
    ctx.jobs.run(args.jobId, async (job) => {
      const ledger = requireLedger(ctx);
      const opts: ParseFileOptions = { sheetName: args.sheetName, headerRow: args.headerRow, mapping: args.mapping, year: args.year };
      if (args.stageId) {
        const s = getStaged(args.stageId);
        const [{ parse, mappingRemembered }, multi] = await multiNumberCellsDuring(ledger.db, parseFile(ctx, ledger, s.content, s.parse.fileName, opts, job));
        restage(args.stageId, parse);
        job.report('正在检查');
        return preview(ctx, ledger, args.stageId, parse, mappingRemembered, multi);
      }
      if (!args.content) throw new AppError('BAD_ARGS', '请提供文件内容');
      const [{ parse, mappingRemembered }, multi] = await multiNumberCellsDuring(ledger.db, parseFile(ctx, ledger, args.content, args.fileName, opts, job));
      job.report('正在查找与台账重复的记录');
      return preview(ctx, ledger, stage(args.content, parse), parse, mappingRemembered, multi);
    }),

  // One transaction: it cannot be stopped half-way, so the job only reports it.
  // Each sheet is its own batch: the window commits the ticked sheets one call each.
  'imports/commit': (ctx, { stageId, sheet, skipRows, edits, jobId }) =>
    ctx.jobs.run(jobId, async (job) => {
      const ledger = requireLedger(ctx);
      const s = getStaged(stageId);
      const parses = sheetParses(s.parse);
      const parse = sheet === undefined ? s.parse : parses.find((p) => p.sheet === sheet);
      if (!parse) throw new AppError('SHEET_NOT_FOUND', `预览中没有工作表“${sheet}”`);
      job.report('正在写入台账', 0, parse.rows.length);
      const committed = await commitImport(ledger, parse, ctx.waitForWriters, { skipRows, edits: editsByRow(edits) });
      // The preview stays while other sheets of it are still to be committed.
      if (parses.every((p) => p === parse || findImportedBatch(ledger, p.sha256, p.sheet))) unstage(stageId);
      return committed;
    }),

  // The findings of the sheet shown, on its rows as corrected (the window re-runs it after each correction).
  'imports/check': (ctx, { stageId, skipRows, edits }) =>
    previewChecks(requireLedger(ctx), ctx.reference, getStaged(stageId).parse, { skipRows, edits: editsByRow(edits) }),

  'imports/file': (ctx, { jobId, ...args }) => ctx.jobs.run(jobId, (job) => importOneFile(ctx, args, job)),

  'imports/errorWorkbook': (_ctx, { stageId }) => {
    const s = getStaged(stageId);
    const content = buildErrorWorkbookOf(sheetParses(s.parse).map((p) => ({ parse: p, rows: rowsToSendBack(p) })));
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
