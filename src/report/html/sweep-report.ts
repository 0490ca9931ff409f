import type { TopLevelSpec } from 'vega-lite';
import { meanWithCi } from '../../stats/confidence.ts';
import type { SweepLimit } from '../../scenario/sweep-limit.ts';
import type { IndexEntry } from '../sweep-index.ts';
import type { SweptColumn } from '../swept-values.ts';
import { chartSection, escapeHtml, htmlPage } from './page.ts';
import { CHART_CONFIG } from './render-chart.ts';

/** One charted quantity of a run, in display units. */
interface SweepMetric {
  id: string;
  /** The index.csv column it charts, which a `sweep.limit` names. */
  column: string;
  title: string;
  /** From the column's base unit to the chart's. */
  scale: number;
  pick: (e: IndexEntry) => number | undefined;
  percent?: boolean;
}

/** The headline metrics a sweep report charts, with their scale to display units. */
const METRICS: SweepMetric[] = [
  { id: 'goodput', column: 'goodputBps', title: 'total goodput (Gbit/s)', scale: 1e-9, pick: (e) => e.summary.totals.goodputBps / 1e9 },
  { id: 'delay-mean', column: 'delayMeanNs', title: 'mean one-way delay (µs)', scale: 1e-3, pick: (e) => e.summary.totals.delayMeanNs / 1e3 },
  { id: 'delay-p99', column: 'worstFlowDelayP99Ns', title: 'worst flow p99 delay (µs)', scale: 1e-3, pick: (e) => e.summary.totals.worstFlowDelayP99Ns / 1e3 },
  { id: 'loss', column: 'lossRatio', title: 'loss ratio', scale: 1, pick: (e) => e.summary.totals.lossRatio, percent: true },
  { id: 'busiest-core', column: 'busiestCoreUtilisation', title: 'busiest core utilisation', scale: 1, pick: (e) => e.summary.totals.busiestCoreUtilisation, percent: true },
  { id: 'cpu-cores', column: 'cpuCoresUsed', title: 'CPU cores used', scale: 1, pick: (e) => e.summary.totals.cpuCoresUsed },
];

/** A workload's p99 one-way delay, µs. */
function workloadP99(workload: string): SweepMetric {
  return {
    id: `p99-${workload.replace(/[^\w-]/g, '_')}`,
    column: `${workload}.delayP99Ns`,
    scale: 1e-3,
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

/** Per series, the first point (in x order) above the limit: where the curve crosses it. */
function knees(values: readonly Point[], limit: number): Point[] {
  const out: Point[] = [];
  for (const series of [...new Set(values.map((p) => p.series))]) {
    const mine = values.filter((p) => p.series === series);
    if (mine.every((p) => typeof p.x === 'number')) mine.sort((a, b) => (a.x as number) - (b.x as number));
    const knee = mine.find((p) => p.value > limit);
    if (knee) out.push(knee);
  }
  return out;
}

function chartSpec(metric: SweepMetric, x: SweptColumn, values: Point[], limit: SweepLimit | undefined): TopLevelSpec {
  const xe = xEncoding(x, values);
  const bound = limit?.metric === metric.column ? limit.value * metric.scale : undefined;
  const y = { field: 'value', type: 'quantitative', title: metric.title, ...(metric.percent ? { axis: { format: '%' } } : {}) } as const;
  const color = { field: 'series', type: 'nominal', title: 'series', legend: { labelLimit: 320 } } as const;
  const interval = values.some((p) => p.low !== undefined);
  return {
    title: `${metric.title} against ${x.name}${interval ? ' (mean and 95 % interval over replications)' : ''}${bound === undefined ? '' : '; dashed: the limit, ◆: first point past it'}`,
    width: 560,
    height: 240,
    config: CHART_CONFIG,
    data: { values },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x: xe, y, color } },
      ...(interval ? [{ mark: { type: 'rule' }, encoding: { x: xe, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color } } as const] : []),
      ...(bound === undefined
        ? []
        : [
            { mark: { type: 'rule', color: '#cf222e', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { datum: bound, type: 'quantitative' } } } as const,
            { data: { values: knees(values, bound) }, mark: { type: 'point', shape: 'diamond', size: 160, filled: true, color: '#cf222e' }, encoding: { x: xe, y: { field: 'value', type: 'quantitative' } } } as const,
          ]),
    ],
  } as TopLevelSpec;
}

/**
 * report.html of a sweep: each headline metric, the busiest core and every workload's p99
 * delay against the first swept field, one line per variant (and per combination of the other
 * swept fields); with a `sweep.limit`, its chart has the limit as a dashed line and each line's
 * first point past it marked. A swept value with a unit is a number on a numeric axis, logarithmic when it
 * spans two decades; with replications a point is their mean with a 95 % interval.
 */
export function sweepReportHtml(scenario: string, swept: readonly SweptColumn[], entries: readonly IndexEntry[], limit?: SweepLimit): string {
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
    if (values.length > 0) parts.push(chartSection(`sweep-${metric.id}`, chartSpec(metric, x, values, limit)));
  }
  return htmlPage(`${scenario}: sweep`, parts.join('\n'));
}
