import { formatDurationNs } from '../core/units.ts';
import type { FlowPath } from '../model/flow.ts';
import { IPV4_HEADER_BYTES, type IpVersion, UDP_HEADER_BYTES } from '../model/overlay/encapsulation.ts';
import { DEFAULT_TCP, type TcpConfig } from '../model/transport/tcp-config.ts';
import { mssFor, segmentBytes } from '../model/transport/tcp-header.ts';
import type { ServiceTarget } from '../model/service/service-router.ts';
import type { IngressTarget } from '../model/service/ingress-router.ts';
import { resolveExternal } from './resolve-ingress.ts';
import { didYouMean } from './errors.ts';
import type { PathIssue } from './resolve.ts';
import type { ResolvedNetwork, Task } from './resolve-services.ts';
import { listOf } from './resolve-topology.ts';
import type { MeasureWindow } from '../stats/measure-window.ts';
import type { WorkloadConfig } from './schema.ts';
import type { ServiceConfig } from './schema-overlay.ts';

/** ICMP echo header, bytes. */
export const ICMP_ECHO_HEADER_BYTES = 8;
/** Largest IPv4 packet, bytes. */
export const MAX_IP_PACKET_BYTES = 65535;

/** One sender–receiver pair of a workload: one flow (two for ping). */
export interface FlowPair {
  /** Host or task names, for reports. */
  src: string;
  dst: string;
  srcHost: number;
  dstHost: number;
  path: FlowPath;
}

/** TCP settings of a tcp-bulk or tcp-rpc workload (the MSS comes from each pair's path). */
export interface ResolvedTcp {
  config: Omit<TcpConfig, 'mssBytes'>;
  /** Connections per pair. */
  connections: number;
  /** tcp-bulk: bytes per connection; Infinity to send until stop. */
  bytes: number;
  /** tcp-rpc: sizes and pacing; `ratePerS` 0 means closed loop. */
  rpc?: {
    requestBytes: number;
    responseBytes: number;
    ratePerS: number;
    poisson: boolean;
    thinkNs: number;
    /** Each request is routed to a task as a new connection (open loop to a service by vip or dnsrr). */
    perRequest: boolean;
  };
  /** Record cwnd and RTT time series. */
  vectors: boolean;
}

export type { MeasureWindow } from '../stats/measure-window.ts';

/** A workload with its endpoints resolved and every size and time in base units. */
export interface ResolvedWorkload {
  kind: 'udp-cbr' | 'udp-poisson' | 'ping' | 'tcp-bulk' | 'tcp-rpc';
  name: string;
  /** Network the traffic crosses; empty between two hosts. */
  network: string;
  pairs: FlowPair[];
  /** When sending starts and stops, ns. */
  startNs: number;
  stopNs: number;
  /** Application payload per packet (UDP or ICMP echo data), bytes. */
  payloadBytes: number;
  /** IP packet size, headers included, bytes. */
  packetBytes: number;
  /** Time between packets of one pair (the mean for Poisson), ns; may be fractional. For TCP: 0. */
  intervalNs: number;
  /** Its measurement window (its own, else the scenario's); undefined: its whole active span. */
  measure?: MeasureWindow;
  /** For tcp-bulk and tcp-rpc; payloadBytes and packetBytes are then the first pair's MSS and full segment. */
  tcp?: ResolvedTcp;
  /**
   * When `to` is a service reached by its VIP or by DNS round robin: each new connection (UDP:
   * each flow) is routed when it opens, and its receiver replaces the pair's `dst`.
   */
  service?: ServiceTarget;
  /**
   * When an external client reaches a service through a published port (`port`): each new
   * connection (UDP: flow) goes to a node in turn and the routing mesh picks its task.
   */
  ingress?: IngressTarget;
  /** With ingress: the MTU TCP's segment size follows, bytes (see resolveExternal). */
  tcpMtuBytes?: number;
}

/** What the workloads may refer to. */
export interface WorkloadContext {
  durationNs: number;
  /** The scenario's measurement window, if any. */
  measure: MeasureWindow | undefined;
  hostIndex: Map<string, number>;
  /** Smallest MTU of each host's links. */
  accessMtu: number[];
  ipVersion: IpVersion;
  networks: Map<string, ResolvedNetwork>;
  services: Record<string, ServiceConfig>;
  tasks: readonly Task[];
  /** Hosts have no CPU model (profile `none`), so the host-local path costs no time. */
  idealHosts: boolean;
  /** Hosts that are swarm nodes: all but the external clients. */
  swarmNodes: readonly number[];
  /** Tasks that scale and update events start during the run: a service reached by name may route to them once a host learns them. */
  laterTasks: readonly Task[];
}

