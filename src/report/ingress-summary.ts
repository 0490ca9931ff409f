import { formatDurationNs } from '../core/units.ts';
import type { RunResult } from '../scenario/run.ts';
import type { FlowResult } from '../stats/flow-monitor.ts';
import { ratio } from './tables.ts';
import { pieceCpuNs } from './piece-cpu.ts';

/** What the routing mesh did for one external workload (summary.json workloads[].ingress). */
export interface IngressSummary {
  service: string;
  publishedPort: number;
  mode: 'ingress' | 'host';
  /** Connections (TCP) or flows (UDP) the client opened through the published port. */
  connections: number;
  /** Of those, the ones the node they reached relayed to a task on another node. */
  extraHops: number;
  /** extraHops / connections, 0 to 1. */
  extraHopShare: number;
  /** Mean one-way delay of the packets (both directions) of connections served on the node they reached, ns; 0 when none. */
  localDelayMeanNs: number;
  /** The same for connections that took the extra hop, ns; 0 when none. */
  extraHopDelayMeanNs: number;
  /**
   * CPU of the extra hop for one packet of the workload's size sent alone: the ingress node
   * sending it over the ingress overlay and the task's node receiving it (stack, copy and
   * encapsulation on each side), ns. The same arithmetic the hosts charge; 0 with ideal hosts.
   */
  extraHopCpuNsPerPacket: number;
}

/** Packet-weighted mean one-way delay of flows, ns. */
function meanDelayNs(flows: readonly FlowResult[]): number {
  const count = flows.reduce((a, f) => a + f.delay.count, 0);
  return count === 0 ? 0 : Math.round(flows.reduce((a, f) => a + f.delay.meanNs * f.delay.count, 0) / count);
}

/** The routing-mesh figures of workload `name`, or undefined when it does not use a published port. */
export function ingressSummary(result: RunResult, name: string): IngressSummary | undefined {
  const w = result.scenario.workloads.find((x) => x.name === name);
  const target = w?.ingress;
  if (w === undefined || target === undefined) return undefined;
  const flows = result.flows.filter((f) => f.workload === name && f.extraHop !== undefined);
  const forward = flows.filter((f) => !f.flow.endsWith('/reverse'));
  const extraHops = forward.filter((f) => f.extraHop).length;
  const hostCpu = result.scenario.hostCpu;
  const path = target.overlay;
  const sideNs = pieceCpuNs(hostCpu, path.encap, path.innerMtu, Math.min(w.packetBytes, path.innerMtu), !hostCpu.offloads.enabled);
  return {
    service: target.service,
    publishedPort: target.publishedPort,
    mode: target.mode,
    connections: forward.length,
    extraHops,
    extraHopShare: forward.length === 0 ? 0 : ratio(extraHops / forward.length),
    localDelayMeanNs: meanDelayNs(flows.filter((f) => !f.extraHop)),
    extraHopDelayMeanNs: meanDelayNs(flows.filter((f) => f.extraHop)),
    extraHopCpuNsPerPacket: target.mode === 'host' ? 0 : Math.round(2 * sideNs),
  };
}

/** summary.md's routing-mesh table from the summary's workloads: one row per external workload; empty when there is none. */
export function ingressMarkdown(workloads: readonly { workload: string; ingress?: IngressSummary }[], table: (header: string[], rows: string[][]) => string): string {
  const rows = workloads.flatMap((w) => {
    const s = w.ingress;
    if (s === undefined) return [];
    return [[w.workload, `${s.service}:${s.publishedPort}`, s.mode, String(s.connections), `${(s.extraHopShare * 100).toFixed(1)} %`, formatDurationNs(s.localDelayMeanNs), formatDurationNs(s.extraHopDelayMeanNs), formatDurationNs(s.extraHopCpuNsPerPacket)]];
  });
  if (rows.length === 0) return '';
  const header = ['workload', 'published port', 'mode', 'connections', 'extra hop', 'delay mean, on the node', 'delay mean, extra hop', 'extra hop CPU per packet'];
  return ['## Routing mesh', '', table(header, rows)].join('\n');
}
