/**
 * `verify package.zip`, the figures: everything the package and verify's answer vouch for is
 * recomputed from the package's own contents and held against the manifest (issue 15). The
 * 明细 sheet gives the record count, the total and the months; the 汇总 sheet must agree with it
 * (its totals and breakdowns) and with the manifest (office, period, version, audit head);
 * the 检查结果 sheet gives the unwaived errors, which a forced package must declare; the
 * document index must name files that are in the package under their own hash.
 *
 * A package is not signed: someone who rewrites every part consistently is caught only by the
 * audit chain's witnesses (the audit entries and `--previous`, in the package's other checks).
 * What this file catches is every figure that disagrees with what it is computed from.
 */
import type { VerifyProblem } from '../../../shared/api';
import { parseAmountToFen } from '../../../shared/money';
import { parseDate } from '../../../shared/dates';
import { RECORD_FIELDS } from '../../../shared/record-fields';
import type { RecordField } from '../../../shared/domain/record';
import { restoreNeutralizedText } from '../imports/formula-text';
import { IMPORT_LIMITS, type ImportLimits } from '../imports/limits';
import { readWorkbook } from '../imports/read-workbook';
import type { Cell, SheetData } from '../imports/types';
import { formatFen } from '../../../shared/money';
import { OLDER_PACKAGE_FORMAT, sha256Hex, type Manifest } from './manifest';
import { BREAKDOWN_TITLES, REGION_HEADER, SUMMARY_LABELS as L } from './workbook';

export interface PackageFigures {
  office: string;
  period: string;
  version: number;
  /** recomputed from the 明细 sheet */
  records: number;
  totalFen: number;
  byMonth: Record<string, { records: number; totalFen: number }>;
  documents: number;
}

export interface FiguresResult {
  problems: VerifyProblem[];
  /** null when the report workbook could not be read at all */
  figures: PackageFigures | null;
  /** from the 检查结果 sheet and the manifest: a package made despite unwaived errors */
  forced: { reason: string; unwaivedErrors: number } | null;
  /** a package of the older format (manifest.ts) whose 汇总 sheet lacks rows: what was not held against the manifest */
  olderFormat: { unchecked: string[] } | null;
}

// A month of a million-record ledger is ~90,000 rows; the workbook is the app's own, not a unit's.
const PACKAGE_WORKBOOK_LIMITS: ImportLimits = {
  ...IMPORT_LIMITS,
  maxInputBytes: 2 * 1024 * 1024 * 1024,
  maxTotalUncompressedBytes: 4 * 1024 * 1024 * 1024,
  maxRows: 2_000_000,
};

const UNFILLED = '（未填）';

type Tally = { records: number; amountFen: number };
const tally = (): Tally => ({ records: 0, amountFen: 0 });
function add(map: Map<string, Tally>, key: string, fen: number) {
  const t = map.get(key) ?? tally();
  t.records++;
  t.amountFen += fen;
  map.set(key, t);
}

function text(cell: Cell | null | undefined): string {
  if (!cell || cell.v === null || cell.v === undefined) return '';
  return restoreNeutralizedText(String(cell.v).trim());
}