/** Either end of a workload. */
interface Endpoint {
  /** A service (or one of its tasks), or a bare host. */
  service: string | undefined;
  /** The text named the whole service, not one task. */
  wholeService: boolean;
  names: string[];
  hosts: number[];
}

function endpointOf(text: string, ctx: WorkloadContext): Endpoint | undefined {
  const host = ctx.hostIndex.get(text);
  if (host !== undefined) return { service: undefined, wholeService: false, names: [text], hosts: [host] };
  const tasks = ctx.tasks.filter((t) => t.service === text || t.name === text);
  if (tasks.length > 0) return { service: tasks[0]?.service, wholeService: text in ctx.services, names: tasks.map((t) => t.name), hosts: tasks.map((t) => t.host) };
  return undefined;
}

/** The flow paths of a workload's pairs, and the network they use. */
function pathsOf(
  w: WorkloadConfig,
  path: PropertyKey[],
  src: Endpoint,
  dst: Endpoint,
  ctx: WorkloadContext,
  issues: PathIssue[],
): { network: string; pathOf: (srcHost: number) => FlowPath } | undefined {
  const bare = (srcHost: number): FlowPath => ({ encap: 'none', ipVersion: ctx.ipVersion, innerMtu: ctx.accessMtu[srcHost] as number, outerDf: false });
  if (src.service === undefined && dst.service === undefined) {
    if (w.network !== undefined) issues.push({ path: [...path, 'network'], message: 'traffic between two hosts crosses the bare underlay; network applies between services' });
    return { network: '', pathOf: bare };
  }
  if (src.service === undefined || dst.service === undefined) {
    issues.push({ path, message: 'a workload joins two hosts or two services (or tasks); mixing a host with a service is not modelled' });
    return undefined;
  }
  const a = ctx.services[src.service]?.networks ?? [];
  const b = ctx.services[dst.service]?.networks ?? [];
  const shared = a.filter((n) => b.includes(n));
  let name = w.network;
  if (name !== undefined && !shared.includes(name)) {
    issues.push({ path: [...path, 'network'], message: `"${name}" is not a network of both ${src.service} and ${dst.service}; they share: ${shared.join(', ') || 'none'}` });
    return undefined;
  }
  if (name === undefined) {
    if (shared.length !== 1) {
      issues.push({
        path,
        message: shared.length === 0 ? `${src.service} and ${dst.service} share no network; attach both services to one` : `${src.service} and ${dst.service} share ${shared.join(', ')}; say which with network:`,
      });
      return undefined;
    }
    name = shared[0] as string;
  }
  const network = ctx.networks.get(name);
  if (network === undefined) return undefined; // reported where the service names it
  if (network.driver === 'host') return { network: name, pathOf: bare };
  const overlay: FlowPath = { encap: network.encap, ipVersion: ctx.ipVersion, innerMtu: network.containerMtu, outerDf: network.outerDf };
  return { network: name, pathOf: () => overlay };
}

