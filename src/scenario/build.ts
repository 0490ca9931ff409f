import { RandomStreams } from '../core/rng.ts';
import { Scheduler } from '../core/scheduler.ts';
import { SimContext } from '../model/context.ts';
import { type FlowInfo, type FlowRelay, hashString, mix32 } from '../model/flow.ts';
import { IngressRouter } from '../model/service/ingress-router.ts';
import { CpuCore } from '../model/host/cpu-core.ts';
import { isIdeal } from '../model/host/cpu-profile.ts';
import { SegmentBatches } from '../model/host/segment-batches.ts';
import { APP_READ_LIMITS } from '../model/host/app-calls.ts';
import { Host } from '../model/host/host.ts';
import { PacketKind } from '../model/packet.ts';
import { PacketSource } from '../model/traffic/packet-source.ts';
import { LinkTx } from '../model/underlay/link-tx.ts';
import { type NetNode, Switch } from '../model/underlay/node.ts';
import { computeRoutes } from '../model/underlay/routing.ts';
import type { ResolvedScenario, ResolvedWorkload } from './resolve.ts';
import type { FlowPair, ResolvedTcp } from './resolve-workloads.ts';
import { BulkApp } from '../model/transport/bulk-app.ts';
import { RpcArrivals, RpcConnectionApp } from '../model/transport/rpc-app.ts';
import { TcpConnection } from '../model/transport/tcp-connection.ts';
import { mssFor } from '../model/transport/tcp-header.ts';
import { type ServiceTarget, ServiceRouter } from '../model/service/service-router.ts';
import { RequestTraces, ServiceRpcClient } from '../model/service/service-rpc-client.ts';
import { ServiceUdpClient } from '../model/service/service-udp-client.ts';
import { ServiceViews } from '../model/service/service-views.ts';
import type { HostFraming } from '../stats/flow-monitor.ts';

/** The model objects of one run, wired together and ready to start. */
export interface Simulation {
  ctx: SimContext;
  hosts: Host[];
  switches: Switch[];
  nodes: NetNode[];
  /** Every link direction, in declaration order (a→b then b→a). */
  links: LinkTx[];
  /** Framing of each host's first link, for on-wire throughput. */
  hostFraming: HostFraming[];
  /** Every CPU core, host by host (empty with ideal hosts). */
  cores: { host: string; core: number; cpu: CpuCore }[];
  /** Every TCP connection, workload by workload; `vectors` when its workload asked for time series. */
  connections: { connection: TcpConnection; vectors: boolean }[];
  /** Each host's view of the tasks of the services workloads reach by name (fed by gossip, see service-lifecycle.ts). */
  serviceViews: ServiceViews;
  /** Failed requests of each `per-request` workload (and lost datagrams of each UDP workload to a service whose views gossip feeds), by workload name. */
  requestTraces: Map<string, RequestTraces>;
}

/**
 * Builds the model of a resolved scenario (like ns-3's helpers): nodes, links, static routes,
 * flows and traffic sources. `seed` and `replication` key every random stream.
 * Throws DisconnectedError when a host cannot reach another.
 */
