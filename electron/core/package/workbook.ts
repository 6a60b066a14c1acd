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

function summarySheet(r: MonthlyReport, forced: string | null): XLSX.WorkSheet {
  const aoa: unknown[][] = [
    [`${r.officeName}消费帮扶情况月报`],
    ['月份', r.period],
    ['本月金额（元）', yuan(r.month.amountFen)],
    ['本月笔数', r.month.records],
    ['本年累计（元）', yuan(r.yearToDate.amountFen)],
    ['年度目标（元）', r.annualTargetFen === null ? '未设定' : yuan(r.annualTargetFen)],
    ['完成进度', r.targetPct === null ? '—' : `${r.targetPct}%`],
    ['带动脱贫户（户）', r.householdsBenefited],
    ['服务消费人次', r.service.personTimes],
    ['服务消费金额（元）', yuan(r.service.amountFen)],
    ...(forced ? [['强制报送原因', neutralizeFormulaText(forced)]] : []),
    [],
    ['省', '市（州）', '县（区）', '行政区划代码', '笔数', '金额（元）'],
    ...r.byRegion.map((g) => [g.province, g.prefecture, g.county, g.code, g.records, yuan(g.amountFen)]),
  ];
  const table = (title: string, rows: Breakdown[]) => {
    aoa.push([], [title, '笔数', '金额（元）']);
    for (const b of rows) aoa.push([b.name, b.records, yuan(b.amountFen)]);
  };
  table('主体类型', r.byPurchaserType);
  table('销售渠道', r.byChannel);
  table('产品类别', r.byCategory);
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
  forcedReason: string | null,
  job: Job,
): Promise<Uint8Array> {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, summarySheet(report, forcedReason), '汇总');
  const { sheet } = await buildLedgerSheet(detail.rows, detail.total, { job, countyName: detail.countyName });
  XLSX.utils.book_append_sheet(wb, sheet, '明细');
  XLSX.utils.book_append_sheet(wb, reservedSheet(report), '预留份额');
  XLSX.utils.book_append_sheet(wb, checksSheet(checks), '检查结果');
  return writePatchedXlsx(wb, [{ sheet: 2, freezeHeader: true }, { sheet: 4, freezeHeader: true }]);
}
