/** The report's charts as ECharts options, from the report's figures (amounts shown in 万元). */
import type { Breakdown, MonthlyReport } from '../../../../shared/domain/report';
import type { ChartOption } from './Chart';

const RED = '#c0392b';
const PALETTE = ['#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#2980b9', '#8e44ad', '#16a085', '#d35400', '#7f8c8d', '#2c3e50', '#e84393', '#00b894'];
const wan = (fen: number) => Math.round(fen / 100) / 10_000;

export function progressChart(r: MonthlyReport): ChartOption {
  const pct = r.targetPct ?? 0;
  return {
    title: { text: '年度目标完成进度', left: 'center', textStyle: { fontSize: 14 } },
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        progress: { show: true, itemStyle: { color: RED } },
        axisLine: { lineStyle: { width: 12 } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { length: 8 },
        axisLabel: { distance: 16, fontSize: 10 },
        detail: { valueAnimation: false, formatter: r.targetPct === null ? '未设目标' : '{value}%', fontSize: 22, offsetCenter: [0, '10%'] },
        data: [{ value: Math.min(100, Math.round(pct * 10) / 10) }],
      },
    ],
  };
}

export function monthsChart(r: MonthlyReport): ChartOption {
  return {
    title: { text: `${r.period.slice(0, 4)} 年各月金额（万元）`, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: r.months.map((m) => `${Number(m.period.slice(5))}月`) },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: r.months.map((m) => ({ value: wan(m.amountFen), itemStyle: { color: m.period === r.period ? RED : '#e8a29b' } })) }],
  };
}

/**
 * A ring with its names and shares in a legend beside it: labels around a half-page ring were
 * cut ("专柜/专…", "茶叶 4…") and collided on thin slices. Every name is in the legend, in full,
 * largest first, on screen and on paper.
 */
export function pieChart(title: string, rows: Breakdown[]): ChartOption {
  const total = rows.reduce((s, b) => s + b.amountFen, 0);
  const share = new Map(rows.map((b) => [b.name, total ? (b.amountFen / total) * 100 : 0]));
  const pct = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(2)).replace(/\.?0+$/, '');
  return {
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'item', formatter: '{b}：{c} 万元（{d}%）' },
    color: PALETTE,
    legend: {
      type: 'plain',
      orient: 'vertical',
      left: '50%',
      top: 'middle',
      itemWidth: 10,
      itemHeight: 10,
      itemGap: 4,
      textStyle: { fontSize: 11 },
      formatter: (name: string) => `${name}  ${pct(share.get(name) ?? 0)}%`,
    },
    series: [
      {
        type: 'pie',
        radius: ['32%', '60%'],
        center: ['26%', '55%'],
        label: { show: false },
        labelLine: { show: false },
        data: rows.map((b) => ({ name: b.name, value: wan(b.amountFen) })),
      },
    ],
  };
}

export function regionChart(r: MonthlyReport): ChartOption {
  const rows = [...r.byRegion].sort((a, b) => b.amountFen - a.amountFen).slice(0, 12).reverse();
  return {
    title: { text: '本月按产地（县）金额（万元）', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    grid: { left: 96, right: 24, top: 36, bottom: 20 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((g) => g.county) },
    series: [{ type: 'bar', data: rows.map((g) => wan(g.amountFen)), itemStyle: { color: RED } }],
  };
}
