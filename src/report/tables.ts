import { LINK_DROP_REASONS } from '../model/context.ts';
import type { RunResult } from '../scenario/run.ts';
import type { DelaySummary } from '../stats/delay-recorder.ts';

/** A table as a header row and data rows of primitive cells. */
export interface Table {
  columns: string[];
  rows: (string | number)[][];
}

/** Ratios are written with 6 decimals so files are stable and readable. */
export function ratio(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A delay summary's cells; empty when nothing was measured, so no-data never reads as 0 ns. */
export function delayCells(d: DelaySummary, fields: readonly (keyof Omit<DelaySummary, 'count'>)[]): (number | '')[] {
  return fields.map((f) => (d.count === 0 ? '' : d[f]));
}

/** flows.csv: one row per flow, FlowMonitor-like. Times in integer ns, rates in bit/s. */
export function flowTable(result: RunResult): Table {
  const columns = [
    'flow', 'workload', 'protocol', 'src', 'dst', 'cpuCore',
    'txPackets', 'txBytes', 'rxPackets', 'rxBytes', 'lostPackets', 'inFlightPackets', 'lossRatio',
    'underlayPackets', 'underlayBytes', 'reassemblyTimeouts',
    'delayMinNs', 'delayMeanNs', 'delayP50Ns', 'delayP90Ns', 'delayP99Ns', 'delayP999Ns', 'delayMaxNs',
    'jitterMeanNs', 'goodputBps', 'throughputBps', 'wireThroughputBps',
    'rttMinNs', 'rttMeanNs', 'rttP50Ns', 'rttP99Ns', 'rttMaxNs',
  ];
  const rows = result.flows.map((f) => [
    f.flow, f.workload, f.protocol, f.src, f.dst, f.cpuCore,
    f.txPackets, f.txBytes, f.rxPackets, f.rxBytes, f.lostPackets, f.inFlightPackets, ratio(f.lossRatio),
    f.underlayPackets, f.underlayBytes, f.reassemblyTimeouts,
    ...delayCells(f.delay, ['minNs', 'meanNs', 'p50Ns', 'p90Ns', 'p99Ns', 'p999Ns', 'maxNs']),
    f.rxPackets < 2 ? '' : f.jitterMeanNs, f.goodputBps, f.throughputBps, f.wireThroughputBps,
    ...(f.rtt ? delayCells(f.rtt, ['minNs', 'meanNs', 'p50Ns', 'p99Ns', 'maxNs']) : ['', '', '', '', '']),
  ]);
  return { columns, rows };
}

/** links.csv: one row per link direction. */
export function linkTable(result: RunResult): Table {
  const columns = [
    'link', 'rateBps', 'txPackets', 'txBytes', 'utilisation', 'peakQueuePackets', 'peakQueueBytes',
    'queueWaitMeanNs', 'noWaitShare', ...LINK_DROP_REASONS.map((r) => `drops_${r}`),
  ];
  const rows = result.links.map((l) => [
    l.link, l.rateBps, l.txPackets, l.txBytes, ratio(l.utilisation), l.peakQueuePackets, l.peakQueueBytes,
    Math.round(l.queueWaitMeanNs * 1000) / 1000, ratio(l.noWaitShare), ...LINK_DROP_REASONS.map((r) => l.drops[r]),
  ]);
  return { columns, rows };
}

/** cpu.csv: one row per core of every host. */
export function cpuTable(result: RunResult): Table {
  const columns = ['host', 'core', 'packets', 'busyNs', 'utilisation', 'backlogDrops'];
  const rows = result.cores.map((c) => [c.host, c.core, c.packets, c.busyNs, ratio(c.utilisation), c.backlogDrops]);
  return { columns, rows };
}

/** latency.csv: each workload's one-way delay at percentiles 1..100 (a CDF, long form). */
export function latencyTable(result: RunResult): Table {
  const rows = result.workloads.flatMap((w) => w.delayCdf.map((c) => [w.workload, c.percentile, c.delayNs]));
  return { columns: ['workload', 'percentile', 'delayNs'], rows };
}

/** intervals.csv: per-interval figures of links, flows and cores, long form; utilisation to 6 decimals, bit/s and ns whole. */
export function intervalTable(result: RunResult): Table {
  const rows = (result.intervals ?? []).map((r) => [r.timeNs, r.kind, r.entity, r.metric, r.metric === 'utilisation' ? ratio(r.value) : Math.round(r.value)]);
  return { columns: ['timeNs', 'kind', 'entity', 'metric', 'value'], rows };
}
