import { RandomStreams } from '../core/rng.ts';
import { Scheduler } from '../core/scheduler.ts';
import { SimContext } from '../model/context.ts';
import { type FlowInfo, hashString } from '../model/flow.ts';
import { Host } from '../model/host/host.ts';
import { PacketKind } from '../model/packet.ts';
import { PacketSource } from '../model/traffic/packet-source.ts';
import { LinkTx } from '../model/underlay/link-tx.ts';
import { type NetNode, Switch } from '../model/underlay/node.ts';
import { computeRoutes } from '../model/underlay/routing.ts';
import type { ResolvedScenario, ResolvedWorkload } from './resolve.ts';

/** The model objects of one run, wired together and ready to start. */
export interface Simulation {
  ctx: SimContext;
  hosts: Host[];
  switches: Switch[];
  nodes: NetNode[];
  /** Every link direction, in declaration order (a→b then b→a). */
  links: LinkTx[];
  /** Framing bytes of each host's first link, for on-wire throughput. */
  hostFramingBytes: number[];
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
  const hostFramingBytes = hosts.map(() => 0);
  const seen = new Set<Host>();
  for (const spec of topology.links) {
    const a = byName.get(spec.a) as NetNode;
    const b = byName.get(spec.b) as NetNode;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const name = `${from.name}->${to.name}`;
      const tx = new LinkTx(name, spec.params, ctx, ctx.streams.stream(`link/${name}`), to);
      from.ports.push(tx);
      peerOf.set(tx, to);
      links.push(tx);
      if (from instanceof Host && !seen.has(from)) {
        seen.add(from);
        hostFramingBytes[from.index] = spec.params.framingBytes;
      }
    }
  }
  computeRoutes(nodes, hosts.length, (port) => (peerOf.get(port) as NetNode).index);
  for (const w of scenario.workloads) startWorkload(ctx, hosts, w);
  return { ctx, hosts, switches, nodes, links, hostFramingBytes };
}

function addFlow(ctx: SimContext, w: ResolvedWorkload, name: string, src: number, dst: number, extra: Partial<FlowInfo>): FlowInfo {
  const flow: FlowInfo = {
    id: ctx.flows.length,
    name,
    workload: w.name,
    protocol: w.kind === 'ping' ? 'icmp' : 'udp',
    srcHost: src,
    dstHost: dst,
    hash: hashString(`${name}/${src}/${dst}`),
    startNs: w.startNs,
    stopNs: w.stopNs,
    ...extra,
  };
  ctx.flows.push(flow);
  return flow;
}

function startWorkload(ctx: SimContext, hosts: Host[], w: ResolvedWorkload): void {
  const host = hosts[w.srcHost] as Host;
  const rng = ctx.streams.stream(`workload/${w.name}`);
  if (w.kind === 'ping') {
    const request = addFlow(ctx, w, w.name, w.srcHost, w.dstHost, { replyFlowId: ctx.flows.length + 1 });
    addFlow(ctx, w, `${w.name}/reply`, w.dstHost, w.srcHost, {});
    new PacketSource(ctx, host, request, PacketKind.EchoRequest, 'constant', w.intervalNs, w.packetBytes, w.payloadBytes, rng);
    return;
  }
  const flow = addFlow(ctx, w, w.name, w.srcHost, w.dstHost, {});
  const spacing = w.kind === 'udp-cbr' ? 'constant' : 'poisson';
  new PacketSource(ctx, host, flow, PacketKind.Data, spacing, w.intervalNs, w.packetBytes, w.payloadBytes, rng);
}
