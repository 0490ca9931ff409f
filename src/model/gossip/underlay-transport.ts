import type { RandomStream } from '../../core/rng.ts';
import type { PacketSink, SimContext } from '../context.ts';
import { type FlowInfo, hashString, mix32 } from '../flow.ts';
import type { Host } from '../host/host.ts';
import type { IpVersion } from '../overlay/encapsulation.ts';
import { type Packet, PacketKind } from '../packet.ts';
import type { GossipPacket, GossipTransport, Reachability } from './transport.ts';

/** IPv4 + UDP headers a gossip datagram carries on the underlay (ref §1: port 7946/udp, no overlay). */
const UDP_IP_HEADER_BYTES = 28;

/**
 * Adds one flow per host for the gossip it sends (`gossip/<host>`, to any peer), so gossip
 * datagrams cross the packet model like any traffic: charged CPU, queued, serialised, lost and
 * counted on links. Call before the monitors are made. Returns the flow id of each host.
 */
export function addGossipFlows(ctx: SimContext, hosts: readonly Host[], cores: number, ipVersion: IpVersion, durationNs: number): number[] {
  return hosts.map((host) => {
    const name = `gossip/${host.name}`;
    const hash = hashString(name);
    const flow: FlowInfo = {
      id: ctx.flows.length,
      name,
      workload: 'gossip',
      protocol: 'udp',
      srcHost: host.index,
      dstHost: host.index,
      srcName: host.name,
      dstName: '*',
      hash,
      path: { encap: 'none', ipVersion, innerMtu: host.egressMtu, outerDf: false },
      cpuCore: mix32(hash) % cores,
      startNs: 0,
      stopNs: durationNs,
    };
    ctx.flows.push(flow);
    return flow.id;
  });
}

/**
 * Gossip over the simulated underlay: each UDP datagram becomes a packet from its sender's
 * host to the receiver's, through the hosts' CPU, the links' queues and routes. Partitions,
 * firewalls and the scenario's extra loss still filter datagrams before they are sent. TCP
 * exchanges (push/pull, bulk sync) are timed, not simulated packet by packet: a handshake and
 * the two transfers take 4 × the path's propagation delay plus the bytes at `tcpRateBps`.
 */
export class UnderlayTransport implements GossipTransport, PacketSink {
  /** Datagrams lost before sending (partitions, firewalls, extra loss) or in the network. */
  dropped = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly hosts: readonly Host[],
    private readonly flowOfHost: readonly number[],
    private readonly reach: Reachability,
    private readonly rng: RandomStream,
    private readonly release: (p: GossipPacket) => void,
    private readonly tcpRateBps: number,
    /** One-way propagation delay between two hosts along their route, ns. */
    private readonly pathDelayNs: (a: number, b: number) => number,
  ) {
    ctx.gossipSink = this;
    ctx.dropped.connect((p) => {
      if (p.kind !== PacketKind.Gossip || p.gossip === undefined) return;
      this.dropped++;
      this.release(p.gossip);
      p.gossip = undefined;
    });
  }

  sendUdp(gossip: GossipPacket, nowNs: number): void {
    const r = this.reach;
    if (!r.udpPath(gossip.from, gossip.to) || (r.lossProbability > 0 && this.rng.uniform() < r.lossProbability)) {
      this.dropped++;
      this.release(gossip);
      return;
    }
    const flow = this.ctx.flows[this.flowOfHost[gossip.from] as number] as FlowInfo;
    const p = this.ctx.pool.acquire();
    p.flowId = flow.id;
    p.flowHash = flow.hash;
    p.kind = PacketKind.Gossip;
    p.srcHost = gossip.from;
    p.dstHost = gossip.to;
    p.payloadBytes = gossip.bytes;
    p.sizeBytes = gossip.bytes + UDP_IP_HEADER_BYTES;
    p.seq = 0;
    p.sentNs = nowNs;
    p.originNs = nowNs;
    p.gossip = gossip;
    (this.hosts[gossip.from] as Host).send(p, nowNs);
  }

  /** A gossip packet reached its host: count it, then hand the datagram to the agent. */
  receive(packet: Packet, nowNs: number): void {
    const gossip = packet.gossip as GossipPacket;
    packet.gossip = undefined;
    this.ctx.received.emit(packet, nowNs, undefined);
    this.ctx.pool.release(packet);
    gossip.onEvent(0, nowNs);
  }

  tcpExchangeNs(a: number, b: number, requestBytes: number, responseBytes: number): number {
    if (!this.reach.tcpPath(a, b)) return -1;
    return 4 * this.pathDelayNs(a, b) + Math.ceil(((requestBytes + responseBytes) * 8 * 1e9) / this.tcpRateBps);
  }
}
