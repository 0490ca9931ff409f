import type { TopLevelSpec } from 'vega-lite';
import type { IndexEntry } from '../sweep-index.ts';
import { chartSection, escapeHtml, htmlPage } from './page.ts';
import { CHART_CONFIG, renderSvg } from './render-chart.ts';

/** The headline metrics a sweep report charts, with their scale to display units. */
const METRICS = [
  { id: 'goodput', title: 'total goodput (Gbit/s)', pick: (e: IndexEntry) => e.summary.totals.goodputBps / 1e9 },
  { id: 'delay-mean', title: 'mean one-way delay (µs)', pick: (e: IndexEntry) => e.summary.totals.delayMeanNs / 1e3 },
  { id: 'delay-p99', title: 'worst flow p99 delay (µs)', pick: (e: IndexEntry) => e.summary.totals.worstFlowDelayP99Ns / 1e3 },
  { id: 'loss', title: 'loss ratio', pick: (e: IndexEntry) => e.summary.totals.lossRatio },
  { id: 'cpu-cores', title: 'CPU cores used', pick: (e: IndexEntry) => e.summary.totals.cpuCoresUsed },
] as const;

function label(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * report.html of a sweep: each headline metric against the first swept field, one line per
 * variant (and per combination of the other swept fields); replications are averaged.
 */
export async function sweepReportHtml(scenario: string, sweptPaths: readonly string[], entries: readonly IndexEntry[]): Promise<string> {
  const [xPath, ...others] = sweptPaths;
  const parts = [
    `<h1>${escapeHtml(scenario)}: sweep</h1>`,
    `<p class="meta">${entries.length} runs; swept ${sweptPaths.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ') || 'nothing'}. Every run's files are in its folder; index.csv has one row per run.</p>`,
  ];
  if (xPath === undefined) return htmlPage(`${scenario}: sweep`, parts.join('\n'));
  const xOrder: string[] = [];
  for (const e of entries) {
    const x = label(e.values[xPath]);
    if (!xOrder.includes(x)) xOrder.push(x);
  }
  for (const metric of METRICS) {
    const values = entries.map((e) => ({
      x: label(e.values[xPath]),
      series: [e.job.variant, ...others.map((p) => `${p.split('.').at(-1)}=${label(e.values[p])}`)].filter(Boolean).join(', ') || 'all',
      value: metric.pick(e),
    }));
    const spec: TopLevelSpec = {
      title: `${metric.title} against ${xPath}`,
      width: 560,
      height: 240,
      config: CHART_CONFIG,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'x', type: 'ordinal', sort: xOrder, title: xPath },
        y: { field: 'value', type: 'quantitative', aggregate: 'mean', title: metric.title },
        color: { field: 'series', type: 'nominal', title: 'variant', legend: { labelLimit: 320 } },
      },
    };
    parts.push(chartSection(`sweep-${metric.id}`, await renderSvg(spec)));
  }
  return htmlPage(`${scenario}: sweep`, parts.join('\n'));
}
