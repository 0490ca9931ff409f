import type { TopLevelSpec } from 'vega-lite';
import { LINK_DROP_REASONS, type LinkDropReason } from '../../model/context.ts';
import type { RunResult } from '../../scenario/run.ts';
import { CONVERGENCE_SHARES, CURVE_POINTS_NS, type GossipEventResult } from '../../stats/gossip-monitor.ts';
import { CHART_CONFIG } from './render-chart.ts';

/** Most bars a chart shows; the CSV files hold the rest. */
const MAX_BARS = 25;
/** Links and cores below this utilisation would show as an empty 0 % bar; the CSV files list them. */
const SHOWN_UTILISATION = 0.0005;

/**
 * One-way delay of each workload as a tail distribution: the share of packets slower than a
 * delay (1 − F) on a log axis, so p99 (0.01) and p99.9 (0.001) stand apart instead of
 * crowding the top of a CDF. Delay on a log axis too, µs. (No `clip`: Vega numbers clip
 * paths with a counter across renders, which would make report.html depend on what was
 * rendered before it.)
 */
export function latencyCdfSpec(result: RunResult): TopLevelSpec | undefined {
  // latency.csv's percentiles run to 99.9 (shown) and 99.99 (left out: the axis stops at 0.001,
  // and p99.99 needs ten thousand packets to mean anything); p99.9 needs a thousand.
  const values = result.workloads.flatMap((w) =>
    w.delayCdf
      .filter((c) => c.percentile <= (w.delay.count >= 1000 ? 99.9 : 99))
      .map((c) => ({ workload: w.workload, delayUs: Math.max(c.delayNs, 1) / 1000, slower: Math.round((1 - c.percentile / 100) * 1e6) / 1e6 })),
  );
  if (values.length === 0) return undefined;
  return {
    title: 'One-way delay per workload: share of packets slower than a delay (1 − CDF)',
    width: 640,
    height: 280,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', point: { size: 12 } },
    encoding: {
      x: { field: 'delayUs', type: 'quantitative', scale: { type: 'log' }, title: 'one-way delay (µs, log scale)' },
      y: { field: 'slower', type: 'quantitative', scale: { type: 'log', domain: [0.001, 1] }, title: 'share slower (log scale: 0.01 = p99, 0.001 = p99.9)' },
      color: { field: 'workload', type: 'nominal', title: 'workload' },
    },
  };
}

/**
 * Where packets were lost: link queues, random loss on links, packets above a link's MTU,
 * CPU backlogs, and fragmented datagrams given up on. Undefined when nothing was lost.
 */
export function dropsSpec(result: RunResult): TopLevelSpec | undefined {
  const REASONS: Record<LinkDropReason, string> = { 'queue-full': 'link queue full', loss: 'random loss on a link', 'mtu-exceeded': 'above a link MTU (DF set)' };
  const values = [
    ...LINK_DROP_REASONS.map((r) => ({ where: REASONS[r], packets: result.links.reduce((sum, l) => sum + l.drops[r], 0) })),
    { where: 'CPU backlog full', packets: result.cores.reduce((sum, c) => sum + c.backlogDrops, 0) },
    { where: 'fragments not reassembled (datagrams)', packets: result.flows.reduce((sum, f) => sum + f.reassemblyTimeouts, 0) },
  ].filter((v) => v.packets > 0);
  if (values.length === 0) return undefined;
  return barSpec('Where packets were lost', values, 'where', 'packets', 'packets lost');
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
    .filter((l) => l.utilisation >= SHOWN_UTILISATION)
    .sort((a, b) => b.utilisation - a.utilisation || a.link.localeCompare(b.link))
    .slice(0, MAX_BARS)
    .map((l) => ({ link: l.link, utilisation: l.utilisation }));
  if (values.length === 0) return undefined;
  return barSpec('Link utilisation (busiest directions)', values, 'link', 'utilisation', 'utilisation', undefined, '%');
}