/** Resolves one workload; pushes issues and returns undefined when it has any. */
export function resolveWorkload(w: WorkloadConfig, path: PropertyKey[], ctx: WorkloadContext, issues: PathIssue[]): ResolvedWorkload | undefined {
  if (w.port !== undefined) return externalWorkload(w, path, ctx, issues);
  const before = issues.length;
  const endpoint = (field: 'from' | 'to') => {
    const e = endpointOf(w[field], ctx);
    if (e === undefined && ctx.services[w[field]]?.replicas === 0) {
      issues.push({ path: [...path, field], message: `service "${w[field]}" has replicas: 0, so it has no task to ${field === 'from' ? 'send from' : 'send to'}; give it at least one replica` });
    } else if (e === undefined) {
      const known = [...ctx.hostIndex.keys(), ...Object.keys(ctx.services), ...ctx.tasks.map((t) => t.name)];
      const services = Object.keys(ctx.services);
      issues.push({
        path: [...path, field],
        message:
          `unknown host, service or task "${w[field]}"${didYouMean(w[field], known)}; hosts: ${listOf([...ctx.hostIndex.keys()], 'hosts')}` +
          (services.length > 0 ? `; services: ${listOf(services, 'services')}` : ''),
      });
    }
    return e;
  };
  const src = endpoint('from');
  const dst = endpoint('to');
  const { startNs, stopNs, measure } = timingOf(w, path, ctx, issues);
  const routes = src && dst ? pathsOf(w, path, src, dst, ctx, issues) : undefined;
  const sizes = sizesOf(w, path, issues);
  if (issues.length > before || !src || !dst || !routes || !sizes) return undefined;
  if (src.hosts.length === 0 || dst.hosts.length === 0) {
    issues.push({ path, message: `${src.hosts.length === 0 ? w.from : w.to} has no tasks (replicas: 0)` });
    return undefined;
  }
  // Task i of the sender talks to task i mod N of the receiver, as round-robin balancing would.
  const pairs = src.hosts.map((srcHost, i) => {
    const j = i % dst.hosts.length;
    return { src: src.names[i] as string, dst: dst.names[j] as string, srcHost, dstHost: dst.hosts[j] as number, path: routes.pathOf(srcHost) };
  });
  const service = serviceTargetOf(w, path, dst, ctx, issues);
  if (sizes.tcp?.rpc?.perRequest && service === undefined) {
    issues.push({ path: [...path, 'connect'], message: `per-request routes each request through a service's VIP or DNS; "${w.to}" is not reached that way: name a service with mode vip or dnsrr` });
    return undefined;
  }
  // Through a service, any task may be chosen; directly, each pair's own receiver.
  const receivers = (p: FlowPair) => service?.backends ?? [{ name: p.dst, host: p.dstHost }];
  const localPair = pairs.find((p) => receivers(p).some((r) => r.host === p.srcHost));
  const local = localPair && { src: localPair.src, dst: (receivers(localPair).find((r) => r.host === localPair.srcHost) as { name: string }).name };
  if (sizes.tcp && local !== undefined && ctx.idealHosts) {
    issues.push({
      path,
      message:
        `${local.src} and ${local.dst} are on one host, so their TCP traffic takes the host-local path, which costs only CPU; ` +
        'with cpu: none it costs nothing and the connection would never let simulated time advance; give hosts a CPU profile or place the ends on different hosts',
    });
    return undefined;
  }
  if (sizes.tcp) {
    const mss = mssFor((pairs[0] as FlowPair).path.innerMtu, sizes.tcp.config.timestamps);
    if (mss < 64) issues.push({ path, message: `the path's MTU leaves a TCP segment size of ${mss} B; expected at least 64 B` });
    Object.assign(sizes, { payloadBytes: mss, packetBytes: segmentBytes(mss, sizes.tcp.config.timestamps) });
  }
  if (issues.length > before) return undefined;
  return { kind: w.kind, name: w.name, network: routes.network, pairs, startNs, stopNs, ...(measure ? { measure } : {}), ...sizes, ...(service ? { service } : {}) };
}

/** A workload's start, stop and measurement window, checked against the run. */
function timingOf(w: WorkloadConfig, path: PropertyKey[], ctx: WorkloadContext, issues: PathIssue[]): { startNs: number; stopNs: number; measure: MeasureWindow | undefined } {
  const startNs = w.start;
  const stopNs = w.stop ?? ctx.durationNs;
  if (startNs >= ctx.durationNs) {
    issues.push({ path: [...path, 'start'], message: `expected a start before the end of the run (duration ${formatDurationNs(ctx.durationNs)}), got ${formatDurationNs(startNs)}` });
  } else if (stopNs <= startNs) {
    issues.push({ path: [...path, 'stop'], message: `expected stop to be later than start (${formatDurationNs(startNs)}), got ${formatDurationNs(stopNs)}` });
  }
  const measure = w.measure ? measureWindowOf(w.measure, [...path, 'measure'], ctx.durationNs, issues) : ctx.measure;
  return { startNs, stopNs, measure };
}

function sizesOf(w: WorkloadConfig, path: PropertyKey[], issues: PathIssue[]): Sizes | undefined {
  return w.kind === 'ping' ? pingSizes(w.payload, w.interval, path, issues) : w.kind === 'tcp-bulk' || w.kind === 'tcp-rpc' ? tcpOf(w, path, issues) : udpSizes(w, path, issues);
}

