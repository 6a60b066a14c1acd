/**
 * THE CONTRACT. Every operation the app can do, by name, with the schema of its argument
 * (checked at every door) and the type of its result. The renderer, the HTTP door, the IPC
 * door and the CLI all speak exactly this; `electron/core/handlers.ts` must implement every
 * entry (TypeScript checks completeness).
 *
 * To add an operation: an entry here, a handler in the domain's `app.ts`, a test that calls it.
 */
import { z } from 'zod';
import { zhCN } from 'zod/locales';
import type { LedgerRecord, RecordValues } from './domain/record';
import type { County } from './domain/reference';
import type { RegionData } from './regions/resolve';
import type { ImportBatchInfo, ImportCommitResult, ImportFileResult, ImportPreview } from './domain/import';
import type { PreviewChecks } from './domain/preview-checks';
import type { ListItem, OfficeSettings } from './domain/lists';
import type { MonthlyReport } from './domain/report';
import type { CheckIssue, CheckProgress, CheckReport, CheckSummary, CheckWaiver, PeriodInfo } from './domain/checks';
import { ATTACHMENT_ROLES, ATTACHMENT_TARGETS, CERTIFICATE_KINDS } from './domain/attachments';
import type { AttachmentLink, Certificate } from './domain/attachments';
import { MAX_AMOUNT_FEN } from './money';
import { officeSettingsSchema } from './settings';

// Argument errors reach people as 参数不正确（…）: zod's own wording in Chinese too, wherever a
// schema below has no message of its own ("数值过大：期望 array <=500 项", not "Too big").
z.config(zhCN());

// ---------- shared argument pieces ----------

const recordField = z.enum([
  'date', 'purchaserName', 'creditCode', 'purchaserType', 'productName', 'category', 'originCode', 'supplierName',
  'quantity', 'unit', 'unitPrice', 'amountFen', 'channel', 'invoiceNo', 'households', 'kind', 'personTimes',
  'orderNo', 'remark',
]);
const sortableField = z.union([recordField, z.literal('id'), z.literal('updatedAt')]);

const columnFilter = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    op: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']),
    value: z.string().max(500).optional(),
  }),
  z.object({
    type: z.literal('number'),
    op: z.enum(['equals', 'notEqual', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual', 'inRange', 'blank', 'notBlank']),
    value: z.number().optional(),
    valueTo: z.number().optional(),
  }),
  z.object({
    type: z.literal('date'),
    op: z.enum(['equals', 'notEqual', 'greaterThan', 'lessThan', 'inRange', 'blank', 'notBlank']),
    value: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    valueTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  }),
  z.object({ type: z.literal('set'), values: z.array(z.string().max(100)).max(500) }),
]);
export type ColumnFilter = z.infer<typeof columnFilter>;

const recordQuery = z.object({
  filters: z.partialRecord(recordField, columnFilter).default({}),
  /** 'YYYY-MM' */
  period: z.string().regex(/^\d{4}-\d{2}$/).optional(),
});
export type RecordQuery = z.infer<typeof recordQuery>;

const sortSpec = z.array(z.object({ field: sortableField, dir: z.enum(['asc', 'desc']) })).max(5).default([]);
export type SortSpec = z.infer<typeof sortSpec>;

const scalar = z.union([z.string().max(2000), z.number(), z.null()]);
/** Typed values (already parsed by the shared field parsers); the core validates them again. */
const recordValues = z.partialRecord(recordField, scalar);

const recordOp = z.discriminatedUnion('type', [
  /** `id` is given only when undo restores a deleted record under its old id. */
  z.object({ type: z.literal('insert'), id: z.number().int().positive().optional(), values: recordValues }),
  /**
   * `seen`: the record's updatedAt as the clerk's screen showed it. When another person (or
   * program) has saved the record since, the change is refused rather than written over theirs
   * (records/stale.ts) — two staff on one shared ledger never silently overwrite each other.
   */
  z.object({ type: z.literal('update'), id: z.number().int().positive(), values: recordValues, seen: z.string().max(40).optional() }),
  z.object({ type: z.literal('delete'), id: z.number().int().positive(), seen: z.string().max(40).optional() }),
]);
export type RecordOp = z.infer<typeof recordOp>;