/** Utilisation of the busiest CPU cores. */
export function coreUtilisationSpec(result: RunResult): TopLevelSpec | undefined {
  const values = [...result.cores]
    .filter((c) => c.utilisation >= SHOWN_UTILISATION)
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

/**
 * What is known of one event's share informed over time: the fixed curve samples and the
 * times it reached 50, 90, 99 and 100 %, as (time after the event, share) steps, running
 * maximum; and how long after the event the run went on.
 */
function knownShares(e: GossipEventResult, durationNs: number): { steps: [number, number][]; horizonNs: number } {
  const points: [number, number][] = [];
  CURVE_POINTS_NS.forEach((t, i) => {
    const share = e.curve[i];
    if (share !== undefined) points.push([t, share]);
  });
  e.reachNs.forEach((t, i) => {
    if (t !== undefined) points.push([t, CONVERGENCE_SHARES[i] as number]);
  });
  points.sort((x, y) => x[0] - y[0]);
  let max = 0;
  return { steps: points.map(([t, share]) => [t, (max = Math.max(max, share))]), horizonNs: durationNs - e.startNs };
}

/** An event's share at `t` from its steps: the last known value at or before `t` (0 before any). */
function shareAt(steps: readonly [number, number][], t: number): number {
  let share = 0;
  for (const [time, value] of steps) if (time <= t) share = value;
  return share;
}

/**
 * Gossip convergence: the mean share of hosts informed against time after each kind of event,
 * from the curve samples and each event's own reach times, so an event that converged between
 * two samples reaches 100 % on the chart where it did, not at the next sample past the run.
 */
export function gossipConvergenceSpec(result: RunResult): TopLevelSpec | undefined {
  const events = result.gossip?.events ?? [];
  const values: { kind: string; afterS: number; share: number }[] = [];
  for (const kind of [...new Set(events.map((e) => e.kind))]) {
    const mine = events.filter((e) => e.kind === kind).map((e) => knownShares(e, result.durationNs));
    const times = [...new Set(mine.flatMap((m) => m.steps.map(([t]) => t)))].filter((t) => t > 0).sort((x, y) => x - y);
    for (const t of times) {
      const seen = mine.filter((m) => t <= m.horizonNs);
      if (seen.length > 0) values.push({ kind, afterS: t / 1e9, share: seen.reduce((sum, m) => sum + shareAt(m.steps, t), 0) / seen.length });
    }
  }
  if (values.length === 0) return undefined;
  return {
    title: 'Gossip convergence: mean share of hosts informed after each kind of event',
    width: 640,
    height: 260,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', point: { size: 10 } },
    encoding: {
      x: { field: 'afterS', type: 'quantitative', scale: { type: 'log' }, title: 'time after the event (s, log scale)' },
      y: { field: 'share', type: 'quantitative', title: 'share of hosts informed', axis: { format: '%' }, scale: { domain: [0, 1] } },
      color: { field: 'kind', type: 'nominal', title: 'event' },
    },
  };
}

/** Lines a time-series chart draws at most: the entities with the largest mean. */
const MAX_SERIES = 8;

/**
 * A time series from intervals.csv: one line per entity of `kind` for `metric`, the
 * {@link MAX_SERIES} with the largest mean value.
 */
export function intervalSpec(result: RunResult, kind: 'link' | 'flow' | 'core', metric: string, title: string, axisTitle: string, scale = 1, format?: string): TopLevelSpec | undefined {
  const rows = (result.intervals ?? []).filter((r) => r.kind === kind && r.metric === metric);
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(r.entity, (sums.get(r.entity) ?? 0) + r.value);
  const top = new Set([...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_SERIES).map(([entity]) => entity));
  const values = rows.filter((r) => top.has(r.entity)).map((r) => ({ timeS: r.timeNs / 1e9, entity: r.entity, value: r.value * scale }));
  if (values.length === 0) return undefined;
  return {
    title: `${title}${sums.size > top.size ? ` (${top.size} of ${sums.size})` : ''}`,
    width: 640,
    height: 220,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: 'line', point: { size: 14 } },
    encoding: {
      x: { field: 'timeS', type: 'quantitative', title: 'simulated time, end of interval (s)' },
      y: { field: 'value', type: 'quantitative', title: axisTitle, ...(format ? { axis: { format } } : {}) },
      color: { field: 'entity', type: 'nominal', title: kind, legend: { labelLimit: 240 } },
    },
  };
}