/**
 * A workload from an external client to a service's published port: one pair, the client host
 * to the service (its receiver is chosen per connection by the routing mesh), over the bare
 * underlay to the node; TCP's segment size follows the task's interface on the way.
 */
function externalWorkload(w: WorkloadConfig, path: PropertyKey[], ctx: WorkloadContext, issues: PathIssue[]): ResolvedWorkload | undefined {
  const before = issues.length;
  const bare = (host: number): FlowPath => ({ encap: 'none', ipVersion: ctx.ipVersion, innerMtu: ctx.accessMtu[host] as number, outerDf: false });
  const external = resolveExternal(w, path, { ...ctx, barePath: bare }, issues);
  const { startNs, stopNs, measure } = timingOf(w, path, ctx, issues);
  const sizes = sizesOf(w, path, issues);
  if (external === undefined || sizes === undefined || issues.length > before) return undefined;
  const first = external.target.backends[0] as { name: string; host: number };
  const pair: FlowPair = { src: w.from, dst: first.name, srcHost: external.clientHost, dstHost: first.host, path: bare(external.clientHost) };
  if (sizes.tcp) {
    const mss = mssFor(external.tcpMtuBytes, sizes.tcp.config.timestamps);
    Object.assign(sizes, { payloadBytes: mss, packetBytes: segmentBytes(mss, sizes.tcp.config.timestamps) });
  }
  return { kind: w.kind, name: w.name, network: '', pairs: [pair], startNs, stopNs, ...(measure ? { measure } : {}), ...sizes, ingress: external.target, tcpMtuBytes: external.tcpMtuBytes };
}

/**
 * How a workload reaches its receiver: by the service's VIP or DNS round robin when `to` names
 * a whole service (`mode`, default the service's endpointMode), else directly (task mode).
 */
function serviceTargetOf(w: WorkloadConfig, path: PropertyKey[], dst: Endpoint, ctx: WorkloadContext, issues: PathIssue[]): ServiceTarget | undefined {
  const config = dst.service === undefined ? undefined : ctx.services[dst.service];
  if (config === undefined || !dst.wholeService) {
    if (w.mode === 'vip' || w.mode === 'dnsrr') {
      issues.push({ path: [...path, 'mode'], message: `${w.mode} reaches a service by name; "${w.to}" is ${dst.service === undefined ? 'a host' : 'one task'}: use mode: task or name the service` });
    }
    return undefined;
  }
  // A VIP answers pings itself on the client's node, so ping goes to tasks unless told otherwise.
  const mode = w.mode ?? (w.kind === 'ping' ? 'task' : config.endpointMode);
  if (mode === 'task') return undefined;
  if (mode === 'vip' && config.endpointMode === 'dnsrr') {
    issues.push({ path: [...path, 'mode'], message: `${dst.service} has endpointMode: dnsrr and so no VIP; use mode: dnsrr or mode: task` });
    return undefined;
  }
  if (mode === 'vip' && w.kind === 'ping') {
    issues.push({ path: [...path, 'mode'], message: 'IPVS balances TCP and UDP only: a ping to a VIP is answered by the client host itself; use mode: dnsrr or mode: task' });
    return undefined;
  }
  return {
    service: dst.service as string,
    mode,
    backends: [...dst.names.map((name, i) => ({ name, host: dst.hosts[i] as number })), ...ctx.laterTasks.filter((t) => t.service === dst.service).map((t) => ({ name: t.name, host: t.host }))],
    scheduler: config.scheduler,
    weights: config.weights ?? [],
    dnsCacheTtlNs: w.dnsCacheTtl,
  };
}

/** Checks a `measure:` window against the run: from before to, to within the duration. */
export function measureWindowOf(m: { from: number; to?: number | undefined }, path: PropertyKey[], durationNs: number, issues: PathIssue[]): MeasureWindow | undefined {
  const toNs = m.to ?? durationNs;
  if (toNs > durationNs) {
    issues.push({ path: [...path, 'to'], message: `expected a window end within the run (duration ${formatDurationNs(durationNs)}), got ${formatDurationNs(toNs)}` });
    return undefined;
  }
  if (m.from >= toNs) {
    issues.push({ path: [...path, 'from'], message: `expected the window to start before it ends (${formatDurationNs(toNs)}), got ${formatDurationNs(m.from)}` });
    return undefined;
  }
  return { fromNs: m.from, toNs };
}

