import { formatDurationNs, formatRateBps } from '../core/units.ts';
import { markdownTable } from './markdown.ts';
import type { Summary } from './summary.ts';

/** One compared metric: its value in each run, and which direction is better. */
export interface ComparisonRow {
  /** `<workload>: <quantity>` for a workload's metric, else the metric's name. */
  metric: string;
  /** The workload a metric belongs to; absent for whole-run metrics. */
  workload?: string;
  values: number[];
  unit: 'bps' | 'ns' | 'ratio' | 'cores' | 'cpu-s/GB' | 'count' | 'B/s';
  better: 'higher' | 'lower';
}

/** The headline metrics of several runs, row by row; workloads present in every run only. */
export function comparisonRows(summaries: readonly Summary[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const first = summaries[0];
  if (!first) return rows;
  for (const w of first.workloads) {
    const each = summaries.map((s) => s.workloads.find((x) => x.workload === w.workload));
    if (each.some((x) => x === undefined)) continue;
    const all = each as NonNullable<(typeof each)[number]>[];
    rows.push({ workload: w.workload, metric: `${w.workload}: goodput`, values: all.map((x) => x.goodputBps), unit: 'bps', better: 'higher' });
    rows.push({ workload: w.workload, metric: `${w.workload}: delay mean`, values: all.map((x) => x.delay.meanNs), unit: 'ns', better: 'lower' });
    rows.push({ workload: w.workload, metric: `${w.workload}: delay p50`, values: all.map((x) => x.delay.p50Ns), unit: 'ns', better: 'lower' });
    rows.push({ workload: w.workload, metric: `${w.workload}: delay p99`, values: all.map((x) => x.delay.p99Ns), unit: 'ns', better: 'lower' });
    rows.push({ workload: w.workload, metric: `${w.workload}: loss`, values: all.map((x) => x.lossRatio), unit: 'ratio', better: 'lower' });
    if (all.every((x) => x.rtt)) {
      rows.push({ workload: w.workload, metric: `${w.workload}: rtt p50`, values: all.map((x) => x.rtt?.p50Ns ?? 0), unit: 'ns', better: 'lower' });
      rows.push({ workload: w.workload, metric: `${w.workload}: rtt p99`, values: all.map((x) => x.rtt?.p99Ns ?? 0), unit: 'ns', better: 'lower' });
    }
    if (all.every((x) => x.tcp?.requestLatency)) {
      rows.push({ workload: w.workload, metric: `${w.workload}: request latency p50`, values: all.map((x) => x.tcp?.requestLatency?.p50Ns ?? 0), unit: 'ns', better: 'lower' });
      rows.push({ workload: w.workload, metric: `${w.workload}: request latency p99`, values: all.map((x) => x.tcp?.requestLatency?.p99Ns ?? 0), unit: 'ns', better: 'lower' });
    }
    if (all.every((x) => x.tcp?.flowCompletion)) {
      rows.push({ workload: w.workload, metric: `${w.workload}: flow completion p50`, values: all.map((x) => x.tcp?.flowCompletion?.p50Ns ?? 0), unit: 'ns', better: 'lower' });
    }
    if (all.every((x) => x.tcp)) {
      rows.push({ workload: w.workload, metric: `${w.workload}: retransmitted segments`, values: all.map((x) => x.tcp?.retransmittedSegments ?? 0), unit: 'count', better: 'lower' });
    }
    if (all.every((x) => x.ingress)) {
      rows.push({ workload: w.workload, metric: `${w.workload}: extra-hop share`, values: all.map((x) => x.ingress?.extraHopShare ?? 0), unit: 'ratio', better: 'lower' });
    }
  }
  const t = (pick: (s: Summary) => number) => summaries.map(pick);
  rows.push({ metric: 'total goodput', values: t((s) => s.totals.goodputBps), unit: 'bps', better: 'higher' });
  rows.push({ metric: 'CPU cores used', values: t((s) => s.totals.cpuCoresUsed), unit: 'cores', better: 'lower' });
  rows.push({ metric: 'CPU seconds per GB', values: t((s) => s.totals.cpuSecondsPerGB), unit: 'cpu-s/GB', better: 'lower' });
  rows.push({ metric: 'busiest core utilisation', values: t((s) => s.totals.busiestCoreUtilisation), unit: 'ratio', better: 'lower' });
  rows.push({ metric: 'busiest link utilisation', values: t((s) => s.totals.busiestLinkUtilisation), unit: 'ratio', better: 'lower' });
  if (summaries.every((s) => s.gossip)) rows.push(...gossipRows(summaries.map((s) => s.gossip as NonNullable<Summary['gossip']>)));
  return rows;
}

/** Headline numbers of the gossip control plane. */
function gossipRows(g: readonly NonNullable<Summary['gossip']>[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [
    { metric: 'gossip: events that reached every host', values: g.map((x) => (x.events === 0 ? 1 : x.converged / x.events)), unit: 'ratio', better: 'higher' },
    { metric: 'gossip: table event to 99 % (median)', values: g.map((x) => x.tableReach99MedianNs), unit: 'ns', better: 'lower' },
    { metric: 'gossip: table event to 100 % (median)', values: g.map((x) => x.tableReach100MedianNs), unit: 'ns', better: 'lower' },
    { metric: 'gossip: bytes per node per second', values: g.map((x) => x.totals.bytesPerNodePerS.total ?? 0), unit: 'B/s', better: 'lower' },
    { metric: 'gossip: false suspicions', values: g.map((x) => x.totals.falseSuspicions), unit: 'count', better: 'lower' },
  ];
  if (g.every((x) => x.crashes > 0)) rows.push({ metric: 'gossip: failure detection (mean)', values: g.map((x) => x.failureDetectionMeanNs), unit: 'ns', better: 'lower' });
  return rows;
}

/** A metric value in human units. */
export function formatMetric(value: number, unit: ComparisonRow['unit']): string {
  switch (unit) {
    case 'bps':
      return formatRateBps(value);
    case 'ns':
      return formatDurationNs(value);
    case 'ratio':
      return `${(value * 100).toFixed(2)} %`;
    case 'cores':
    case 'cpu-s/GB':
      return value.toFixed(3);
    case 'count':
      return String(value);
    case 'B/s':
      return `${value.toFixed(1)} B/s`;
  }
}

/** Change from `base` to `value` in percent, as text; `n/a` when the base is zero. */
export function deltaPercent(base: number, value: number): string {
  if (base === 0) return value === 0 ? '0.0 %' : 'n/a';
  const d = ((value - base) / Math.abs(base)) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)} %`;
}

/** A Markdown table: metric, each run, and the change of each run against the first. */
export function comparisonMarkdown(labels: readonly string[], summaries: readonly Summary[]): string {
  const rows = comparisonRows(summaries);
  const header = ['metric', ...labels, ...labels.slice(1).map((l) => `Δ ${l} vs ${labels[0]}`)];
  const body = rows.map((r) => [
    r.metric,
    ...r.values.map((v) => formatMetric(v, r.unit)),
    ...r.values.slice(1).map((v) => deltaPercent(r.values[0] as number, v)),
  ]);
  return markdownTable(header, body);
}

/**
 * comparison.csv: one row per metric and run (long form, for spreadsheets and pandas); the
 * workload in its own column, empty for whole-run metrics.
 */
export function comparisonCsvRows(labels: readonly string[], summaries: readonly Summary[]): (string | number)[][] {
  const out: (string | number)[][] = [['workload', 'metric', 'unit', 'better', 'variant', 'value']];
  for (const r of comparisonRows(summaries)) {
    const metric = r.workload === undefined ? r.metric : r.metric.slice(r.workload.length + 2);
    r.values.forEach((v, i) => out.push([r.workload ?? '', metric, r.unit, r.better, labels[i] as string, v]));
  }
  return out;
}
