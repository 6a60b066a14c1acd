/**
 * The package's report workbook: 汇总 (the monthly report's figures), 明细 (the month's
 * records in the import layout), 预留份额, and 检查结果 (every issue, waived ones with who,
 * when and why).
 */
import * as XLSX from 'xlsx';
import type { Breakdown, MonthlyReport } from '../../../shared/domain/report';
import { neutralizeFormulaText } from '../imports/formula-text';
import type { Job } from '../jobs/registry';
import { buildLedgerSheet, type ExportRow } from '../exports/ledger-workbook';
import { writePatchedXlsx } from '../exports/xlsx-patch';
import type { PackageChecks } from './checks-adapter';

const yuan = (fen: number) => Math.round(fen) / 100;

/**
 * What the package says about itself, written on the 汇总 sheet as well as in the manifest so
 * `verify` can hold one against the other (package/verify-figures.ts reads these labels).
 */
export interface PackageFacts {
  office: string;
  districtCode: string;
  version: number;
  auditHead: { seq: number; hash: string };
  /** set when the package was made despite unwaived errors */
  forced: { reason: string; unwaivedErrors: number } | null;
}

export const SUMMARY_LABELS = {
  office: '报送单位',
  districtCode: '行政区划代码',
  period: '月份',
  version: '版本',
  monthFen: '本月金额（元）',
  monthRecords: '本月笔数',
  yearToDateFen: '本年累计（元）',
  targetFen: '年度目标（元）',
  targetPct: '完成进度',
  households: '带动脱贫户（户）',
  personTimes: '服务消费人次',
  serviceFen: '服务消费金额（元）',
  auditSeq: '操作记录链末条序号',
  auditHash: '操作记录链末条哈希',
  forcedReason: '强制报送原因',
  unwaivedErrors: '未豁免的错误（个）',
} as const;

export const BREAKDOWN_TITLES = { purchaserType: '主体类型', channel: '销售渠道', category: '产品类别' } as const;
export const REGION_HEADER = ['省', '市（州）', '县（区）', '行政区划代码', '笔数', '金额（元）'] as const;

function summarySheet(r: MonthlyReport, facts: PackageFacts): XLSX.WorkSheet {
  const L = SUMMARY_LABELS;
  const forced = facts.forced;
  const aoa: unknown[][] = [
    [`${r.officeName}消费帮扶情况月报`],
    ...(forced ? [[`注意：强制报送。本月仍有 ${forced.unwaivedErrors} 个未豁免的错误（见“检查结果”），原因：${neutralizeFormulaText(forced.reason)}`]] : []),
    [L.office, neutralizeFormulaText(facts.office)],
    [L.districtCode, facts.districtCode],
    [L.period, r.period],
    [L.version, facts.version],
    [L.monthFen, yuan(r.month.amountFen)],
    [L.monthRecords, r.month.records],
    [L.yearToDateFen, yuan(r.yearToDate.amountFen)],
    [L.targetFen, r.annualTargetFen === null ? '未设定' : yuan(r.annualTargetFen)],
    [L.targetPct, r.targetPct === null ? '—' : `${r.targetPct}%`],
    [L.households, r.householdsBenefited],
    [L.personTimes, r.service.personTimes],
    [L.serviceFen, yuan(r.service.amountFen)],
    [L.auditSeq, facts.auditHead.seq],
    [L.auditHash, facts.auditHead.hash],
    ...(forced ? [[L.forcedReason, neutralizeFormulaText(forced.reason)], [L.unwaivedErrors, forced.unwaivedErrors]] : []),
    [],
    [...REGION_HEADER],
    ...r.byRegion.map((g) => [g.province, g.prefecture, g.county, g.code, g.records, yuan(g.amountFen)]),
  ];
  const table = (title: string, rows: Breakdown[]) => {
    aoa.push([], [title, '笔数', '金额（元）']);
    for (const b of rows) aoa.push([b.name, b.records, yuan(b.amountFen)]);
  };
  table(BREAKDOWN_TITLES.purchaserType, r.byPurchaserType);
  table(BREAKDOWN_TITLES.channel, r.byChannel);
  table(BREAKDOWN_TITLES.category, r.byCategory);
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!cols'] = [{ wch: 22 }, { wch: 22 }, { wch: 16 }, { wch: 14 }, { wch: 10 }, { wch: 16 }];
  return ws;
}

function reservedSheet(r: MonthlyReport): XLSX.WorkSheet {
  return XLSX.utils.aoa_to_sheet([
    ['预算单位', '主体类型', '年度计划（元）', '帮扶采购（元）', '份额（%）', '目标（%）', '是否达标'],
    ...r.reservedShares.map((s) => [neutralizeFormulaText(s.purchaserName), s.purchaserType ?? '', yuan(s.plannedFen), yuan(s.purchasedFen), s.sharePct, s.targetPct, s.met ? '达标' : '未达标']),
  ]);
}

function checksSheet(checks: PackageChecks): XLSX.WorkSheet {
  const ws = XLSX.utils.aoa_to_sheet([
    ['代码', '级别', '记录编号', '说明', '是否豁免', '豁免原因', '豁免人', '豁免时间'],
    ...checks.issues.map((i) => [
      i.code,
      i.severity === 'error' ? '错误' : '提示',
      i.recordId ?? '',
      neutralizeFormulaText(i.message),
      i.waiver ? '已豁免' : '',
      neutralizeFormulaText(i.waiver?.reason ?? ''),
      i.waiver?.by ?? '',
      i.waiver?.at ?? '',
    ]),
  ]);
  ws['!cols'] = [{ wch: 24 }, { wch: 6 }, { wch: 10 }, { wch: 60 }, { wch: 8 }, { wch: 30 }, { wch: 10 }, { wch: 20 }];
  return ws;
}

export async function buildPackageWorkbook(
  report: MonthlyReport,
  detail: { rows: Iterable<ExportRow>; total: number; countyName(code: string): string | null },
  checks: PackageChecks,
  facts: PackageFacts,
  job: Job,
): Promise<Uint8Array> {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, summarySheet(report, facts), '汇总');
  const { sheet } = await buildLedgerSheet(detail.rows, detail.total, { job, countyName: detail.countyName });
  XLSX.utils.book_append_sheet(wb, sheet, '明细');
  XLSX.utils.book_append_sheet(wb, reservedSheet(report), '预留份额');
  XLSX.utils.book_append_sheet(wb, checksSheet(checks), '检查结果');
  return writePatchedXlsx(wb, [{ sheet: 2, freezeHeader: true }, { sheet: 4, freezeHeader: true }]);
}
