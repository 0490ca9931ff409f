import { formatDurationNs } from '../core/units.ts';
import { didYouMean, formatPath } from './errors.ts';
import type { ScenarioConfig, WorkloadConfig } from './schema.ts';
import { expandTopology, type TopologySpec } from './topology-spec.ts';

/** IPv4 header without options, bytes. */
export const IPV4_HEADER_BYTES = 20;
/** UDP header, bytes. */
export const UDP_HEADER_BYTES = 8;
/** ICMP echo header, bytes. */
export const ICMP_ECHO_HEADER_BYTES = 8;
/** Largest IPv4 packet, bytes. */
export const MAX_IP_PACKET_BYTES = 65535;

/** A workload with hosts resolved to indices and every size and time in base units. */
export interface ResolvedWorkload {
  kind: 'udp-cbr' | 'udp-poisson' | 'ping';
  name: string;
  srcHost: number;
  dstHost: number;
  /** When sending starts and stops, ns. */
  startNs: number;
  stopNs: number;
  /** Application payload per packet (UDP or ICMP echo data), bytes. */
  payloadBytes: number;
  /** IP packet size, headers included, bytes. */
  packetBytes: number;
  /** Time between packets (the mean for Poisson), ns; may be fractional. */
  intervalNs: number;
}

/** Everything a run needs, with names resolved and units converted. */
export interface ResolvedScenario {
  name: string;
  description: string;
  seed: number;
  durationNs: number;
  topology: TopologySpec;
  workloads: ResolvedWorkload[];
}

/** A semantic problem found after the schema passed: a path and a message. */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Checks cross-references (names, sizes against MTUs, times against the duration) and turns
 * the validated config into a {@link ResolvedScenario}. Returns the issues instead when any.
 */
export function resolveScenario(config: ScenarioConfig): ResolvedScenario | PathIssue[] {
  const issues: PathIssue[] = [];
  const topology = expandTopology(config.underlay);
  checkTopology(config, issues);
  const hostIndex = new Map(topology.hosts.map((h, i) => [h, i]));
  const accessMtu = accessMtus(topology);
  const names = new Map<string, number>();
  const workloads: ResolvedWorkload[] = [];
  config.workloads.forEach((w, i) => {
    const path = ['workloads', i];
    const first = names.get(w.name);
    if (first !== undefined) issues.push({ path: [...path, 'name'], message: `duplicate workload name "${w.name}", already used by workloads[${first}]` });
    else names.set(w.name, i);
    const resolved = resolveWorkload(w, path, config.duration, hostIndex, issues);
    if (resolved === undefined) return;
    const mtu = accessMtu[resolved.srcHost] as number;
    if (resolved.packetBytes > mtu) {
      issues.push({
        path: [...path, w.kind === 'ping' ? 'payload' : w.payload !== undefined ? 'payload' : 'packetSize'],
        message: `makes ${resolved.packetBytes}-byte IP packets, above the ${mtu}-byte MTU of ${w.from}'s link; underlay traffic is not fragmented, so keep IP packets within the MTU`,
      });
    }
    workloads.push(resolved);
  });
  if (issues.length > 0) return issues;
  return { name: config.name, description: config.description ?? '', seed: config.seed, durationNs: config.duration, topology, workloads };
}

function checkTopology(config: ScenarioConfig, issues: PathIssue[]): void {
  const u = config.underlay;
  if (u.topology === 'leaf-spine' && u.racks > u.hosts) {
    issues.push({ path: ['underlay', 'racks'], message: `expected at most one rack per host (${u.hosts}), got ${u.racks}` });
  }
  if (u.topology !== 'explicit') return;
  const seen = new Map<string, PropertyKey[]>();
  const declare = (name: string, path: PropertyKey[]) => {
    const first = seen.get(name);
    if (first) issues.push({ path, message: `duplicate node name "${name}", already declared at ${formatPath(first)} (hosts and switches share one namespace)` });
    else seen.set(name, path);
  };
  u.hosts.forEach((h, i) => declare(h, ['underlay', 'hosts', i]));
  u.switches.forEach((s, i) => declare(s, ['underlay', 'switches', i]));
  u.links.forEach((l, i) => {
    l.between.forEach((end, j) => {
      if (!seen.has(end)) {
        issues.push({ path: ['underlay', 'links', i, 'between', j], message: `unknown node "${end}"${didYouMean(end, seen.keys())}; expected one of: ${listOf([...seen.keys()], 'nodes')}` });
      }
    });
    if (l.between[0] === l.between[1]) issues.push({ path: ['underlay', 'links', i, 'between'], message: `a link cannot join "${l.between[0]}" to itself` });
  });
  if (issues.length === 0) checkConnected(u.hosts, u.links.map((l) => l.between), issues);
}

/**
 * Reports hosts that no chain of links joins, naming the separate groups of nodes. (Routing
 * also refuses paths that transit a host; the build step reports those rarer cases.)
 */
function checkConnected(hosts: readonly string[], links: readonly (readonly [string, string])[], issues: PathIssue[]): void {
  const parent = new Map<string, string>();
  const root = (n: string): string => {
    let r = n;
    while (parent.has(r)) r = parent.get(r) as string;
    if (r !== n) parent.set(n, r);
    return r;
  };
  for (const [a, b] of links) if (root(a) !== root(b)) parent.set(root(a), root(b));
  const isHost = new Set(hosts);
  const groups = new Map<string, Set<string>>();
  for (const n of [...hosts, ...links.flat()]) {
    const r = root(n);
    groups.set(r, (groups.get(r) ?? new Set()).add(n));
  }
  const withHosts = [...groups.values()].map((g) => [...g]).filter((g) => g.some((n) => isHost.has(n)));
  if (withHosts.length < 2) return;
  const [a, b] = withHosts as [string[], string[]];
  issues.push({
    path: ['underlay', 'links'],
    message:
      `the topology is disconnected: no chain of links joins host ${a.find((n) => isHost.has(n))} to host ${b.find((n) => isHost.has(n))}; ` +
      `the ${withHosts.length} separate groups are ${listOf(withHosts.map((g) => `{${listOf(g, 'nodes', 6)}}`), 'groups', 3)}; add links that join them`,
  });
}