/** TCP settings of a tcp-bulk or tcp-rpc workload, Linux defaults filled in by the schema. */
function tcpOf(w: WorkloadConfig & { kind: 'tcp-bulk' | 'tcp-rpc' }, path: PropertyKey[], issues: PathIssue[]): (Sizes & { tcp: ResolvedTcp }) | undefined {
  const config = {
    ...DEFAULT_TCP,
    congestion: w.congestion,
    sack: w.sack,
    abc: w.abc,
    ssthreshFrom: w.ssthreshFrom,
    timestamps: w.timestamps,
    initialCwndSegments: w.initialWindow,
    sendBufferBytes: w.sendBuffer,
    receiveBufferBytes: w.receiveBuffer,
    delayedAckNs: w.delayedAck,
    minRtoNs: w.minRto,
  };
  const common = { payloadBytes: 0, packetBytes: 0, intervalNs: 0 };
  if (w.kind === 'tcp-bulk') return { ...common, tcp: { config, connections: w.streams, bytes: w.bytes ?? Infinity, vectors: w.vectors } };
  const openLoop = w.rate !== undefined;
  // Each loop has its own fields; one given to the other loop would be ignored, so it is an error.
  const misplaced: [string, unknown, string][] = openLoop
    ? [
        ['concurrency', w.concurrency, 'expected rate (open loop) or concurrency (closed loop), not both'],
        ['think', w.think, 'think applies to the closed loop only: an open loop (rate) sends at its rate; remove think or rate'],
      ]
    : [
        ['arrivals', w.arrivals, 'arrivals applies to the open loop only: give rate, or remove arrivals'],
        ['connections', w.connections, 'connections applies to the open loop only: a closed loop opens concurrency connections; give rate, or use concurrency'],
      ];
  const given = misplaced.filter(([, value]) => value !== undefined);
  for (const [field, , message] of given) issues.push({ path: [...path, field], message });
  if (given.length > 0) return undefined;
  const perRequest = w.connect === 'per-request';
  if (perRequest && (!openLoop || w.connections !== undefined)) {
    issues.push({ path: [...path, 'connect'], message: `per-request routes each request as its own connection: give rate (open loop) and no ${openLoop ? 'connections' : 'concurrency'}` });
    return undefined;
  }
  const rpc = { requestBytes: w.request, responseBytes: w.response, ratePerS: w.rate ?? 0, poisson: (w.arrivals ?? 'poisson') === 'poisson', thinkNs: w.think ?? 0, perRequest };
  return { ...common, tcp: { config, connections: openLoop ? (w.connections ?? 1) : (w.concurrency ?? 1), bytes: Infinity, rpc, vectors: w.vectors } };
}

type Sizes = Pick<ResolvedWorkload, 'payloadBytes' | 'packetBytes' | 'intervalNs' | 'tcp'>;

function pingSizes(payloadBytes: number, intervalNs: number, path: PropertyKey[], issues: PathIssue[]): Sizes | undefined {
  const packetBytes = payloadBytes + ICMP_ECHO_HEADER_BYTES + IPV4_HEADER_BYTES;
  if (packetBytes > MAX_IP_PACKET_BYTES) {
    issues.push({ path: [...path, 'payload'], message: `makes a ${packetBytes}-byte IP packet, above the IPv4 limit of ${MAX_IP_PACKET_BYTES}` });
    return undefined;
  }
  return { payloadBytes, packetBytes, intervalNs };
}

function udpSizes(w: WorkloadConfig & { kind: 'udp-cbr' | 'udp-poisson' }, path: PropertyKey[], issues: PathIssue[]): Sizes | undefined {
  const before = issues.length;
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
  if (packetBytes > MAX_IP_PACKET_BYTES) {
    issues.push({ path: [...path, w.packetSize !== undefined ? 'packetSize' : 'payload'], message: `makes a ${packetBytes}-byte IP packet, above the IPv4 limit of ${MAX_IP_PACKET_BYTES}` });
  }

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
  return issues.length > before ? undefined : { payloadBytes, packetBytes, intervalNs };
}
