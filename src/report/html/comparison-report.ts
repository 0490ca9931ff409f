import type { TopLevelSpec } from 'vega-lite';
import { type ComparisonRow, comparisonRows, deltaPercent, formatMetric } from '../comparison.ts';
import { type ReplicationGroup, replicationRows } from '../replications.ts';
import type { Summary } from '../summary.ts';
import { chartSection, escapeHtml, htmlPage, htmlTable } from './page.ts';
import { CHART_CONFIG } from './render-chart.ts';

/** A metric's values in the unit a chart shows, and that unit's name. */
const DISPLAY: Record<ComparisonRow['unit'], { scale: number; unit: string }> = {
  bps: { scale: 1e-6, unit: 'Mbit/s' },
  ns: { scale: 1e-3, unit: 'µs' },
  ratio: { scale: 100, unit: '%' },
  cores: { scale: 1, unit: 'cores' },
  'cpu-s/GB': { scale: 1, unit: 'CPU s/GB' },
  count: { scale: 1, unit: 'count' },
  'B/s': { scale: 1, unit: 'B/s' },
};

/** One bar: a run (variant) and a metric, with a 95 % interval when there are replications. */
interface Bar {
  metric: string;
  /** Position of the metric in the comparison, so the charts keep the table's order. */
  order: number;
  run: string;
  value: number;
  low?: number;
  high?: number;
  /** Text beside the bar: the change against the first run, or ± the interval's half-width. */
  note: string;
}

/** Bars of several runs side by side, one small chart per metric (each with its own axis). */
function barsSpec(title: string, runs: readonly string[], bars: readonly Bar[]): TopLevelSpec {
  const y = { field: 'run', type: 'nominal', sort: [...runs], title: null } as const;
  const withInterval = bars.some((b) => b.low !== undefined);
  return {
    title,
    config: CHART_CONFIG,
    data: { values: bars as Bar[] },
    facet: { row: { field: 'metric', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null, header: { labelAngle: 0, labelAlign: 'left', labelLimit: 260, labelFontSize: 11 } } },
    spec: {
      width: 420,
      height: { step: 16 },
      layer: [
        { mark: 'bar', encoding: { y, x: { field: 'value', type: 'quantitative', title: null }, color: { field: 'run', type: 'nominal', sort: [...runs], legend: null } } },
        ...(withInterval ? [{ mark: { type: 'rule', color: '#1b1f24' }, encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } } as const] : []),
        { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: { y, x: { field: withInterval ? 'high' : 'value', type: 'quantitative' }, text: { field: 'note' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  } as TopLevelSpec;
}

const metricLabel = (row: ComparisonRow) => `${row.metric} (${DISPLAY[row.unit].unit})`;

/** Two charts: the per-workload metrics and the whole-run ones; a metric that is 0 in every run is left to the table. */
function chartPair(idPrefix: string, what: string, runs: readonly string[], all: readonly { row: ComparisonRow; bar: Bar }[]): string[] {
  const out: string[] = [];
  const bars = all.filter((b) => b.row.values.some((v) => v !== 0));
  const workload = bars.filter((b) => b.row.workload !== undefined).map((b) => b.bar);
  const whole = bars.filter((b) => b.row.workload === undefined).map((b) => b.bar);
  if (workload.length > 0) out.push(chartSection(`${idPrefix}-workloads`, barsSpec(`Workloads: ${what}`, runs, workload)));
  if (whole.length > 0) out.push(chartSection(`${idPrefix}-totals`, barsSpec(`Whole run: ${what}`, runs, whole)));
  return out;
}

/** report.html at the top of a run with variants: the comparison table and the variants' bars side by side. */
export function variantsReportHtml(scenario: string, labels: readonly string[], summaries: readonly Summary[]): string {
  const rows = comparisonRows(summaries);
  const base = labels[0] ?? '';
  const parts = [
    `<h1>${escapeHtml(scenario)}: ${escapeHtml(labels.join(' vs '))}</h1>`,
    `<p class="meta">${labels.length} variants, seed ${summaries[0]?.seed ?? ''} for every one. Changes are against ${escapeHtml(base)}. Each variant's own report is <code>&lt;variant&gt;/report.html</code>: ${labels.map((l) => `<a href="${escapeHtml(l)}/report.html">${escapeHtml(l)}</a>`).join(', ')}.</p>`,
    '<h2>Comparison</h2>',
    htmlTable(
      ['metric', ...labels, ...labels.slice(1).map((l) => `Δ ${l} vs ${base}`)],
      rows.map((r) => [r.metric, ...r.values.map((v) => formatMetric(v, r.unit)), ...r.values.slice(1).map((v) => deltaPercent(r.values[0] as number, v))]),
    ),
    '<h2>Charts</h2>',
  ];
  const bars = rows.flatMap((row, order) =>
    row.values.map((v, i) => ({
      row,
      bar: { metric: metricLabel(row), order, run: labels[i] as string, value: v * DISPLAY[row.unit].scale, note: i === 0 ? '' : deltaPercent(row.values[0] as number, v) },
    })),
  );
  parts.push(...chartPair('variants', `each variant, change against ${base}`, labels, bars));
  return htmlPage(`${scenario}: variants`, parts.join('\n'));
}

/** report.html at the top of a run with replications: per group, each metric's mean with its 95 % interval as an error bar. */
export function replicationsReportHtml(scenario: string, groups: readonly ReplicationGroup[]): string {
  const n = groups[0]?.summaries.length ?? 0;
  const runs = groups.map((g) => g.label || scenario);
  const parts = [
    `<h1>${escapeHtml(scenario)}: ${n} replications</h1>`,
    `<p class="meta">Mean over ${n} independent replications (separate random streams) with a 95 % confidence interval (Student t). Each replication's own report is in its folder (<code>r0/report.html</code>...).</p>`,
  ];
  const bars: { row: ComparisonRow; bar: Bar }[] = [];
  for (const [g, group] of groups.entries()) {
    const rows = replicationRows(group);
    if (group.label) parts.push(`<h2>${escapeHtml(group.label)}</h2>`);
    else parts.push('<h2>Metrics</h2>');
    parts.push(
      htmlTable(
        ['metric', 'mean', '± 95%', 'interval'],
        rows.map(({ row, ci }) => [row.metric, formatMetric(ci.mean, row.unit), formatMetric(ci.halfWidth, row.unit), `${formatMetric(ci.low, row.unit)} … ${formatMetric(ci.high, row.unit)}`]),
      ),
    );
    for (const [order, { row, ci }] of rows.entries()) {
      const scale = DISPLAY[row.unit].scale;
      bars.push({ row, bar: { metric: metricLabel(row), order, run: runs[g] as string, value: ci.mean * scale, low: ci.low * scale, high: ci.high * scale, note: `± ${formatMetric(ci.halfWidth, row.unit)}` } });
    }
  }
  parts.push('<h2>Charts</h2>', ...chartPair('replications', 'mean and 95 % interval', runs, bars));
  return htmlPage(`${scenario}: replications`, parts.join('\n'));
}