const bytes = z.instanceof(Uint8Array, { message: '文件内容应为字节' });
const fileName = z.string().trim().min(1, '缺少文件名').max(260);
const mappingEntry = z.object({
  column: z.number().int().min(0).max(1000),
  field: recordField.nullable(),
  unit: z.enum(['元', '万元']).optional(),
});

/** Names a long operation so the window can follow it with jobs/progress and stop it with jobs/cancel. */
const jobId = z.string().uuid().optional();

const listKind = z.enum(['purchasers', 'suppliers', 'products', 'pairedRegions']);
export type ListKindArg = z.infer<typeof listKind>;
const ledgerPath = z.string().min(1).max(1000);
/** A server ledger's address with a password: keep it in the user's pgpass file once it opened (ledger/pgpass.ts). */
const rememberPassword = z.boolean().optional();
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应写作 YYYY-MM');

const attachmentTarget = z.object({ entity: z.enum(ATTACHMENT_TARGETS), id: z.number().int().positive() });
const attachmentRole = z.enum(ATTACHMENT_ROLES);
/** Display only (never a path), so long names are accepted and shortened rather than refused. */
const attachmentName = z.string().trim().min(1, '缺少文件名').max(1000);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应写作 YYYY-MM-DD');

// ---------- results ----------

export interface LedgerStatus {
  open: boolean;
  path: string | null;
  officeName: string | null;
  districtName: string | null;
  schemaVersion: number | null;
  recordCount: number | null;
  /** where new ledgers go by default, and where the browser door looks for them */
  dataDir: string;
  /** a warning to show once (e.g. a backup was taken before a migration) */
  notice: string | null;
  /** the ledger no longer holds the audit head this PC saw last (shown until restored or accepted) */
  chainWarning?: ChainWarning | null;
}

/**
 * The office PC as the audit chain's witness (electron/core/ledger/witness.ts): the ledger opened
 * is shorter than when this PC last saw it (an older copy put back, a lost WAL), or its history differs.
 */
export interface ChainWarning {
  kind: 'shorter' | 'rewritten';
  /** saved changes (writes) missing, for 'shorter' */
  missingChanges: number | null;
  message: string;
  /** the newest backup that still holds the remembered head */
  backup: { file: string; at: string; records: number | null } | null;
}

export interface RecordChange {
  id: number;
  before: LedgerRecord | null;
  after: LedgerRecord | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  label: string | null;
  entity: string;
  entityId: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** a bulk insert (import, demo) keeps the row's digest; `after` is then the matching row, or null if none matches */
  afterSha256?: string | null;
}

/** The history of one number before its current owner: a record deleted before schema 9 handed its number out again. */
export interface EarlierOwner {
  /** the deleted row in a few words (a record: date, purchaser, product, amount) */
  summary: string;
  deletedAt: string;
  /** ask audit/history with this `beforeSeq` for its entries */
  beforeSeq: number;
}

/** What a deleted row left on a reused number, ended by ledger/repairReusedIds (or that would be, in a dry run). */
export interface ReusedIdRepair {
  entity: string;
  entityId: number;
  /** the deleted row in a few words */
  deleted: string;
  links: { linkId: number; name: string; role: string }[];
  waivers: { waiverId: number; code: string; reason: string }[];
}

export interface VerifyProblem {
  code: string;
  message: string;
  entity?: string;
  entityId?: number;
}

export interface JobProgress {
  /** what is happening, in Chinese: '正在读取文件', '正在写入台账' */
  phase: string;
  done: number;
  total: number | null;
}

export interface BackupInfo {
  file: string;
  name: string;
  /** when it was taken (ISO) */
  at: string;
  sizeBytes: number;
  /** records in the copy; null when it cannot be read */
  records: number | null;
  kind: 'automatic' | 'manual' | 'beforeRestore';
}

export interface Totals {
  count: number;
  amountFen: number;
}

export interface StatsSummary {
  records: number;
  totalFen: number;
  byMonth: Record<string, { records: number; totalFen: number }>;
}

export interface ReferenceData {
  counties: County[];
  /** the compact region table the county resolver is built from */
  regions: RegionData;
  purchaserTypes: readonly string[];
  categories: readonly string[];
  channels: readonly string[];
  kinds: readonly string[];
  supplierKinds: readonly string[];
}

