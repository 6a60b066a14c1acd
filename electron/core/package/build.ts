/**
 * Building the submission package of one month: the report workbook, the month's documents
 * named by hash with an index from record to file, and the manifest (every file's SHA-256,
 * the record count and total, the audit chain's head), with the audit entries since the previous
 * package and the month's record digests (audit-extract.ts). Refused while unwaived errors remain,
 * unless forced with a reason (which the workbook and the manifest then carry).
 */
import * as XLSX from 'xlsx';
import { AppError } from '../../../shared/result';
import { CHECKS } from '../../../shared/checks/codes';
import { countyLabel } from '../../../shared/regions/resolve';
import type { LedgerSession } from '../context';
import { pairedCountyCodes } from '../reference/paired-counties';
import { LAYOUT_FIELDS } from '../exports/ledger-workbook';
import type { Job } from '../jobs/registry';
import { FIELD_COLUMNS } from '../records/columns';
import type { Reference } from '../reference/reference';
import { buildMonthlyReport } from '../reports/monthly';
import { readSettings } from '../settings/app';
import { auditExtract } from './audit-extract';
import { unwaivedErrors, type PackageChecks } from './checks-adapter';
import { EFFECTIVE_PURCHASER_TYPE } from '../reports/purchaser-type';
import { monthRange } from '../../../shared/dates';
import { documentsOf } from './documents';
import { describeFile, MANIFEST_NAME, PACKAGE_FORMAT, sha256Hex, type Manifest } from './manifest';
import { buildPackageWorkbook } from './workbook';
import { writeZip } from './zip';
import type { ZipContent } from '../zip-writer';

export interface PackageOptions {
  period: string;
  version: number;
  checks: PackageChecks;
  /** a reason makes the package despite unwaived errors */
  forceReason?: string | null;
  job: Job;
  now?: Date;
}

export interface BuiltPackage {
  fileName: string;
  content: Uint8Array;
  sha256: string;
  manifest: Manifest;
}

export async function buildPackage(ledger: LedgerSession, reference: Reference, opts: PackageOptions): Promise<BuiltPackage> {
  const blocking = unwaivedErrors(opts.checks);
  const forced = opts.forceReason?.trim() || null;
  if (blocking.length > 0 && !forced) {
    // The clerk reads the checks' own titles (检查 page), not their codes.
    const counts = new Map<string, number>();
    for (const i of blocking) {
      const title = (CHECKS as Record<string, { title: string } | undefined>)[i.code]?.title ?? i.code;
      counts.set(title, (counts.get(title) ?? 0) + 1);
    }
    const what = [...counts].map(([title, n]) => `${title} ${n} 个`).join('、');
    throw new AppError('PACKAGE_BLOCKED', `${opts.period} 还有 ${blocking.length} 个未豁免的错误（${what}），不能生成报送包；请先修正或填写豁免原因`, { errors: blocking.length });
  }
  const db = ledger.db;
  const settings = readSettings(ledger);
  const [from, to] = monthRange(opts.period);

  opts.job.report('正在汇总月报');
  const report = buildMonthlyReport(db, reference, settings, new Set(pairedCountyCodes(ledger, reference)), opts.period, opts.now);
  // The chain's head, the entries since the previous package and the month's record digests (audit-extract.ts).
  const { head, files: auditFiles } = await auditExtract(db, from, to);
  // 明细 shows the type 汇总 counted (the record's, else 名录's), so verify recomputes the same table
  const columns = LAYOUT_FIELDS.map((f) => (f === 'purchaserType' ? `${EFFECTIVE_PURCHASER_TYPE} AS purchaser_type` : FIELD_COLUMNS[f])).join(', ');
  const rows = db.prepare(`SELECT ${columns} FROM records WHERE date >= ? AND date < ? ORDER BY date, id`).raw(true).iterate(from, to) as IterableIterator<unknown[]>;
  const countyName = (code: string) => (reference.regions.byCode.has(code) ? countyLabel(reference.regions, code).replace(/ /g, '') : null);
  const facts = {
    office: settings.officeName,
    districtCode: settings.districtCode,
    version: opts.version,
    auditHead: head,
    forced: blocking.length && forced ? { reason: forced, unwaivedErrors: blocking.length } : null,
  };
  const workbook = await buildPackageWorkbook(report, { rows, total: report.month.records, countyName }, opts.checks, facts, opts.job);

  opts.job.report('正在收集附件');
  await opts.job.checkpoint();
  const docs = documentsOf(db, ledger.path, from, to);
  if (docs.missing.length > 0) {
    throw new AppError('ATTACHMENT_BROKEN', `有 ${docs.missing.length} 个附件文件缺失（如“${docs.missing[0]}”），不能生成报送包；请先运行“验证台账”查看`);
  }

  // Names inside the zip are ASCII: Windows tools disagree on how a zip spells Chinese names.
  const files = new Map<string, ZipContent>();
  files.set(`report-${opts.period}-v${opts.version}.xlsx`, workbook);
  for (const d of docs.documents) files.set(d.path, d.content);
  const indexSheet = XLSX.utils.aoa_to_sheet([['记录编号', '用途', '原文件名', '包内文件'], ...docs.index.map((i) => [i.recordId, i.role, i.originalName, i.path])]);
  const indexBook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(indexBook, indexSheet, '附件索引');
  files.set('document-index.xlsx', new Uint8Array(XLSX.write(indexBook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer));

  for (const [name, content] of auditFiles) files.set(name, content);
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    office: settings.officeName,
    districtCode: settings.districtCode,
    period: opts.period,
    version: opts.version,
    createdAt: (opts.now ?? new Date()).toISOString(),
    records: report.month.records,
    totalFen: report.month.amountFen,
    auditHead: head,
    files: [...files].map(([name, content]) => describeFile(name, content)),
    ...(blocking.length && forced ? { forcedReason: forced, unwaivedErrors: blocking.length } : {}),
  };
  files.set(MANIFEST_NAME, new Uint8Array(Buffer.from(JSON.stringify(manifest, null, 2), 'utf8')));
  opts.job.report('正在压缩');
  await opts.job.checkpoint();
  const content = writeZip(files);
  return { fileName: `${settings.officeName}-${opts.period}-报送包-第${opts.version}版.zip`, content, sha256: sha256Hex(content), manifest };
}