export function buildSimulation(scenario: ResolvedScenario, seed: number, replication = 0): Simulation {
  const ctx = new SimContext(new Scheduler(), new RandomStreams(seed, replication));
  const { topology } = scenario;
  const hosts = topology.hosts.map((name, i) => new Host(i, name, ctx));
  const switches = topology.switches.map((name, i) => new Switch(hosts.length + i, name, ctx));
  const nodes: NetNode[] = [...hosts, ...switches];
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const peerOf = new Map<LinkTx, NetNode>();
  const links: LinkTx[] = [];
  const hostFraming: HostFraming[] = hosts.map(() => ({ framingBytes: 0, minWireBytes: 0 }));
  const seen = new Set<Host>();
  for (const spec of topology.links) {
    const a = byName.get(spec.a) as NetNode;
    const b = byName.get(spec.b) as NetNode;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const name = `${from.name}->${to.name}`;
      const params = from === a ? spec.params : spec.reverse;
      const tx = new LinkTx(name, params, ctx, ctx.streams.stream(`link/${name}`), to);
      from.ports.push(tx);
      peerOf.set(tx, to);
      links.push(tx);
      if (from instanceof Host && !seen.has(from)) {
        seen.add(from);
        hostFraming[from.index] = { framingBytes: params.framingBytes, minWireBytes: params.minWireBytes };
      }
    }
  }
  // An abstract underlay (gossip only) has no links and so no routes.
  if (topology.links.length > 0) computeRoutes(nodes, hosts.length, (port) => (peerOf.get(port) as NetNode).index);
  for (const host of hosts) host.egressMtu = Math.min(...host.ports.map((p) => p.params.mtuBytes));
  const cores = attachCpus(ctx, hosts, scenario);
  const connections: Simulation['connections'] = [];
  // Each host's list of a service's tasks starts at a task drawn from the host's own stream.
  const headOf = (key: string, n: number) => ctx.streams.stream(`service/${key}`).int(n);
  // Every host holds the tasks placed at the start; those that start later it learns by gossip.
  const atStart = new Set(scenario.tasks.map((t) => t.name));
  const serviceViews = new ServiceViews(
    hosts.length,
    scenario.workloads.flatMap((w) =>
      w.service ? [{ service: w.service.service, taskHosts: w.service.backends.map((b) => b.host), atStart: w.service.backends.map((b) => atStart.has(b.name)) }] : [],
    ),
  );
  const router: Routers = {
    service: new ServiceRouter(isIdeal(scenario.hostCpu.profile) ? 0 : scenario.hostCpu.profile.dnsLookupNs, headOf, (host, service) => serviceViews.rowOf(host, service)),
    ingress: new IngressRouter(headOf),
  };
  const requestTraces = new Map<string, RequestTraces>();
  for (const w of scenario.workloads) {
    if (w.tcp?.rpc?.perRequest) requestTraces.set(w.name, startPerRequestWorkload(ctx, hosts, scenario.hostCpu.cores, w, w.tcp, connections, router.service, serviceViews));
    else if (routesEachDatagram(w, scenario))
      requestTraces.set(w.name, startUdpServiceWorkload(ctx, hosts, scenario.hostCpu.cores, w, router.service, serviceViews));
    else if (w.tcp) startTcpWorkload(ctx, hosts, scenario.hostCpu.cores, w, w.tcp, connections, router);
    else startWorkload(ctx, hosts, scenario.hostCpu.cores, w, router);
  }
  return { ctx, hosts, switches, nodes, links, hostFraming, cores, connections, serviceViews, requestTraces };
}

/**
 * Whether a UDP workload's datagrams can change task during the run: the hosts' views change
 * (only with a gossip control plane), or a dnsrr client's DNS answer expires. Otherwise its
 * flow keeps its first route for the whole run, on one flow per client.
 */
function routesEachDatagram(w: ResolvedWorkload, scenario: ResolvedScenario): boolean {
  if (w.service === undefined || (w.kind !== 'udp-cbr' && w.kind !== 'udp-poisson')) return false;
  return scenario.gossip !== undefined || (w.service.mode === 'dnsrr' && w.service.dnsCacheTtlNs > 0);
}

/** Gives every host its cores, unless the profile makes hosts ideal. */
function attachCpus(ctx: SimContext, hosts: Host[], scenario: ResolvedScenario): Simulation['cores'] {
  const { profile, cores, offloads, backlogPackets } = scenario.hostCpu;
  const limits = offloads.enabled ? { maxBytes: offloads.gsoMaxBytes, maxPackets: offloads.napiBudgetPackets } : { maxBytes: Infinity, maxPackets: 1 };
  // Ideal hosts, or an abstract underlay (gossip only, no packets), need no cores.
  if (isIdeal(profile) || scenario.topology.links.length === 0) return [];
  const all: Simulation['cores'] = [];
  for (const host of hosts) {
    const list = Array.from({ length: cores }, (_, i) => new CpuCore(`${host.name}/cpu${i}`, ctx, host, backlogPackets, new SegmentBatches(limits), new SegmentBatches(APP_READ_LIMITS), offloads.napiBudgetPackets));
    host.useCpu({ profile, offloads, cores: list });
    list.forEach((cpu, core) => all.push({ host: host.name, core, cpu }));
  }
  return all;
}

/** The service layer's routers: VIP and DNS for services, the routing mesh for external clients. */
interface Routers {
  service: ServiceRouter;
  ingress: IngressRouter;
}

/** Where one connection (or UDP flow) of a pair goes: the pair itself, or the task its service route chose. */
interface Leg {
  pair: FlowPair;
  startNs: number;
  natHost: number | undefined;
  /** The ingress node's extra hop to a task elsewhere, for an external connection. */
  relay?: FlowRelay;
  /** The node an external connection was sent to. */
  ingressNode?: number;
}