function num(cell: Cell | null | undefined): number | null {
  if (!cell || cell.v === null || cell.v === '') return null;
  const n = typeof cell.v === 'number' ? cell.v : Number(String(cell.v).replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** 元 in a cell → fen, or null when the cell holds no amount. */
function fenOf(cell: Cell | null | undefined): number | null {
  const n = num(cell);
  if (n === null) return null;
  const r = parseAmountToFen(n);
  return r.ok ? r.value : null;
}

const yuanText = (fen: number | null) => (fen === null ? '（空）' : `${formatFen(fen)} 元`);

interface Detail {
  records: number;
  totalFen: number;
  byMonth: Map<string, Tally>;
  households: number;
  serviceFen: number;
  personTimes: number;
  breakdowns: Record<keyof typeof BREAKDOWN_TITLES, Map<string, Tally>>;
  byCounty: Map<string, Tally>;
}

/** The 明细 sheet's figures, computed the way reports/monthly.ts computes them in SQL. */
function readDetail(sheet: SheetData, period: string, problems: VerifyProblem[]): Detail {
  const header = (sheet.rows[0] ?? []).map((c) => text(c));
  const col = new Map<RecordField, number>();
  for (const f of RECORD_FIELDS) {
    const i = header.indexOf(f.label);
    if (i >= 0) col.set(f.key, i);
  }
  const d: Detail = {
    records: 0,
    totalFen: 0,
    byMonth: new Map(),
    households: 0,
    serviceFen: 0,
    personTimes: 0,
    breakdowns: { purchaserType: new Map(), channel: new Map(), category: new Map() },
    byCounty: new Map(),
  };
  const missing = (['date', 'amountFen'] as const).filter((k) => !col.has(k));
  if (missing.length) {
    problems.push({ code: 'REPORT_INCOMPLETE', message: `明细表缺少“${missing.map((k) => RECORD_FIELDS.find((f) => f.key === k)!.label).join('”“')}”列，无法核算` });
    return d;
  }
  const at = (row: (Cell | null | undefined)[], key: RecordField) => (col.has(key) ? row[col.get(key)!] : undefined);
  let outside = 0;
  let unreadable = 0;
  for (let r = 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    if (!row.some((c) => c && c.v !== null && c.v !== '')) continue;
    d.records++;
    const dateCell = at(row, 'date');
    const date = dateCell && dateCell.v !== null ? parseDate(dateCell.v as string | number) : null;
    const amountCell = at(row, 'amountFen');
    const fen = fenOf(amountCell);
    if (amountCell && amountCell.v !== null && fen === null) {
      if (unreadable++ === 0) problems.push({ code: 'DETAIL_UNREADABLE', message: `明细第 ${r + 1} 行的金额“${amountCell.w}”无法读取` });
    }
    const amount = fen ?? 0; // an unreadable amount is stored empty: SQL's sum skips it too
    d.totalFen += amount;
    const month = date?.ok ? date.value.slice(0, 7) : '（日期无效）';
    if (month !== period && outside++ === 0) {
      problems.push({ code: 'DETAIL_OUTSIDE_PERIOD', message: `明细第 ${r + 1} 行的日期（${dateCell?.w ?? '空'}）不在报送月份 ${period} 内` });
    }
    add(d.byMonth, month, amount);
    d.households += num(at(row, 'households')) ?? 0;
    if (text(at(row, 'kind')) === '服务') {
      d.serviceFen += amount;
      d.personTimes += num(at(row, 'personTimes')) ?? 0;
    }
    for (const key of Object.keys(d.breakdowns) as (keyof Detail['breakdowns'])[]) add(d.breakdowns[key], text(at(row, key)) || UNFILLED, amount);
    add(d.byCounty, text(at(row, 'originCode')), amount);
  }
  if (outside > 1) problems.push({ code: 'DETAIL_OUTSIDE_PERIOD', message: `明细中共有 ${outside} 行的日期不在 ${period} 内` });
  if (unreadable > 1) problems.push({ code: 'DETAIL_UNREADABLE', message: `明细中共有 ${unreadable} 行的金额无法读取` });
  return d;
}

interface Summary {
  title: string;
  values: Map<string, Cell | null | undefined>;
  breakdowns: Partial<Record<keyof typeof BREAKDOWN_TITLES, Map<string, Tally>>>;
  regions: Map<string, Tally> | null;
}

/** The 汇总 sheet: label → value rows, the region table and the three breakdown tables. */
function readSummary(sheet: SheetData): Summary {
  const s: Summary = { title: text(sheet.rows[0]?.[0]), values: new Map(), breakdowns: {}, regions: null };
  const titles = new Map(Object.entries(BREAKDOWN_TITLES).map(([k, v]) => [v as string, k as keyof typeof BREAKDOWN_TITLES]));
  let table: Map<string, Tally> | null = null;
  let regionTable = false;
  for (const row of sheet.rows.slice(1)) {
    const first = text(row?.[0]);
    if (!row || row.every((c) => !c || c.v === null || c.v === '')) {
      table = null;
      regionTable = false;
      continue;
    }
    if (first === REGION_HEADER[0] && text(row[1]) === REGION_HEADER[1]) {
      table = s.regions = new Map();
      regionTable = true;
      continue;
    }
    if (titles.has(first) && text(row[1]) === '笔数') {
      table = s.breakdowns[titles.get(first)!] = new Map();
      regionTable = false;
      continue;
    }
    if (table && regionTable) {
      // The detail writes a county as its full label without spaces (or the raw code when unknown).
      const [province, prefecture, county] = [text(row[0]), text(row[1]), text(row[2])];
      const key = province === '（产地未知）' ? (county === UNFILLED ? '' : county) : `${province}${prefecture}${county}`;
      const t = table.get(key) ?? tally();
      t.records += num(row[4]) ?? 0;
      t.amountFen += fenOf(row[5]) ?? 0;
      table.set(key, t);
    } else if (table) {
      table.set(first, { records: num(row[1]) ?? 0, amountFen: fenOf(row[2]) ?? 0 });
    } else if (!s.values.has(first)) {
      s.values.set(first, row[1]);
    }
  }
  return s;
}

function compareTallies(what: string, claimed: Map<string, Tally> | null | undefined, actual: Map<string, Tally>, problems: VerifyProblem[]) {
  if (!claimed) {
    problems.push({ code: 'REPORT_INCOMPLETE', message: `汇总表缺少“${what}”分类表，无法核对` });
    return;
  }
  const names = new Set([...claimed.keys(), ...actual.keys()]);
  for (const name of names) {
    const c = claimed.get(name) ?? tally();
    const a = actual.get(name) ?? tally();
    if (c.records !== a.records || c.amountFen !== a.amountFen) {
      problems.push({
        code: 'SUMMARY_MISMATCH',
        message: `汇总表“${what}”中“${name || UNFILLED}”为 ${c.records} 笔、${yuanText(c.amountFen)}，明细实为 ${a.records} 笔、${yuanText(a.amountFen)}`,
      });
      return; // one named disagreement per table is enough to refuse it
    }
  }
}

/** The 检查结果 sheet's errors that are not waived, and waived rows that give no reason. */
function readChecks(sheet: SheetData, problems: VerifyProblem[]): number {
  const header = (sheet.rows[0] ?? []).map((c) => text(c));
  const [level, waived, reason] = ['级别', '是否豁免', '豁免原因'].map((h) => header.indexOf(h));
  if (level < 0 || waived < 0) {
    problems.push({ code: 'REPORT_INCOMPLETE', message: '检查结果表缺少“级别”或“是否豁免”列，无法核对未豁免的错误' });
    return 0;
  }
  let open = 0;
  let bare = 0;
  for (const row of sheet.rows.slice(1)) {
    if (!row || text(row[level]) !== '错误') continue;
    if (text(row[waived]) !== '已豁免') open++;
    else if (reason >= 0 && text(row[reason]) === '') bare++;
  }
  if (bare > 0) problems.push({ code: 'WAIVER_INCOMPLETE', message: `检查结果中有 ${bare} 个错误标为“已豁免”却没有豁免原因` });
  return open;
}

/** documents/<sha256>.<ext>: each named by its own hash, each listed in the index, each index row's file present. */
function checkDocuments(files: Map<string, Uint8Array>, problems: VerifyProblem[]): number {
  const documents = [...files.keys()].filter((n) => n.startsWith('documents/'));
  for (const name of documents) {
    const named = /^documents\/([0-9a-f]{64})(\.[a-z0-9]+)?$/.exec(name)?.[1];
    const actual = sha256Hex(files.get(name)!);
    if (named !== actual) problems.push({ code: 'DOCUMENT_HASH_MISMATCH', message: `附件“${name}”的内容与其名称中的 SHA-256 不符（实为 ${actual.slice(0, 12)}…）` });
  }
  const indexBytes = files.get('document-index.xlsx');
  if (!indexBytes) {
    problems.push({ code: 'DOCUMENT_INDEX_MISSING', message: '报送包中没有附件索引（document-index.xlsx）' });
    return documents.length;
  }
  const sheet = readWorkbook(indexBytes, PACKAGE_WORKBOOK_LIMITS).sheets[0];
  const header = (sheet?.rows[0] ?? []).map((c) => text(c));
  const fileCol = header.indexOf('包内文件');
  if (!sheet || fileCol < 0) {
    problems.push({ code: 'DOCUMENT_INDEX_BROKEN', message: '附件索引缺少“包内文件”列' });
    return documents.length;
  }
  const indexed = new Set<string>();
  for (const row of sheet.rows.slice(1)) {
    const name = text(row?.[fileCol]);
    if (!name) continue;
    indexed.add(name);
    if (!files.has(name)) problems.push({ code: 'DOCUMENT_INDEX_BROKEN', message: `附件索引中的“${name}”不在报送包中` });
  }
  const unindexed = documents.filter((n) => !indexed.has(n));
  if (unindexed.length) problems.push({ code: 'DOCUMENT_UNINDEXED', message: `附件“${unindexed[0]}”${unindexed.length > 1 ? `等 ${unindexed.length} 个文件` : ''}不在附件索引中` });
  return documents.length;
}

export function verifyFigures(files: Map<string, Uint8Array>, manifest: Manifest): FiguresResult {
  const problems: VerifyProblem[] = [];
  const reportName = `report-${manifest.period}-v${manifest.version}.xlsx`;
  const bytes = files.get(reportName);
  if (!bytes) {
    const other = [...files.keys()].find((n) => /^report-.*\.xlsx$/.test(n));
    problems.push(
      other
        ? { code: 'PERIOD_MISMATCH', message: `清单写的是 ${manifest.period} 第 ${manifest.version} 版，包中的报表却是“${other}”` }
        : { code: 'REPORT_MISSING', message: `报送包中没有报表工作簿“${reportName}”，无法核算` },
    );
    return { problems, figures: null, forced: null, olderFormat: null };
  }
  let sheets: Map<string, SheetData>;
  try {
    sheets = new Map(readWorkbook(bytes, PACKAGE_WORKBOOK_LIMITS).sheets.map((s) => [s.name, s]));
  } catch (err) {
    problems.push({ code: 'REPORT_UNREADABLE', message: `报表工作簿“${reportName}”无法读取：${(err as Error).message}` });
    return { problems, figures: null, forced: null, olderFormat: null };
  }
  const [summarySheet, detailSheet, checksSheet] = ['汇总', '明细', '检查结果'].map((n) => sheets.get(n));
  if (!summarySheet || !detailSheet || !checksSheet) {
    const absent = ['汇总', '明细', '检查结果'].filter((n) => !sheets.has(n));
    problems.push({ code: 'REPORT_INCOMPLETE', message: `报表工作簿缺少工作表“${absent.join('”“')}”，无法核算` });
    return { problems, figures: null, forced: null, olderFormat: null };
  }

  // The manifest against the detail: what verify prints comes from here, never from the manifest.
  const detail = readDetail(detailSheet, manifest.period, problems);
  if (manifest.records !== detail.records) {
    problems.push({ code: 'RECORDS_MISMATCH', message: `清单写 ${manifest.records} 条记录，明细实有 ${detail.records} 条` });
  }
  if (manifest.totalFen !== detail.totalFen) {
    problems.push({ code: 'TOTAL_MISMATCH', message: `清单写合计 ${yuanText(manifest.totalFen)}，明细实为 ${yuanText(detail.totalFen)}` });
  }

  // The summary against the manifest (who, when, which version, which audit head) …
  const summary = readSummary(summarySheet);
  const value = (label: string) => summary.values.get(label);
  // An older package's 汇总 lacks these rows: named as not held against the manifest, never failed.
  const unchecked: string[] = [];
  const olderFormat = manifest.format === OLDER_PACKAGE_FORMAT;
  const lacks = (label: string, what: string): boolean => {
    if (!olderFormat || value(label) !== undefined) return false;
    unchecked.push(what);
    return true;
  };
  const office = text(value(L.office));
  const officeRow = !lacks(L.office, '报送单位');
  if ((officeRow && office !== manifest.office) || summary.title !== `${manifest.office}消费帮扶情况月报`) {
    problems.push({ code: 'OFFICE_MISMATCH', message: `清单的报送单位“${manifest.office}”与汇总表的“${office || summary.title}”不一致` });
  }
  if (officeRow && text(value(L.districtCode)) !== manifest.districtCode) {
    problems.push({ code: 'OFFICE_MISMATCH', message: `清单的行政区划代码“${manifest.districtCode}”与汇总表的“${text(value(L.districtCode))}”不一致` });
  }
  if (text(value(L.period)) !== manifest.period) {
    problems.push({ code: 'PERIOD_MISMATCH', message: `清单的月份 ${manifest.period} 与汇总表的 ${text(value(L.period)) || '（空）'} 不一致` });
  }
  if (!lacks(L.version, '版本') && num(value(L.version)) !== manifest.version) {
    problems.push({ code: 'VERSION_MISMATCH', message: `清单写第 ${manifest.version} 版，汇总表写第 ${text(value(L.version)) || '（空）'} 版` });
  }
  const head = manifest.auditHead;
  if (!head || !Number.isInteger(head.seq) || head.seq < 0 || !/^[0-9a-f]{64}$/.test(String(head.hash))) {
    problems.push({ code: 'AUDIT_HEAD_INVALID', message: '清单中的操作记录链末条（序号、哈希）格式不对' });
  } else if (!lacks(L.auditSeq, '操作记录链末条') && (num(value(L.auditSeq)) !== head.seq || text(value(L.auditHash)) !== head.hash)) {
    problems.push({
      code: 'AUDIT_HEAD_MISMATCH',
      message: `清单的操作记录链末条（第 ${head.seq} 条，${head.hash.slice(0, 12)}…）与汇总表（第 ${text(value(L.auditSeq)) || '?'} 条，${text(value(L.auditHash)).slice(0, 12) || '?'}…）不一致`,
    });
  }

  // … and against the detail (every figure it shows that the month's records determine).
  const figureChecks: [string, number | null, number][] = [
    [L.monthRecords, num(value(L.monthRecords)), detail.records],
    [L.monthFen, fenOf(value(L.monthFen)), detail.totalFen],
    [L.households, num(value(L.households)), detail.households],
    [L.personTimes, num(value(L.personTimes)), detail.personTimes],
    [L.serviceFen, fenOf(value(L.serviceFen)), detail.serviceFen],
  ];
  for (const [label, claimed, actual] of figureChecks) {
    if (claimed !== actual) {
      const money = label.includes('元');
      problems.push({ code: 'SUMMARY_MISMATCH', message: `汇总表“${label}”为 ${money ? yuanText(claimed) : (claimed ?? '（空）')}，明细实为 ${money ? yuanText(actual) : actual}` });
    }
  }
  const ytd = fenOf(value(L.yearToDateFen));
  if (ytd === null || ytd < detail.totalFen) {
    problems.push({ code: 'SUMMARY_MISMATCH', message: `汇总表“${L.yearToDateFen}”（${yuanText(ytd)}）少于本月明细合计 ${yuanText(detail.totalFen)}` });
  }
  for (const key of Object.keys(BREAKDOWN_TITLES) as (keyof typeof BREAKDOWN_TITLES)[]) compareTallies(BREAKDOWN_TITLES[key], summary.breakdowns[key], detail.breakdowns[key], problems);
  compareTallies('产地', summary.regions, detail.byCounty, problems);

  // A package made despite unwaived errors must say so, with the count the check sheet shows.
  const open = readChecks(checksSheet, problems);
  const reason = manifest.forcedReason?.trim() || '';
  const summaryReason = text(value(L.forcedReason));
  if (open > 0 && !reason) {
    problems.push({ code: 'FORCED_UNDECLARED', message: `检查结果中有 ${open} 个未豁免的错误，清单却没有写明强制报送的原因` });
  } else if (open > 0 && manifest.unwaivedErrors !== open) {
    problems.push({ code: 'FORCED_MISMATCH', message: `清单写有 ${manifest.unwaivedErrors ?? '（空）'} 个未豁免的错误，检查结果实有 ${open} 个` });
  } else if (open === 0 && (reason || manifest.unwaivedErrors)) {
    problems.push({ code: 'FORCED_MISMATCH', message: '清单写明为强制报送，检查结果中却没有未豁免的错误' });
  }
  const reasonDiffers = () => !lacks(L.forcedReason, '强制报送原因') && summaryReason !== reason;
  const countDiffers = () => !lacks(L.unwaivedErrors, '强制报送时未豁免的错误数') && num(value(L.unwaivedErrors)) !== open;
  if (reason && (reasonDiffers() || countDiffers())) {
    problems.push({ code: 'FORCED_MISMATCH', message: `汇总表的强制报送说明（原因“${summaryReason || '（空）'}”，${text(value(L.unwaivedErrors)) || '?'} 个错误）与清单、检查结果不一致` });
  }

  const documents = checkDocuments(files, problems);
  return {
    problems,
    figures: {
      office: manifest.office,
      period: manifest.period,
      version: manifest.version,
      records: detail.records,
      totalFen: detail.totalFen,
      byMonth: Object.fromEntries([...detail.byMonth].map(([m, t]) => [m, { records: t.records, totalFen: t.amountFen }])),
      documents,
    },
    forced: open > 0 || reason ? { reason: reason || '（清单未写明原因）', unwaivedErrors: open } : null,
    olderFormat: unchecked.length > 0 ? { unchecked } : null,
  };
}
