import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../../scenario/run.ts';
import { CHART_CONFIG } from './render-chart.ts';

/** Most bars a chart shows; the CSV files hold the rest. */
const MAX_BARS = 25;

/** One-way delay CDF of each workload (log-scaled delay axis, µs). */
export function latencyCdfSpec(result: RunResult): TopLevelSpec | undefined {
  const values = result.workloads.flatMap((w) => w.delayCdf.map((c) => ({ workload: w.workload, delayUs: Math.max(c.delayNs, 1) / 1000, share: c.percentile / 100 })));
  if (values.length === 0) return undefined;
  return {
    title: 'One-way delay, cumulative distribution per workload',
    width: 640,
    height: 280,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'delayUs', type: 'quantitative', scale: { type: 'log' }, title: 'one-way delay (µs, log scale)' },
      y: { field: 'share', type: 'quantitative', title: 'share of packets', axis: { format: '%' } },
      color: { field: 'workload', type: 'nominal', title: 'workload' },
    },
  };
}

/** Goodput of the busiest flows. */
export function flowGoodputSpec(result: RunResult): TopLevelSpec | undefined {
  const values = [...result.flows]
    .sort((a, b) => b.goodputBps - a.goodputBps || a.flow.localeCompare(b.flow))
    .slice(0, MAX_BARS)
    .map((f) => ({ flow: f.flow, goodputMbps: f.goodputBps / 1e6, workload: f.workload }));
  if (values.length === 0) return undefined;
  return barSpec(`Goodput per flow (top ${values.length} of ${result.flows.length})`, values, 'flow', 'goodputMbps', 'goodput (Mbit/s)', 'workload');
}

/** Utilisation of the busiest link directions. */
export function linkUtilisationSpec(result: RunResult): TopLevelSpec | undefined {
  const values = [...result.links]
    .filter((l) => l.txPackets > 0)
    .sort((a, b) => b.utilisation - a.utilisation || a.link.localeCompare(b.link))
    .slice(0, MAX_BARS)
    .map((l) => ({ link: l.link, utilisation: l.utilisation }));
  if (values.length === 0) return undefined;
  return barSpec('Link utilisation (busiest directions)', values, 'link', 'utilisation', 'utilisation', undefined, '%');
}

/** Utilisation of the busiest CPU cores. */
export function coreUtilisationSpec(result: RunResult): TopLevelSpec | undefined {
  const values = [...result.cores]
    .filter((c) => c.packets > 0)
    .sort((a, b) => b.utilisation - a.utilisation || a.host.localeCompare(b.host) || a.core - b.core)
    .slice(0, MAX_BARS)
    .map((c) => ({ core: `${c.host}/cpu${c.core}`, utilisation: c.utilisation }));
  if (values.length === 0) return undefined;
  return barSpec('CPU core utilisation (busiest cores)', values, 'core', 'utilisation', 'utilisation', undefined, '%');
}

function barSpec(title: string, values: object[], category: string, measure: string, axisTitle: string, colour?: string, format?: string): TopLevelSpec {
  return {
    title,
    width: 560,
    height: { step: 16 },
    config: CHART_CONFIG,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: category, type: 'nominal', sort: null, title: null },
      x: { field: measure, type: 'quantitative', title: axisTitle, ...(format ? { axis: { format } } : {}) },
      ...(colour ? { color: { field: colour, type: 'nominal' } } : {}),
    },
  };
}
