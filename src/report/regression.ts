import { type ComparisonRow, comparisonRows, deltaPercent, formatMetric } from './comparison.ts';
import { markdownTable } from './markdown.ts';
import type { Summary } from './summary.ts';

/** How a metric may move: up, down, or not at all (exact counts). */
export type Better = ComparisonRow['better'] | 'equal';

/** One metric of a checked run. */
export interface CheckedMetric {
  name: string;
  value: number;
  unit: ComparisonRow['unit'];
  better: Better;
}

/** A stored baseline: metric name → value, direction and an optional tolerance of its own. */
export interface Baseline {
  /** Default tolerance, a fraction (0.05 = 5%). */
  tolerance: number;
  metrics: Record<string, { value: number; unit: CheckedMetric['unit']; better: Better; tolerance?: number }>;
}

/** The metrics `check` compares for one run: the headline rows, and exact engine counts. */
export function checkedMetrics(label: string, summary: Summary): CheckedMetric[] {
  const rows = comparisonRows([summary]).map((r) => ({ name: `${label}: ${r.metric}`, value: r.values[0] as number, unit: r.unit, better: r.better }));
  return [
    ...rows,
    { name: `${label}: events processed`, value: summary.engine.eventsProcessed, unit: 'count', better: 'equal' },
    { name: `${label}: packets created`, value: summary.engine.packetsCreated, unit: 'count', better: 'equal' },
  ];
}

/** Outcome of one metric against the baseline. */
export interface Verdict {
  metric: CheckedMetric;
  baseline: number | undefined;
  tolerance: number;
  status: 'ok' | 'better' | 'regression' | 'changed' | 'new' | 'missing';
}

/**
 * Compares metrics with a baseline. A metric whose better direction is higher regresses when it
 * falls below baseline × (1 − tolerance); lower-is-better when it rises above baseline ×
 * (1 + tolerance). Exact counts must
 * not change at all. A baseline metric the run no longer has is reported missing, and fails.
 */
export function judge(metrics: readonly CheckedMetric[], baseline: Baseline): Verdict[] {
  const verdicts: Verdict[] = metrics.map((metric) => {
    const base = baseline.metrics[metric.name];
    const tolerance = base?.tolerance ?? baseline.tolerance;
    if (base === undefined) return { metric, baseline: undefined, tolerance, status: 'new' };
    const b = base.value;
    const v = metric.value;
    let status: Verdict['status'] = 'ok';
    // A value that is not a finite number (NaN from an empty set) can only match itself.
    if (!Number.isFinite(v) || !Number.isFinite(b) || metric.better === 'equal') status = Object.is(v, b) ? 'ok' : 'changed';
    else if (metric.better === 'higher') status = v < b * (1 - tolerance) ? 'regression' : v > b * (1 + tolerance) ? 'better' : 'ok';
    else status = v > b * (1 + tolerance) ? 'regression' : v < b * (1 - tolerance) ? 'better' : 'ok';
    return { metric, baseline: b, tolerance, status };
  });
  const seen = new Set(metrics.map((m) => m.name));
  for (const [name, base] of Object.entries(baseline.metrics)) {
    if (!seen.has(name)) verdicts.push({ metric: { name, value: Number.NaN, unit: base.unit, better: base.better }, baseline: base.value, tolerance: base.tolerance ?? baseline.tolerance, status: 'missing' });
  }
  return verdicts;
}

/** True when any verdict fails the check. */
export function failed(verdicts: readonly Verdict[]): boolean {
  return verdicts.some((v) => v.status === 'regression' || v.status === 'changed' || v.status === 'missing');
}

function show(value: number | undefined, unit: CheckedMetric['unit']): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  return formatMetric(value, unit);
}

const STATUS_WORDS: Record<Verdict['status'], string> = {
  ok: 'ok',
  better: 'better',
  regression: '**REGRESSION**',
  changed: '**CHANGED**',
  new: 'new',
  missing: '**MISSING**',
};

/** A Markdown report for `$GITHUB_STEP_SUMMARY`: failures first, then the rest. */
export function checkMarkdown(verdicts: readonly Verdict[]): string {
  const bad = verdicts.filter((v) => ['regression', 'changed', 'missing'].includes(v.status));
  const head = bad.length === 0 ? `All ${verdicts.length} metrics within tolerance.` : `${bad.length} of ${verdicts.length} metrics regressed or changed.`;
  const ordered = [...bad, ...verdicts.filter((v) => !bad.includes(v))];
  const rows = ordered.map((v) => [
    v.metric.name,
    show(v.baseline, v.metric.unit),
    show(v.metric.value, v.metric.unit),
    v.baseline === undefined || Number.isNaN(v.metric.value) ? '—' : deltaPercent(v.baseline, v.metric.value),
    v.metric.better === 'equal' ? 'exact' : `${(v.tolerance * 100).toFixed(1)} %, ${v.metric.better} is better`,
    STATUS_WORDS[v.status],
  ]);
  return ['## overlaysim check', '', head, '', markdownTable(['metric', 'baseline', 'current', 'change', 'tolerance', 'status'], rows), ''].join('\n');
}

/** The baseline that `--update` writes: current values, keeping per-metric tolerances. */
export function updatedBaseline(metrics: readonly CheckedMetric[], previous: Baseline | undefined, tolerance: number): Baseline {
  return {
    tolerance,
    metrics: Object.fromEntries(
      metrics.map((m) => {
        const own = previous?.metrics[m.name]?.tolerance;
        return [m.name, { value: m.value, unit: m.unit, better: m.better, ...(own === undefined ? {} : { tolerance: own }) }];
      }),
    ),
  };
}

/** github-action-benchmark inputs: `customSmallerIsBetter` and `customBiggerIsBetter` entries. */
export function benchmarkActionJson(metrics: readonly CheckedMetric[]): { smaller: object[]; bigger: object[] } {
  const entry = (m: CheckedMetric) => ({ name: m.name, unit: m.unit, value: m.value });
  return {
    smaller: metrics.filter((m) => m.better === 'lower').map(entry),
    bigger: metrics.filter((m) => m.better === 'higher').map(entry),
  };
}