/** Routes one new connection of a pair: through the service layer when the workload names a service, through the routing mesh when it names a published port. */
function legOf(w: ResolvedWorkload, pair: FlowPair, router: Routers): Leg {
  if (w.ingress !== undefined) {
    const route = router.ingress.connect(w.name, pair.src, w.ingress);
    const backend = w.ingress.backends[route.backend] as ServiceTarget['backends'][number];
    return {
      pair: { ...pair, dst: backend.name, dstHost: backend.host },
      startNs: w.startNs,
      natHost: route.natHost,
      ingressNode: route.node,
      ...(route.relay === undefined ? {} : { relay: route.relay }),
    };
  }
  const target = w.service;
  if (target === undefined) return { pair, startNs: w.startNs, natHost: undefined };
  const route = router.service.connect(w.name, pair.src, pair.srcHost, target, w.startNs);
  const backend = target.backends[route.backend] as ServiceTarget['backends'][number];
  return { pair: { ...pair, dst: backend.name, dstHost: backend.host }, startNs: route.startNs, natHost: route.natHost };
}

/** The name of a pair's flow and random stream: the workload's, with the sender's when the workload has several pairs. */
function pairName(w: ResolvedWorkload, pair: FlowPair): string {
  return w.pairs.length === 1 ? w.name : `${w.name}/${pair.src}`;
}

/** A leg straight to one task of a service, NAT'd on the client host in VIP mode (the per-task flows of a client whose requests or datagrams change task). */
function taskLeg(w: ResolvedWorkload, pair: FlowPair, target: ServiceTarget, backend: ServiceTarget['backends'][number]): Leg {
  return { pair: { ...pair, dst: backend.name, dstHost: backend.host }, startNs: w.startNs, natHost: target.mode === 'vip' ? pair.srcHost : undefined };
}

function addFlow(ctx: SimContext, w: ResolvedWorkload, cores: number, leg: Leg, name: string, reverse: boolean, replyFlowId?: number, coreHash?: number): FlowInfo {
  const pair = leg.pair;
  const [src, dst] = reverse ? [pair.dstHost, pair.srcHost] : [pair.srcHost, pair.dstHost];
  const hash = hashString(`${name}/${src}/${dst}`);
  const flow: FlowInfo = {
    id: ctx.flows.length,
    name,
    workload: w.name,
    protocol: w.kind === 'ping' ? 'icmp' : w.tcp ? 'tcp' : 'udp',
    srcHost: src,
    dstHost: dst,
    srcName: reverse ? pair.dst : pair.src,
    dstName: reverse ? pair.src : pair.dst,
    hash,
    path: reverse && leg.relay !== undefined ? leg.relay.path : pair.path,
    // Receive-side scaling: the flow hash picks the core, the same index on every host.
    cpuCore: mix32(coreHash ?? hash) % cores,
    startNs: leg.startNs,
    stopNs: w.stopNs,
    ...(replyFlowId === undefined ? {} : { replyFlowId }),
    ...(leg.natHost === undefined ? {} : { natHost: leg.natHost }),
    ...(leg.ingressNode === undefined ? {} : { ingressNode: leg.ingressNode }),
    // The reply leg runs backwards: task to ingress node over the overlay, then the bare underlay to the client.
    ...(leg.relay === undefined ? {} : { relay: reverse ? { host: leg.relay.host, path: pair.path } : leg.relay }),
  };
  ctx.flows.push(flow);
  return flow;
}

/** Makes the flows and sources of a workload: one flow per pair (two for ping). */
function startWorkload(ctx: SimContext, hosts: Host[], cores: number, w: ResolvedWorkload, router: Routers): void {
  for (const pair of w.pairs) {
    const host = hosts[pair.srcHost] as Host;
    const name = pairName(w, pair);
    const rng = ctx.streams.stream(`workload/${name}`);
    const leg = legOf(w, pair, router);
    if (w.kind === 'ping') {
      const request = addFlow(ctx, w, cores, leg, name, false, ctx.flows.length + 1);
      addFlow(ctx, w, cores, leg, `${name}/reply`, true);
      new PacketSource(ctx, host, request, PacketKind.EchoRequest, 'constant', w.intervalNs, w.packetBytes, w.payloadBytes, rng);
      continue;
    }
    const flow = addFlow(ctx, w, cores, leg, name, false);
    const spacing = w.kind === 'udp-cbr' ? 'constant' : 'poisson';
    new PacketSource(ctx, host, flow, PacketKind.Data, spacing, w.intervalNs, w.packetBytes, w.payloadBytes, rng);
  }
}

/**
 * Makes the connections of a tcp-bulk or tcp-rpc workload: `connections` per pair, each with a
 * forward (client → server) and a reverse flow processed on the same core (RSS steering both
 * directions of a connection to one core), and the application on top.
 */
