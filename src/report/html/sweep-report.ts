import type { TopLevelSpec } from 'vega-lite';
import { meanWithCi } from '../../stats/confidence.ts';
import type { IndexEntry } from '../sweep-index.ts';
import type { SweptColumn } from '../swept-values.ts';
import { chartSection, escapeHtml, htmlPage } from './page.ts';
import { CHART_CONFIG, renderSvg } from './render-chart.ts';

/** One charted quantity of a run, in display units. */
interface SweepMetric {
  id: string;
  title: string;
  pick: (e: IndexEntry) => number | undefined;
  percent?: boolean;
}

/** The headline metrics a sweep report charts, with their scale to display units. */
const METRICS: SweepMetric[] = [
  { id: 'goodput', title: 'total goodput (Gbit/s)', pick: (e) => e.summary.totals.goodputBps / 1e9 },
  { id: 'delay-mean', title: 'mean one-way delay (µs)', pick: (e) => e.summary.totals.delayMeanNs / 1e3 },
  { id: 'delay-p99', title: 'worst flow p99 delay (µs)', pick: (e) => e.summary.totals.worstFlowDelayP99Ns / 1e3 },
  { id: 'loss', title: 'loss ratio', pick: (e) => e.summary.totals.lossRatio, percent: true },
  { id: 'busiest-core', title: 'busiest core utilisation', pick: (e) => e.summary.totals.busiestCoreUtilisation, percent: true },
  { id: 'cpu-cores', title: 'CPU cores used', pick: (e) => e.summary.totals.cpuCoresUsed },
];

/** A workload's p99 one-way delay, µs. */
function workloadP99(workload: string): SweepMetric {
  return {
    id: `p99-${workload.replace(/[^\w-]/g, '_')}`,
    title: `${workload}: p99 one-way delay (µs)`,
    pick: (e) => {
      const w = e.summary.workloads.find((x) => x.workload === workload);
      return w && w.delay.count > 0 ? w.delay.p99Ns / 1e3 : undefined;
    },
  };
}

/** A point of a chart: the mean over replications and, with two or more, its 95 % interval. */
interface Point {
  x: number | string;
  series: string;
  value: number;
  low?: number;
  high?: number;
}

function points(entries: readonly IndexEntry[], x: SweptColumn, others: readonly SweptColumn[], metric: SweepMetric): Point[] {
  const groups = new Map<string, { x: number | string; series: string; values: number[] }>();
  for (const e of entries) {
    const value = metric.pick(e);
    if (value === undefined || !Number.isFinite(value)) continue;
    const series = [e.job.variant, ...others.map((c) => `${c.name.split('.').at(-1)}=${c.cell(e.values[c.path])}`)].filter(Boolean).join(', ') || 'all';
    const xValue = x.cell(e.values[x.path]);
    const key = `${series}\u0000${xValue}`;
    const group = groups.get(key) ?? { x: xValue, series, values: [] };
    group.values.push(value);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => {
    const ci = meanWithCi(g.values);
    return ci.n > 1 ? { x: g.x, series: g.series, value: ci.mean, low: ci.low, high: ci.high } : { x: g.x, series: g.series, value: ci.mean };
  });
}

/** A numeric axis, logarithmic when its positive values span two decades or more. */
function xEncoding(x: SweptColumn, values: readonly Point[]) {
  if (!x.numeric) return { field: 'x', type: 'ordinal', sort: null, title: x.name } as const;
  const xs = values.map((p) => p.x as number);
  const min = Math.min(...xs);
  const log = min > 0 && Math.max(...xs) / min >= 100;
  return { field: 'x', type: 'quantitative', title: `${x.name}${log ? ' (log scale)' : ''}`, scale: log ? { type: 'log' } : { zero: false } } as const;
}

function chartSpec(metric: SweepMetric, x: SweptColumn, values: Point[]): TopLevelSpec {
  const xe = xEncoding(x, values);
  const y = { field: 'value', type: 'quantitative', title: metric.title, ...(metric.percent ? { axis: { format: '%' } } : {}) } as const;
  const color = { field: 'series', type: 'nominal', title: 'series', legend: { labelLimit: 320 } } as const;
  const interval = values.some((p) => p.low !== undefined);
  return {
    title: `${metric.title} against ${x.name}${interval ? ' (mean and 95 % interval over replications)' : ''}`,
    width: 560,
    height: 240,
    config: CHART_CONFIG,
    data: { values },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x: xe, y, color } },
      ...(interval ? [{ mark: { type: 'rule' }, encoding: { x: xe, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color } } as const] : []),
    ],
  } as TopLevelSpec;
}

/**
 * report.html of a sweep: each headline metric, the busiest core and every workload's p99
 * delay against the first swept field, one line per variant (and per combination of the other
 * swept fields). A swept value with a unit is a number on a numeric axis, logarithmic when it
 * spans two decades; with replications a point is their mean with a 95 % interval.
 */
export async function sweepReportHtml(scenario: string, swept: readonly SweptColumn[], entries: readonly IndexEntry[]): Promise<string> {
  const [x, ...others] = swept;
  const parts = [
    `<h1>${escapeHtml(scenario)}: sweep</h1>`,
    `<p class="meta">${entries.length} runs; swept ${swept.map((c) => `<code>${escapeHtml(c.name)}</code>`).join(', ') || 'nothing'}. Every run's files are in its folder; index.csv has one row per run.</p>`,
  ];
  if (x === undefined) return htmlPage(`${scenario}: sweep`, parts.join('\n'));
  const workloads: string[] = [];
  for (const e of entries) for (const w of e.summary.workloads) if (!workloads.includes(w.workload)) workloads.push(w.workload);
  for (const metric of [...METRICS, ...workloads.map(workloadP99)]) {
    const values = points(entries, x, others, metric);
    if (values.length > 0) parts.push(chartSection(`sweep-${metric.id}`, await renderSvg(chartSpec(metric, x, values))));
  }
  return htmlPage(`${scenario}: sweep`, parts.join('\n'));
}
