import type { RandomStream } from '../../core/rng.ts';
import type { PacketSink, SimContext } from '../context.ts';
import { type FlowInfo, hashString, mix32 } from '../flow.ts';
import type { Host } from '../host/host.ts';
import type { IpVersion } from '../overlay/encapsulation.ts';
import { type Packet, PacketKind } from '../packet.ts';
import type { LinkTx } from '../underlay/link-tx.ts';
import { routeLinks } from '../underlay/routing.ts';
import { tcpSegments, tcpWireBytes, WIRE } from './profiles.ts';
import type { GossipPacket, GossipTransport, Reachability } from './transport.ts';


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

/** The links of one direction of a host pair and what a TCP transfer over them takes. */
interface PathInfo {
  links: LinkTx[];
  /** One-way propagation delay, ns. */
  delayNs: number;
  /** Slowest link rate on the way, bit/s. */
  bottleneckBps: number;
}

/**
 * Gossip over the simulated underlay: each UDP datagram becomes a packet from its sender's
 * host to the receiver's, through the hosts' CPU, the links' queues and routes. Partitions,
 * firewalls and the scenario's extra loss still filter datagrams before they are sent.
 *
 * TCP exchanges (push/pull, bulk sync, the fallback ping) are modelled at flow level, not packet
 * by packet: a full-state bulk sync of a large cluster is hundreds of kilobytes every 30 s per
 * node, several times the packets of all the UDP gossip. An exchange takes the handshake (one
 * round trip), then the request and the response, each one-way propagation plus its IP bytes
 * (segments of 1448 B of payload and 52 B of headers) at its direction's rate: the slowest link
 * on the way, capped at `tcpRateBps`. Its segments, its ACKs (one per two segments) and the
 * handshake are counted on every link of the route, in packets, bytes and busy time (framing
 * included, up to the end of the run), as packets that did not wait: they do not queue behind
 * packets or delay them.
 */
export class UnderlayTransport implements GossipTransport, PacketSink {
  /** Datagrams lost before sending (partitions, firewalls, extra loss) or in the network. */
  dropped = 0;
  /** Routes by ordered host pair, found on first use. */
  private readonly paths = new Map<number, PathInfo>();

  constructor(
    private readonly ctx: SimContext,
    private readonly hosts: readonly Host[],
    private readonly flowOfHost: readonly number[],
    private readonly reach: Reachability,
    private readonly rng: RandomStream,
    private readonly release: (p: GossipPacket) => void,
    private readonly tcpRateBps: number,
    /** Bytes gossip encryption adds to every datagram (0 when off). */
    private readonly encryptionOverheadBytes: number,
    /** End of the run, ns: flow-level transfers count busy time only up to it. */
    private readonly endNs: number,
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
    p.payloadBytes = gossip.bytes + this.encryptionOverheadBytes;
    p.sizeBytes = p.payloadBytes + WIRE.udpIpHeaderBytes;
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
    const there = this.path(a, b);
    const back = this.path(b, a);
    const requestNs = (tcpWireBytes(requestBytes) * 8e9) / Math.min(this.tcpRateBps, there.bottleneckBps);
    const responseNs = (tcpWireBytes(responseBytes) * 8e9) / Math.min(this.tcpRateBps, back.bottleneckBps);
    return 2 * (there.delayNs + back.delayNs) + Math.ceil(requestNs + responseNs);
  }

  carryTcpExchange(a: number, b: number, requestBytes: number, responseBytes: number, nowNs: number): void {
    const request = tcpSegments(requestBytes);
    const response = tcpSegments(responseBytes);
    const header = WIRE.tcpSegmentHeaderBytes;
    // a → b: the SYN, the handshake's last ACK, the request, and an ACK per two segments of the response.
    const forward = 2 + request + Math.ceil(response / 2);
    // b → a: the SYN-ACK, the response, and an ACK per two segments of the request.
    const backward = 1 + response + Math.ceil(request / 2);
    for (const link of this.path(a, b).links) link.carryBulk(forward, forward * header + requestBytes, nowNs, this.endNs);
    for (const link of this.path(b, a).links) link.carryBulk(backward, backward * header + responseBytes, nowNs, this.endNs);
  }

  private path(a: number, b: number): PathInfo {
    const key = a * this.hosts.length + b;
    let info = this.paths.get(key);
    if (info === undefined) {
      // The exchange's own flow hash, so ECMP spreads exchanges over equal-cost paths as it does flows.
      const links = routeLinks(this.hosts[a] as Host, b, mix32(key + 0x7946));
      info = {
        links,
        delayNs: links.reduce((sum, l) => sum + l.params.delayNs, 0),
        bottleneckBps: links.reduce((min, l) => Math.min(min, l.params.rateBps), Infinity),
      };
      this.paths.set(key, info);
    }
    return info;
  }
}