function startTcpWorkload(ctx: SimContext, hosts: Host[], cores: number, w: ResolvedWorkload, tcp: ResolvedTcp, out: Simulation['connections'], router: Routers): void {
  const total = w.pairs.length * tcp.connections;
  let n = 0;
  for (const pair of w.pairs) {
    const apps: RpcConnectionApp[] = [];
    for (let i = 0; i < tcp.connections; i++) {
      const name = total === 1 ? w.name : `${w.name}.${++n}`;
      const connection = openConnection(ctx, hosts, cores, w, tcp, legOf(w, pair, router), name, out);
      const rpc = tcp.rpc;
      if (rpc === undefined) new BulkApp(ctx, connection, tcp.bytes, w.stopNs);
      else apps.push(new RpcConnectionApp(ctx, connection, { ...rpc, closedLoop: rpc.ratePerS === 0, stopNs: w.stopNs }));
    }
    const rpc = tcp.rpc;
    if (rpc !== undefined && rpc.ratePerS > 0) {
      const rng = ctx.streams.stream(`workload/${pairName(w, pair)}`);
      new RpcArrivals(ctx, apps, 1e9 / rpc.ratePerS, rpc.poisson, w.startNs, w.stopNs, rng);
    }
  }
}

/**
 * One TCP connection over `leg`: its forward and reverse flows (both directions on one core),
 * the segment size from the path's MTU (or the task interface's, for an external client), and
 * the connection itself, listed in `out`.
 */
function openConnection(ctx: SimContext, hosts: Host[], cores: number, w: ResolvedWorkload, tcp: ResolvedTcp, leg: Leg, name: string, out: Simulation['connections']): TcpConnection {
  const forward = addFlow(ctx, w, cores, leg, name, false);
  const reverse = addFlow(ctx, w, cores, leg, `${name}/reverse`, true, undefined, forward.hash);
  const config = { ...tcp.config, mssBytes: mssFor(w.tcpMtuBytes ?? leg.pair.path.innerMtu, tcp.config.timestamps) };
  const connection = new TcpConnection(ctx, name, w.name, hosts[leg.pair.srcHost] as Host, hosts[leg.pair.dstHost] as Host, forward, reverse, config, leg.startNs);
  out.push({ connection, vectors: tcp.vectors });
  return connection;
}

/**
 * Makes a `per-request` tcp-rpc workload: for each client, one warm connection to every task of
 * the service (NAT'd on the client host in VIP mode) and a {@link ServiceRpcClient} that routes
 * each request over its host's view of the tasks. The handshake of each request's connection is
 * not simulated: a routed request goes over the warm connection to its task.
 */
function startPerRequestWorkload(
  ctx: SimContext,
  hosts: Host[],
  cores: number,
  w: ResolvedWorkload,
  tcp: ResolvedTcp,
  out: Simulation['connections'],
  router: ServiceRouter,
  views: ServiceViews,
): RequestTraces {
  const target = w.service as ServiceTarget;
  const rpc = tcp.rpc as NonNullable<ResolvedTcp['rpc']>;
  const traces = new RequestTraces();
  let n = 0;
  for (const pair of w.pairs) {
    const apps = target.backends.map((backend) => {
      const name = `${w.name}.${++n}`;
      const connection = openConnection(ctx, hosts, cores, w, tcp, taskLeg(w, pair, target, backend), name, out);
      return new RpcConnectionApp(ctx, connection, { ...rpc, closedLoop: false, stopNs: w.stopNs });
    });
    const rng = ctx.streams.stream(`workload/${pairName(w, pair)}`);
    new ServiceRpcClient(ctx, router, views, traces, w.name, pair.src, pair.srcHost, target, apps, 1e9 / rpc.ratePerS, rpc.poisson, w.startNs, w.stopNs, rng);
  }
  return traces;
}

/**
 * Makes a UDP workload to a service whose hosts' views can change: for each client, one flow to
 * every task of the service (NAT'd on the client host in VIP mode) and a {@link ServiceUdpClient}
 * that sends each datagram on the flow of the task its IPVS entry (or DNS answer) points at.
 */
function startUdpServiceWorkload(ctx: SimContext, hosts: Host[], cores: number, w: ResolvedWorkload, router: ServiceRouter, views: ServiceViews): RequestTraces {
  const target = w.service as ServiceTarget;
  const traces = new RequestTraces(true);
  let n = 0;
  for (const pair of w.pairs) {
    const flows = target.backends.map((backend) => {
      return addFlow(ctx, w, cores, taskLeg(w, pair, target, backend), `${w.name}.${++n}`, false);
    });
    const rng = ctx.streams.stream(`workload/${pairName(w, pair)}`);
    const spacing = w.kind === 'udp-cbr' ? 'constant' : 'poisson';
    new ServiceUdpClient(ctx, hosts[pair.srcHost] as Host, router, views, traces, w.name, pair.src, target, flows, spacing, w.intervalNs, w.packetBytes, w.payloadBytes, w.startNs, w.stopNs, rng);
  }
  return traces;
}
