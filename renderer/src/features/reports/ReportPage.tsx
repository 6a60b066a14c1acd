/**
 * 月报: one month's figures for the city, on screen and printed to A4 (the browser's or
 * Electron's print, which saves to PDF). Charts where a person would rather look than read.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Breakdown, MonthlyReport } from '../../../../shared/domain/report';
import { formatFen } from '../../../../shared/money';
import { AppError } from '../../../../shared/result';
import { invoke } from '../../api/client';
import { formatTime } from '../../ui/format';
import { SubmissionFooter } from './SubmissionFooter';
import { Chart } from './Chart';
import { monthsChart, pieChart, progressChart, regionChart } from './charts';
import { MonthPicker } from '../../ui/MonthPicker';
import { UnresolvedNotice } from './UnresolvedNotice';
import { defaultReportMonth, lastMonth } from './default-month';

function monthLabel(period: string): string {
  return `${period.slice(0, 4)} 年 ${Number(period.slice(5))} 月`;
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—';
}

function BreakdownTable({ title, rows, total }: { title: string; rows: Breakdown[]; total: number }) {
  return (
    <table className="table report-table">
      <thead>
        <tr>
          <th>{title}</th>
          <th className="num">笔数</th>
          <th className="num">金额（元）</th>
          <th className="num">占比</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => (
          <tr key={b.name}>
            <td>{b.name}</td>
            <td className="num">{b.records.toLocaleString('zh-CN')}</td>
            <td className="num">{formatFen(b.amountFen)}</td>
            <td className="num">{share(b.amountFen, total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportPage({ initialPeriod }: { initialPeriod?: string }) {
  // null until the ledger's months are known (default-month.ts), so no empty month flashes first
  const [period, setPeriod] = useState<string | null>(initialPeriod ?? null);
  const [report, setReport] = useState<MonthlyReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (initialPeriod) return;
    // last month's records and the latest month held: two index reads, never a pass over every record
    const now = new Date();
    const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    Promise.all([invoke('periods/list', { month: lastMonth(now) }), invoke('periods/latest', { upTo: thisMonth })]).then(
      ([last, latest]) => setPeriod((p) => p ?? defaultReportMonth([...last.periods, ...(latest.month ? [{ month: latest.month, records: 1 }] : [])], now)),
      () => setPeriod((p) => p ?? lastMonth()),
    );
  }, [initialPeriod]);

  useEffect(() => {
    if (!period) return;
    setError(null);
    invoke('reports/monthly', { period }).then(setReport, (e: AppError) => setError(e.message));
  }, [period]);

  const charts = useMemo(
    () =>
      report && {
        progress: progressChart(report),
        months: monthsChart(report),
        regions: regionChart(report),
        channels: pieChart('本月按销售渠道', report.byChannel),
        categories: pieChart('本月按产品类别', report.byCategory),
      },
    [report],
  );

  return (
    <div className="page report">
      <div className="page-title no-print">
        <h2>月报</h2>
        <span className="inline">
          月份 {period && <MonthPicker value={period} onChange={setPeriod} label="月份" />}
        </span>
        <button className="primary" onClick={() => window.print()} disabled={!report}>
          打印 / 保存为 PDF
        </button>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {report && charts && (
        <article className="report-sheet">
          <header className="report-head">
            <h1>{report.officeName}消费帮扶情况月报</h1>
            <p>
              {monthLabel(report.period)}　·　生成于 {formatTime(report.generatedAt)}
            </p>
          </header>
          <UnresolvedNotice unresolved={report.unresolved} />
          <section className="kpis">
            <div>
              <span>本月金额</span>
              <strong>{formatFen(report.month.amountFen)} 元</strong>
              <small>{report.month.records.toLocaleString('zh-CN')} 笔</small>
            </div>
            <div>
              <span>本年累计</span>
              <strong>{formatFen(report.yearToDate.amountFen)} 元</strong>
              <small>{report.yearToDate.records.toLocaleString('zh-CN')} 笔</small>
            </div>
            <div>
              <span>年度目标</span>
              <strong>{report.annualTargetFen === null ? '未设定' : `${formatFen(report.annualTargetFen)} 元`}</strong>
              <small>{report.targetPct === null ? '可在“设置”中填写' : `已完成 ${report.targetPct}%`}</small>
            </div>
            <div>
              <span>带动脱贫户</span>
              <strong>{report.householdsBenefited.toLocaleString('zh-CN')} 户</strong>
              <small>本月</small>
            </div>
            <div>
              <span>服务消费</span>
              <strong>{report.service.personTimes.toLocaleString('zh-CN')} 人次</strong>
              <small>{formatFen(report.service.amountFen)} 元</small>
            </div>
          </section>
          {report.month.records === 0 ? (
            <p className="muted">本月没有记录。</p>
          ) : (
            <>
              <section className="charts">
                <Chart option={charts.progress} label="年度目标完成进度" />
                <Chart option={charts.months} label="各月金额" />
                <Chart option={charts.channels} label="按销售渠道" />
                <Chart option={charts.categories} label="按产品类别" />
              </section>
              <section className="print-break">
                <h3>按对口帮扶地区</h3>
                <Chart option={charts.regions} label="按产地" height={300} />
                <table className="table report-table">
                  <thead>
                    <tr>
                      <th>省</th>
                      <th>市（州）</th>
                      <th>县（区）</th>
                      <th className="num">笔数</th>
                      <th className="num">金额（元）</th>
                      <th className="num">占比</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.byRegion.map((g) => (
                      <tr key={g.code || g.county} className={g.paired ? '' : 'row-warn'}>
                        <td>{g.province}</td>
                        <td>{g.prefecture}</td>
                        <td>
                          {g.county}
                          {!g.paired && <small className="warn-text">（非对口地区）</small>}
                        </td>
                        <td className="num">{g.records.toLocaleString('zh-CN')}</td>
                        <td className="num">{formatFen(g.amountFen)}</td>
                        <td className="num">{share(g.amountFen, report.month.amountFen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="tables">
                <h3>按主体类型、销售渠道、产品类别</h3>
                <BreakdownTable title="主体类型" rows={report.byPurchaserType} total={report.month.amountFen} />
                <BreakdownTable title="销售渠道" rows={report.byChannel} total={report.month.amountFen} />
                <BreakdownTable title="产品类别" rows={report.byCategory} total={report.month.amountFen} />
              </section>
            </>
          )}
          <section>
            <h3>预算单位预留份额（{report.period.slice(0, 4)} 年累计）</h3>
            {report.reservedShares.length === 0 ? (
              <p className="muted">尚未填写预算单位的年度农副产品采购计划，无法计算预留份额。</p>
            ) : (
              <table className="table report-table">
                <thead>
                  <tr>
                    <th>预算单位</th>
                    <th className="num">年度计划（元）</th>
                    <th className="num">帮扶采购（元）</th>
                    <th className="num">份额</th>
                    <th className="num">目标</th>
                    <th>是否达标</th>
                  </tr>
                </thead>
                <tbody>
                  {report.reservedShares.map((s) => (
                    <tr key={s.purchaserName} className={s.met ? '' : 'row-warn'}>
                      <td>{s.purchaserName}</td>
                      <td className="num">{formatFen(s.plannedFen)}</td>
                      <td className="num">{formatFen(s.purchasedFen)}</td>
                      <td className="num">{s.sharePct}%</td>
                      <td className="num">{s.targetPct}%</td>
                      <td>{s.met ? '达标' : '未达标'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <SubmissionFooter period={report.period} generatedAt={report.generatedAt} />
        </article>
      )}
    </div>
  );
}