/** `a, b, c`, shortened for long lists such as generated host names: `h1, h2, h3, …, h16 (16 hosts)`. */
function listOf(names: readonly string[], noun: string, max = 12): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, 3).join(', ')}, …, ${names[names.length - 1]} (${names.length} ${noun})`;
}

/** The smallest MTU among each host's own links. */
function accessMtus(topology: TopologySpec): number[] {
  const index = new Map(topology.hosts.map((h, i) => [h, i]));
  const mtu = topology.hosts.map(() => Infinity);
  for (const l of topology.links) {
    for (const end of [l.a, l.b]) {
      const h = index.get(end);
      if (h !== undefined) mtu[h] = Math.min(mtu[h] as number, l.params.mtuBytes);
    }
  }
  return mtu;
}

function resolveWorkload(
  w: WorkloadConfig,
  path: PropertyKey[],
  durationNs: number,
  hostIndex: Map<string, number>,
  issues: PathIssue[],
): ResolvedWorkload | undefined {
  const before = issues.length;
  const host = (field: 'from' | 'to') => {
    const h = hostIndex.get(w[field]);
    if (h === undefined) {
      issues.push({ path: [...path, field], message: `unknown host "${w[field]}"${didYouMean(w[field], hostIndex.keys())}; expected one of: ${listOf([...hostIndex.keys()], 'hosts')}` });
    }
    return h ?? -1;
  };
  const srcHost = host('from');
  const dstHost = host('to');
  const startNs = w.start;
  const stopNs = w.stop ?? durationNs;
  if (startNs >= durationNs) {
    issues.push({ path: [...path, 'start'], message: `expected a start before the end of the run (duration ${formatDurationNs(durationNs)}), got ${formatDurationNs(startNs)}` });
  } else if (stopNs <= startNs) {
    issues.push({ path: [...path, 'stop'], message: `expected stop to be later than start (${formatDurationNs(startNs)}), got ${formatDurationNs(stopNs)}` });
  }

  if (w.kind === 'ping') {
    const packetBytes = w.payload + ICMP_ECHO_HEADER_BYTES + IPV4_HEADER_BYTES;
    if (packetBytes > MAX_IP_PACKET_BYTES) issues.push({ path: [...path, 'payload'], message: `makes a ${packetBytes}-byte IP packet, above the IPv4 limit of ${MAX_IP_PACKET_BYTES}` });
    if (issues.length > before) return undefined;
    return { kind: 'ping', name: w.name, srcHost, dstHost, startNs, stopNs, payloadBytes: w.payload, packetBytes, intervalNs: w.interval };
  }

  const headers = IPV4_HEADER_BYTES + UDP_HEADER_BYTES;
  let payloadBytes = 0;
  if (w.payload !== undefined && w.packetSize !== undefined) {
    issues.push({ path: [...path, 'packetSize'], message: 'expected payload or packetSize, not both: payload is the UDP payload (e.g. 1472B), packetSize the whole IP packet (e.g. 1500B)' });
  } else if (w.payload === undefined && w.packetSize === undefined) {
    issues.push({ path, message: 'missing payload or packetSize: give payload (UDP payload, e.g. 1472B) or packetSize (IP packet, e.g. 1500B)' });
  } else if (w.packetSize !== undefined) {
    payloadBytes = w.packetSize - headers;
    if (payloadBytes < 0) issues.push({ path: [...path, 'packetSize'], message: `expected at least ${headers}B (IPv4 + UDP headers), got ${w.packetSize}B` });
  } else payloadBytes = w.payload as number;
  const packetBytes = payloadBytes + headers;
  if (packetBytes > MAX_IP_PACKET_BYTES) issues.push({ path, message: `makes a ${packetBytes}-byte IP packet, above the IPv4 limit of ${MAX_IP_PACKET_BYTES}` });

  let intervalNs = 0;
  if (w.rate !== undefined && w.packetRate !== undefined) {
    issues.push({ path: [...path, 'packetRate'], message: 'expected rate or packetRate, not both: rate is the payload bit rate (e.g. 500Mbps), packetRate the packets per second (e.g. 2000/s)' });
  } else if (w.rate === undefined && w.packetRate === undefined) {
    issues.push({ path, message: 'missing rate or packetRate: give rate (payload bit rate, e.g. 500Mbps) or packetRate (e.g. 2000/s)' });
  } else if (w.packetRate !== undefined) intervalNs = 1e9 / w.packetRate;
  else if (payloadBytes === 0) issues.push({ path: [...path, 'rate'], message: 'a payload bit rate needs a payload above 0B; use packetRate for empty packets' });
  else intervalNs = (payloadBytes * 8 * 1e9) / (w.rate as number);
  if (issues.length === before && intervalNs < 1) {
    issues.push({ path, message: `sends a packet every ${intervalNs.toFixed(3)} ns; expected at most one packet per nanosecond` });
  }
  if (issues.length > before) return undefined;
  return { kind: w.kind, name: w.name, srcHost, dstHost, startNs, stopNs, payloadBytes, packetBytes, intervalNs };
}
