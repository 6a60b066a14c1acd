/** Export: the ledger (or a filtered view, or a month) as a workbook; the blank template. */
import { AppError } from '../../../shared/result';
import { countyLabel } from '../../../shared/regions/resolve';
import { defineHandlers, requireLedger } from '../context';
import { isPostgres } from '../db/connection';
import { pairedCountyCodes } from '../reference/paired-counties';
import { FIELD_COLUMNS } from '../records/columns';
import { applyRecordQuery, orderBySql, withSortKeys } from '../records/query';
import type { Reference } from '../reference/reference';
import { readSettings } from '../settings/app';
import { buildLedgerWorkbook, LAYOUT_FIELDS, type ExportRow } from './ledger-workbook';
import { serverCursorRows } from './server-cursor';
import { buildTemplate } from './template';

/** '云南省西双版纳傣族自治州勐海县', '重庆市万州区': what units write, and what import resolves back. */
function countyFullName(reference: Reference, code: string): string | null {
  return reference.regions.byCode.has(code) ? countyLabel(reference.regions, code).replace(/ /g, '') : null;
}

/** Beyond this a workbook is slow to open in Excel and WPS; export a month or a filter instead. */
const MAX_EXPORT_ROWS = 1_000_000;

function stamp(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}`;
}

export const exportHandlers = defineHandlers({
  'exports/ledger': (ctx, args) =>
    ctx.jobs.run(args.jobId, async (job) => {
      const ledger = requireLedger(ctx);
      job.report('正在查询记录');
      // the grid's view exactly, on either backend (ILIKE and SQLite's NULL order on a server)
      const base = applyRecordQuery(ledger.kysely.selectFrom('records'), args, ctx.reference, ledger.db);
      const count = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      if (count > MAX_EXPORT_ROWS) throw new AppError('EXPORT_TOO_LARGE', `要导出 ${count} 条记录，超过单个文件 ${MAX_EXPORT_ROWS} 条的上限；请按月或按条件筛选后分批导出`);
      const query = withSortKeys(base, args.sort)
        .select(LAYOUT_FIELDS.map((f) => FIELD_COLUMNS[f]))
        .orderBy(orderBySql(args.sort, ledger.db))
        .compile();
      // A cursor, not an array: a million records are never all in memory as objects.
      const params = query.parameters as unknown[];
      const rows = (isPostgres(ledger.db) ? serverCursorRows(ledger.db, query.sql, params) : ledger.db.prepare(query.sql).raw(true).iterate(...params)) as Iterable<ExportRow>;
      const content = await buildLedgerWorkbook(rows, count, { job, countyName: (code) => countyFullName(ctx.reference, code) });
      // read in JS, not with json_extract: the same on a file and on PostgreSQL
      const office = readSettings(ledger).officeName || null;
      const scope = args.period ? `${args.period}` : Object.keys(args.filters ?? {}).length ? '筛选结果' : '全部';
      return { fileName: `${office ?? '台账'}-台账明细-${scope}-${stamp()}.xlsx`, content, records: count };
    }),

  'exports/template': (ctx) => {
    const ledger = requireLedger(ctx);
    const names = pairedCountyCodes(ledger, ctx.reference).map((code) => countyFullName(ctx.reference, code) ?? code);
    return { fileName: '消费帮扶采购明细-填报模板.xlsx', content: buildTemplate(names) };
  },
});
