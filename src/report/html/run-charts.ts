import type { TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../../scenario/run.ts';
import { CURVE_POINTS_NS } from '../../stats/gossip-monitor.ts';
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

/** Gossip convergence: the mean share of hosts informed against time after each kind of event. */
export function gossipConvergenceSpec(result: RunResult): TopLevelSpec | undefined {
  const events = result.gossip?.events ?? [];
  const values: { kind: string; afterS: number; share: number }[] = [];
  for (const kind of [...new Set(events.map((e) => e.kind))]) {
    const mine = events.filter((e) => e.kind === kind);
    CURVE_POINTS_NS.forEach((afterNs, i) => {
      const shares = mine.map((e) => e.curve[i]).filter((x): x is number => x !== undefined);
      if (shares.length > 0) values.push({ kind, afterS: afterNs / 1e9, share: shares.reduce((a, b) => a + b, 0) / shares.length });
    });
  }
  if (values.length === 0) return undefined;
  return {
    title: 'Gossip convergence: mean share of hosts informed after each kind of event',
    width: 640,
    height: 260,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'afterS', type: 'quantitative', scale: { type: 'log' }, title: 'time after the event (s, log scale)' },
      y: { field: 'share', type: 'quantitative', title: 'share of hosts informed', axis: { format: '%' }, scale: { domain: [0, 1] } },
      color: { field: 'kind', type: 'nominal', title: 'event' },
    },
  };
}
