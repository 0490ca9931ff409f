import type { EventTarget } from '../../core/event-queue.ts';
import type { RandomStream } from '../../core/rng.ts';
import type { Scheduler } from '../../core/scheduler.ts';
import { MsgList } from './messages.ts';
import { tcpWireBytes } from './profiles.ts';

/** Packet kinds of the gossip protocols (all UDP). */
export const PacketType = { Gossip: 0, Ping: 1, Ack: 2, PingReq: 3, Nack: 4, Table: 5 } as const;

/** Traffic categories for per-node accounting. */
export const Traffic = { Gossip: 0, Probe: 1, Table: 2, PushPull: 3, BulkSync: 4 } as const;
export const TRAFFIC_NAMES = ['memberlistGossip', 'probes', 'networkdbGossip', 'pushPull', 'bulkSync'] as const;

/** Receives delivered packets. */
export interface PacketHandler {
  deliver(packet: GossipPacket, nowNs: number): void;
}

/** One UDP datagram of the gossip protocols. Pooled; its own delivery event target. */
export class GossipPacket implements EventTarget {
  type = 0;
  from = 0;
  to = 0;
  /** Probe sequence number (ping, ack, ping-req, nack). */
  seq = 0;
  /** Ping-req: the node to probe. */
  target = 0;
  /** Table packets: the network index. */
  network = 0;
  /** UDP payload bytes. */
  bytes = 0;
  /** Gossiped (piggybacked) messages. */
  readonly msgs = new MsgList();
  handler: PacketHandler | undefined;

  onEvent(_kind: number, nowNs: number): void {
    (this.handler as PacketHandler).deliver(this, nowNs);
  }
}

/** Who may talk to whom: crashed hosts, partitions, firewall rules, loss over time. */
export class Reachability {
  /** Partition group per host; hosts in different groups cannot exchange packets. */
  readonly group: Int32Array;
  /** Firewall: 7946/udp or 7946/tcp blocked at the host (both directions). */
  readonly udpBlocked: Uint8Array;
  readonly tcpBlocked: Uint8Array;
  /** Extra independent loss on every gossip UDP datagram. */
  lossProbability = 0;

  constructor(n: number) {
    this.group = new Int32Array(n);
    this.udpBlocked = new Uint8Array(n);
    this.tcpBlocked = new Uint8Array(n);
  }

  udpPath(a: number, b: number): boolean {
    return this.group[a] === this.group[b] && this.udpBlocked[a] === 0 && this.udpBlocked[b] === 0;
  }

  tcpPath(a: number, b: number): boolean {
    return this.group[a] === this.group[b] && this.tcpBlocked[a] === 0 && this.tcpBlocked[b] === 0;
  }
}

/** Carries gossip datagrams and times TCP exchanges. */
export interface GossipTransport {
  /** Sends a datagram; the transport releases or delivers it. */
  sendUdp(packet: GossipPacket, nowNs: number): void;
  /** Time a TCP request/response exchange of the given sizes takes, ns, or −1 when it cannot connect. */
  tcpExchangeNs(a: number, b: number, requestBytes: number, responseBytes: number): number;
  /** Counts an exchange that starts at `nowNs` on the links it crosses (nothing to count without links). */
  carryTcpExchange(a: number, b: number, requestBytes: number, responseBytes: number, nowNs: number): void;
}

/** Parameters of the abstract transport. */
export interface AbstractTransportParams {
  /** One-way delay of every pair, ns. */
  delayNs: number;
  /** Extra one-way delay drawn uniformly from [0, jitterNs) per datagram (may reorder). */
  jitterNs: number;
  /** Rate a TCP exchange's bytes are sent at, bit/s. */
  tcpRateBps: number;
}

/**
 * The abstract per-pair transport for very large runs: every datagram independently takes
 * delay + U[0, jitter) and is lost with the current loss probability, or when the pair is cut by
 * a partition or firewall. A TCP exchange takes a handshake (1 RTT), the request and the response
 * (one way each) plus their segments, headers included, at `tcpRateBps`, and is reliable when
 * the path is open.
 */
export class AbstractTransport implements GossipTransport {
  /** Datagrams lost to the loss model, partitions or firewalls. */
  dropped = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly params: AbstractTransportParams,
    private readonly reach: Reachability,
    private readonly rng: RandomStream,
    private readonly release: (p: GossipPacket) => void,
  ) {}

  sendUdp(packet: GossipPacket, _nowNs: number): void {
    const r = this.reach;
    if (!r.udpPath(packet.from, packet.to) || (r.lossProbability > 0 && this.rng.uniform() < r.lossProbability)) {
      this.dropped++;
      this.release(packet);
      return;
    }
    const p = this.params;
    const delay = p.jitterNs > 0 ? p.delayNs + Math.floor(this.rng.uniform() * p.jitterNs) : p.delayNs;
    this.scheduler.post(delay, packet, 0);
  }

  tcpExchangeNs(a: number, b: number, requestBytes: number, responseBytes: number): number {
    if (!this.reach.tcpPath(a, b)) return -1;
    const p = this.params;
    return 4 * p.delayNs + Math.ceil(((tcpWireBytes(requestBytes) + tcpWireBytes(responseBytes)) * 8 * 1e9) / p.tcpRateBps);
  }

  carryTcpExchange(): void {}
}