// ---------- the operations ----------

/** `op<Result>()(argsSchema)`: the schema gives the argument type, the generic the result type. */
function op<R>() {
  return <A extends z.ZodType>(args: A) => ({ args, result: undefined as unknown as R });
}
const none = z.object({});

export const api = {
  'ledger/status': op<LedgerStatus>()(none),
  /** While a call waits for another process's long write: what to tell the user ("正在等待另一项导入完成…"); answered at once. */
  'ledger/waiting': op<{ message: string | null }>()(none),
  'ledger/create': op<LedgerStatus>()(
    z.object({
      path: ledgerPath,
      officeName: z.string().trim().min(1, '请填写单位名称').max(100),
      districtName: z.string().trim().max(50).default(''),
      districtCode: z.string().regex(/^(\d{6})?$/, '区县代码应为 6 位数字').default(''),
      rememberPassword,
    }),
  ),
  'ledger/open': op<LedgerStatus>()(z.object({ path: ledgerPath, rememberPassword })),
  'ledger/openDemo': op<LedgerStatus>()(z.object({ rows: z.number().int().min(1).max(200_000).optional() })),
  'ledger/close': op<LedgerStatus>()(none),
  /** Keep the open ledger as it is despite its chain warning: its current audit head is remembered from now on. */
  'ledger/acceptChain': op<LedgerStatus>()(none),
  /** Ledgers opened lately, newest first (files that no longer exist are left out). */
  'ledger/recent': op<{ files: string[] }>()(none),
  /** A consistent, verified copy of the open ledger (online backup, never a file copy; a server ledger's is copied to the file). */
  'ledger/backup': op<{ file: string }>()(z.object({ target: ledgerPath, jobId })),
  /**
   * A PostgreSQL ledger: lets an existing database user (a staff member's) read and write it
   * without owning it — never UPDATE/DELETE/TRUNCATE on the audit log (db/pg/app-role.ts).
   */
  'ledger/grantStaff': op<{ role: string }>()(z.object({ role: z.string().min(1).max(63).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, '数据库用户名只能含字母、数字和下划线') })),
  /**
   * The open ledger copied whole to a file or an empty PostgreSQL database (`target`: a path, a
   * name in the data folder, or a postgres:// address), audit log and documents and all,
   * verified there (backups/copy-ledger.ts); a job (progress, 取消 leaves nothing behind).
   */
  'ledger/copyTo': op<{ target: string; records: number; auditEntries: number }>()(z.object({ target: ledgerPath, jobId })),
  /** The open ledger's backups, newest first. */
  'backups/list': op<{ backups: BackupInfo[] }>()(none),
  /** Take a backup now (online backup, integrity-checked before it is kept). */
  'backups/create': op<{ backup: BackupInfo }>()(none),
  /** Put a backup in place of the open ledger; the current state is backed up first. */
  'backups/restore': op<LedgerStatus>()(z.object({ file: ledgerPath })),
  /** A ledger that will not open (LEDGER_DAMAGED): keep it aside, restore the backup, open it. */
  'backups/restoreDamaged': op<LedgerStatus>()(z.object({ ledgerPath, file: ledgerPath })),
  'ledger/files': op<{ files: { path: string; name: string; sizeBytes: number; modifiedAt: string }[] }>()(none),

  'records/list': op<{ rows: LedgerRecord[]; lastRow: number | null }>()(
    recordQuery
      .extend({ startRow: z.number().int().min(0), endRow: z.number().int().min(0), sort: sortSpec })
      .refine((a) => a.endRow >= a.startRow && a.endRow - a.startRow <= 5000, '一次最多读取 5000 行'),
  ),
  'records/totals': op<Totals>()(recordQuery),
  /** Which of `ids` the view (filters, period) shows: 删除选中行 asks before deleting selected rows a filter hides. */
  'records/inView': op<{ ids: number[] }>()(recordQuery.extend({ ids: z.array(z.number().int().positive()).max(20_000) })),
  'records/get': op<LedgerRecord | null>()(z.object({ id: z.number().int().positive() })),
  'records/apply': op<{ changes: RecordChange[] }>()(
    z.object({ label: z.string().max(100).default('编辑'), ops: z.array(recordOp).min(1).max(20_000) }),
  ),
  /** Where a record is in the grid's current order (null: the filters hide it, or it is gone). */
  'records/indexOf': op<{ index: number } | null>()(recordQuery.extend({ id: z.number().int().positive(), sort: sortSpec })),
  /** The next record (in the grid's current order) with a cell containing `text`. */
  'records/find': op<{ index: number; id: number; field: string; matches: number } | null>()(
    recordQuery.extend({
      text: z.string().min(1).max(200),
      sort: sortSpec,
      fromIndex: z.number().int().min(-1),
      backwards: z.boolean().optional(),
    }),
  ),

  /** Fill the open, empty ledger with realistic demo records. */
  'demo/generate': op<{ records: number }>()(
    z.object({ rows: z.number().int().min(1).max(5_000_000), seed: z.number().int().optional() }),
  ),

  /** Parse a unit's file (in a worker) and show it; nothing is written. Re-preview with `stageId`. */
  'imports/preview': op<ImportPreview>()(
    z.object({
      fileName,
      content: bytes.optional(),
      stageId: z.string().uuid().optional(),
      sheetName: z.string().max(100).optional(),
      headerRow: z.number().int().min(1).max(1000).optional(),
      /** the year for dates written without one, where the file states none (the preview asks once) */
      year: z.number().int().min(2000).max(2100).optional(),
      mapping: z.array(mappingEntry).max(300).optional(),
      jobId,
    }),
  ),
  /** Write a previewed file as one import batch; rows still in error are rejected, not guessed. */
  'imports/commit': op<ImportCommitResult>()(
    z.object({
      stageId: z.string().uuid(),
      /** which data sheet of the previewed file (each sheet is its own batch); default: the one shown */
      sheet: z.string().max(100).optional(),
      skipRows: z.array(z.number().int().positive()).max(200_000).default([]),
      edits: z.record(z.string().regex(/^\d+$/), recordValues).default({}),
      jobId,
    }),
  ),
  /** 检查 on a previewed file's rows as the clerk has corrected them and left them out (nothing is written). */
  'imports/check': op<PreviewChecks>()(
    z.object({
      stageId: z.string().uuid(),
      skipRows: z.array(z.number().int().positive()).max(200_000).default([]),
      edits: z.record(z.string().regex(/^\d+$/), recordValues).default({}),
    }),
  ),
  /** Parse and commit in one go (cli import, several files at once). */
  'imports/file': op<ImportFileResult>()(
    z.object({
      fileName,
      content: bytes,
      /** only these sheets (default: every data sheet) */
      sheets: z.array(z.string().min(1).max(100)).max(300).optional(),
      /** the year for dates written without one, where the file states none */
      year: z.number().int().min(2000).max(2100).optional(),
      /** also import rows that repeat ledger records (default: leave them out and list them) */
      keepDuplicates: z.boolean().optional(),
      jobId,
    }),
  ),
  /** The rows of a previewed file that have errors, as a workbook to send back to the unit. */
  'imports/errorWorkbook': op<{ fileName: string; content: Uint8Array } | null>()(z.object({ stageId: z.string().uuid() })),
  'imports/batches': op<{ batches: ImportBatchInfo[] }>()(none),
  /** Remove every record of an import batch (audited), e.g. a file imported into the wrong ledger. */
  'imports/rollback': op<{ records: number }>()(z.object({ batchId: z.number().int().positive() })),

  /** The ledger (or what a filter or a month selects) as a formatted workbook in the import layout. */
  'exports/ledger': op<{ fileName: string; content: Uint8Array; records: number }>()(
    recordQuery.extend({ sort: sortSpec, jobId }),
  ),
  /** The blank workbook units fill in: the import layout, field notes and drop-down lists. */
  'exports/template': op<{ fileName: string; content: Uint8Array }>()(none),

  /** How far a long operation has got (null once it has finished); answered at once, never queued. */
  'jobs/progress': op<JobProgress | null>()(z.object({ jobId: z.string().uuid() })),
  /** Ask a long operation to stop at its next checkpoint; it then fails with CANCELLED and writes nothing. */
  'jobs/cancel': op<{ cancelled: boolean }>()(z.object({ jobId: z.string().uuid() })),

  'lists/list': op<{ items: ListItem[] }>()(
    z.object({ kind: listKind, search: z.string().max(100).optional(), limit: z.number().int().min(1).max(10_000).optional() }),
  ),
  /** `seen`: the entry as the screen showed it; the save is refused (STALE_RECORD) if someone changed it since. */
  'lists/save': op<{ item: ListItem }>()(z.object({ kind: listKind, item: z.record(z.string(), z.unknown()), seen: z.record(z.string(), z.unknown()).optional() })),
  'lists/delete': op<{ deleted: boolean }>()(z.object({ kind: listKind, id: z.number().int().positive() })),

  'settings/get': op<OfficeSettings>()(none),
  'settings/save': op<OfficeSettings>()(z.object({ settings: officeSettingsSchema.partial() })),

  /**
   * With `entity` and `entityId`: the entries of the row that holds the number now (or held it
   * before `beforeSeq`), from its insert on; `earlier` names the deleted row that had the number
   * before (schema 8 reused numbers), whose entries `beforeSeq: earlier.beforeSeq` returns.
   */
  'audit/history': op<{ entries: AuditEntry[]; earlier: EarlierOwner | null }>()(
    z.object({
      entity: z.string().max(40).optional(),
      entityId: z.number().int().positive().optional(),
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
  ),

  /** The monthly report (月报) of one month: totals, year to date against the target, breakdowns. */
  'reports/monthly': op<MonthlyReport>()(z.object({ period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应写作 YYYY-MM') })),

  /**
   * Build the month's submission package and lock the month. Runs every check first; refused
   * while unwaived errors remain unless `forceReason` is given (audited, carried in the package).
   */
  'package/build': op<{ fileName: string; content: Uint8Array; sha256: string; records: number; totalFen: number; version: number; file?: string }>()(
    z.object({
      period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份应写作 YYYY-MM'),
      forceReason: z.string().trim().min(2, '强制报送须写明原因（至少 2 个字）').max(500).optional(),
      /** where to save the package (an absolute path): written and flushed there before the month is locked */
      out: z.string().min(1).refine((p) => /^([a-zA-Z]:[\\/]|[\\/])/.test(p), '保存位置须为完整路径').optional(),
      /** the window's choice: save it in a 报送包 folder beside the ledger (then lock), and return its path */
      saveBesideLedger: z.boolean().optional(),
      jobId,
    }),
  ),
  /**
   * Check a submission package against its manifest (every file present, unchanged, nothing
   * added) and recompute its figures from its own contents. `figures` are the recomputed ones
   * (show these, never the manifest's); `forced` is set when the package carries unwaived errors.
   * With `previous` (an earlier package of the same ledger), that its audit chain extends that one's.
   */
  'package/verify': op<{
    ok: boolean;
    problems: VerifyProblem[];
    manifest: { office: string; period: string; version: number; records: number; totalFen: number; createdAt: string; files: number } | null;
    figures: { office: string; period: string; version: number; records: number; totalFen: number; byMonth: Record<string, { records: number; totalFen: number }>; documents: number } | null;
    forced: { reason: string; unwaivedErrors: number } | null;
    /** a package made before 2026-12-02: what its 汇总 sheet lacks, so was not held against the manifest */
    olderFormat: { unchecked: string[] } | null;
  }>()(z.object({ content: bytes, previous: bytes.optional() })),

  'reference/get': op<ReferenceData>()(none),
  'stats/summary': op<StatsSummary>()(none),
  /** The open ledger: integrity, audit chain, rows, attachments; with `against`, that it still holds what each package vouched for. */
  'verify/ledger': op<{ ok: boolean; problems: VerifyProblem[] }>()(
    z.object({ against: z.array(z.object({ name: z.string().max(1000), content: bytes })).max(200).optional() }),
  ),

  /**
   * Numbers reused before migration 9 (verify's ID_REUSED): ends, in one audited change, the
   * attachment links and waivers the deleted row left on its number (nothing written since the
   * reusing insert); the stored files stay for cleanup. `dryRun` only says what it would end.
   */
  'ledger/repairReusedIds': op<{ repaired: ReusedIdRepair[] }>()(z.object({ dryRun: z.boolean().default(false) })),

  /** Every check of domain.md over the whole ledger or one month, at once (CLI, tests). */
  'checks/run': op<CheckReport>()(z.object({ period: month.optional() })),
  /** The same run in steps, each about `budgetMs` long, so the window stays responsive and can cancel. */
  'checks/start': op<{ runId: string; progress: CheckProgress }>()(z.object({ period: month.optional() })),
  'checks/continue': op<{ runId: string; done: boolean; progress: CheckProgress; summary: CheckSummary | null }>()(
    z.object({ runId: z.string().uuid(), budgetMs: z.number().int().min(10).max(5000).default(200) }),
  ),
  'checks/cancel': op<{ cancelled: boolean }>()(z.object({ runId: z.string().uuid() })),
  /** A page of the last finished run's issues (of one code, or all). */
  'checks/issues': op<{ summary: CheckSummary; issues: CheckIssue[]; total: number }>()(
    z.object({
      code: z.string().max(40).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(200),
    }),
  ),
  /** Accept an issue with a reason (audited); it then no longer blocks a submission. */
  'checks/waive': op<{ waiver: CheckWaiver }>()(
    z.object({ code: z.string().max(40), subject: z.string().min(1).max(300), reason: z.string().trim().min(2, '请填写豁免原因（至少 2 个字）').max(500) }),
  ),
  'checks/unwaive': op<{ removed: boolean }>()(z.object({ id: z.number().int().positive() })),
  'checks/waivers': op<{ waivers: CheckWaiver[] }>()(none),
  /** What the grid needs to mark cells with the shared row rules (paired regions, thresholds, supplier kinds). */
  'checks/rowContext': op<{ today: string; paired: { code: string; fromYear: number | null; toYear: number | null }[]; largeAmountFen: number; supplierKinds: [string, string][] }>()(none),

  /** Months with records or a submission, with their status; or only `month` (one indexed range, not every record). */
  'periods/list': op<{ periods: PeriodInfo[] }>()(z.object({ month: month.optional() })),
  /** The latest month up to `upTo` that holds records (月报's default month), or null: one index seek. */
  'periods/latest': op<{ month: string | null }>()(z.object({ upTo: month })),
  /** Mark a month submitted (the package step calls this) and lock it. */
  'periods/submit': op<PeriodInfo>()(z.object({ month, packageSha256: z.string().regex(/^[0-9a-f]{64}$/).optional() })),
  /** Unlock a submitted month; the reason is kept with it and in the audit log. */
  'periods/reopen': op<PeriodInfo>()(z.object({ month, reason: z.string().trim().min(2, '请填写重新打开的原因（至少 2 个字）').max(500) })),

  /** Budget units' planned agricultural procurement per year (RESERVED_SHARE_LOW's denominator). */
  'plans/list': op<{ plans: { id: number; purchaserId: number; purchaserName: string; year: number; plannedFen: number }[] }>()(none),
  'plans/save': op<{ id: number }>()(
    z.object({ purchaserId: z.number().int().positive(), year: z.number().int().min(2015).max(2100), plannedFen: z.number().int().min(0).max(MAX_AMOUNT_FEN) }),
  ),

  /** Store a file (once, by content hash, beside the ledger) and link it to a record, purchaser, supplier or certificate. */
  'attachments/add': op<{ link: AttachmentLink; reused: boolean }>()(
    z.object({ target: attachmentTarget, role: attachmentRole.default('其他'), fileName: attachmentName, content: bytes }),
  ),
  /** Several files in one go (a drop of many files): stored concurrently, linked in one audited transaction. */
  'attachments/addMany': op<{ links: AttachmentLink[] }>()(
    z.object({
      items: z.array(z.object({ target: attachmentTarget, role: attachmentRole.default('其他'), fileName: attachmentName, content: bytes })).min(1).max(500),
    }),
  ),
  'attachments/list': op<{ links: AttachmentLink[] }>()(z.object({ target: attachmentTarget })),
  /** A stored file's bytes and type (sniffed from the bytes when it was added), for preview or saving. */
  'attachments/content': op<{ name: string; mime: string; content: Uint8Array }>()(z.object({ attachmentId: z.number().int().positive() })),
  /** A checked copy of a stored file in the app's viewer folder, for the system's viewer (the Electron door opens it). */
  'attachments/viewerCopy': op<{ path: string }>()(z.object({ attachmentId: z.number().int().positive() })),
  /** Remove one link; the stored file stays until attachments/cleanup. */
  'attachments/unlink': op<{ unlinked: boolean }>()(z.object({ linkId: z.number().int().positive() })),
  /** What attachments/cleanup would remove now, and what the store holds (for the user to confirm). */
  'attachments/cleanupPreview': op<{ stored: { files: number; bytes: number }; unused: { files: number; bytes: number }; keptRecent: number }>()(none),
  /** Remove stored files that no link references (user-run); files added in the last minutes are kept. */
  'attachments/cleanup': op<{ files: number; bytesFreed: number; keptRecent: number }>()(none),
  /** Many invoice files at once: each is linked (role 发票) to the records whose invoice number appears in its name. */
  'attachments/matchByInvoice': op<{
    /** `index`: the file's place in `files` */
    matched: { index: number; fileName: string; recordIds: number[]; attachmentId: number }[];
    unmatched: string[];
  }>()(
    z
      .object({
        /** content may be left out of a dry run: matching reads names only */
        files: z.array(z.object({ fileName: attachmentName, content: bytes.optional() })).min(1).max(500),
        /** only report what would match; store and link nothing */
        dryRun: z.boolean().default(false),
      })
      .refine((a) => a.dryRun || a.files.every((f) => f.content), { message: '添加发票附件时每个文件都要带上内容', path: ['files'] }),
  ),
  /** Records without an invoice (发票) attachment, in date order, a page at a time. */
  'attachments/missingInvoices': op<{ rows: LedgerRecord[]; total: number }>()(
    z
      .object({ period: z.string().regex(/^\d{4}-\d{2}$/).optional(), startRow: z.number().int().min(0).default(0), endRow: z.number().int().min(0).default(100) })
      .refine((a) => a.endRow >= a.startRow && a.endRow - a.startRow <= 5000, '一次最多读取 5000 行'),
  ),

  'certificates/list': op<{ certificates: Certificate[] }>()(
    z.object({ search: z.string().max(100).optional(), limit: z.number().int().min(1).max(10_000).optional() }),
  ),
  'certificates/save': op<{ certificate: Certificate }>()(
    z.object({
      certificate: z.object({
        id: z.number().int().positive().optional(),
        kind: z.enum(CERTIFICATE_KINDS),
        number: z.string().trim().max(100).nullable().default(null),
        productName: z.string().trim().min(1, '请填写产品名称').max(100),
        supplierName: z.string().trim().max(100).nullable().default(null),
        issuer: z.string().trim().max(100).nullable().default(null),
        validFrom: isoDate.nullable().default(null),
        validTo: isoDate.nullable().default(null),
      }),
      /** the certificate's updatedAt as the screen showed it: refused (STALE_RECORD) if someone saved it since */
      seen: z.string().optional(),
    }),
  ),
  /** Delete a certificate and its attachment links (the stored files stay until cleanup). */
  'certificates/delete': op<{ deleted: boolean }>()(z.object({ id: z.number().int().positive() })),
  /** A catalogue workbook (证书编号, 产品名称, 企业名称, 发证机构, 有效期…) into the registry; known numbers are updated. */
  'certificates/importCatalogue': op<{ added: number; updated: number; skipped: { row: number; reason: string }[] }>()(
    z.object({ fileName, content: bytes, kind: z.enum(CERTIFICATE_KINDS).default('帮扶产品认定') }),
  ),
  /** Certificates whose validity ends within `days` days of `date` (default: today, 60 days). */
  'certificates/expiring': op<{ certificates: Certificate[] }>()(
    z.object({ date: isoDate.optional(), days: z.number().int().min(0).max(3660).default(60) }),
  ),
  /** Is the product certified on that date: the certificates valid then, and the others on file for it. */
  'certificates/validOn': op<{ certified: boolean; valid: Certificate[]; other: Certificate[] }>()(
    z.object({ productName: z.string().trim().min(1).max(100), date: isoDate }),
  ),
} as const;

export type Api = typeof api;
export type OpName = keyof Api;
export type ArgsOf<K extends OpName> = z.input<Api[K]['args']>;
export type ParsedArgsOf<K extends OpName> = z.output<Api[K]['args']>;
export type ResultOf<K extends OpName> = Api[K]['result'];

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

export type { LedgerRecord, RecordValues };
