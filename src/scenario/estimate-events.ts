import type { ResolvedScenario, ResolvedWorkload } from './resolve.ts';

/**
 * Events per offered packet, a rough upper figure: a packet costs an event per link it crosses
 * (two to four here) and per CPU stage at each end; TCP adds an ACK for every second segment.
 * The shipped scenarios process 1.5 to 8 (see offered-packets-bound-shipped-runs.test.ts).
 */
export const EVENTS_PER_PACKET = 10;

/** TCP sends an ACK for every second full segment: 1.5 packets per data segment. */
const TCP_PACKETS_PER_SEGMENT = 1.5;

/**
 * Packets the scenario's workloads offer over `untilNs` (default: the whole duration): each
 * UDP and ping pair at its packet rate; each TCP pair at the line rate of its sender's access
 * link (the most a connection can send), capped by the bytes a tcp-bulk transfer has, and an
 * open-loop tcp-rpc pair at its request rate; twice that for an external client in ingress mode.
 * Gossip traffic is not counted.
 */
export function offeredPackets(scenario: ResolvedScenario, untilNs = scenario.durationNs): number {
  const endNs = Math.min(untilNs, scenario.durationNs);
  const accessBps = accessRates(scenario);
  let packets = 0;
  for (const w of scenario.workloads) {
    const activeS = Math.max(0, Math.min(w.stopNs, endNs) - w.startNs) / 1e9;
    // A routing-mesh packet may cross the underlay twice: to the node, then over the extra hop.
    const legs = w.ingress?.mode === 'ingress' ? 2 : 1;
    for (const pair of w.pairs) packets += legs * pairPackets(w, activeS, accessBps[pair.srcHost] ?? 0);
  }
  return packets;
}

/** A rough count of the events a run will process; see {@link EVENTS_PER_PACKET}. */
export function estimatedEvents(scenario: ResolvedScenario, untilNs?: number): number {
  return Math.ceil(offeredPackets(scenario, untilNs) * EVENTS_PER_PACKET);
}

function pairPackets(w: ResolvedWorkload, activeS: number, accessBps: number): number {
  if (w.tcp === undefined) {
    const perPair = (activeS * 1e9) / w.intervalNs;
    return w.kind === 'ping' ? 2 * perPair : perPair;
  }
  const segmentsAtLineRate = (accessBps * activeS) / (8 * w.packetBytes);
  const rpc = w.tcp.rpc;
  let segments = segmentsAtLineRate;
  if (rpc && rpc.ratePerS > 0) {
    const perRequest = Math.ceil(rpc.requestBytes / w.payloadBytes) + Math.ceil(rpc.responseBytes / w.payloadBytes);
    segments = Math.min(segments, rpc.ratePerS * activeS * perRequest);
  } else if (!rpc && Number.isFinite(w.tcp.bytes)) {
    segments = Math.min(segments, Math.ceil(w.tcp.bytes / w.payloadBytes) * w.tcp.connections);
  }
  return segments * TCP_PACKETS_PER_SEGMENT;
}

/** The fastest link each host has, bit/s. */
function accessRates(scenario: ResolvedScenario): number[] {
  const index = new Map(scenario.topology.hosts.map((h, i) => [h, i]));
  const rates = scenario.topology.hosts.map(() => 0);
  for (const l of scenario.topology.links) {
    for (const end of [l.a, l.b]) {
      const h = index.get(end);
      if (h !== undefined) rates[h] = Math.max(rates[h] as number, l.params.rateBps);
    }
  }
  return rates;
}
