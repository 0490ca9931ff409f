import type { GossipPacket } from './gossip/transport.ts';

/** Most SACK blocks a segment can carry: 4 in the 40 bytes of TCP options (3 beside timestamps). */
export const MAX_SACK_BLOCKS = 4;

/** What a packet carries, for the receiving host to dispatch on. */
export const PacketKind = {
  /** Application data (UDP). */
  Data: 0,
  /** ICMP echo request. */
  EchoRequest: 1,
  /** ICMP echo reply. */
  EchoReply: 2,
  /** A TCP segment (data, pure ACK, SYN); the host hands it to the flow's transport endpoint. */
  Tcp: 3,
  /** A memberlist or NetworkDB datagram (7946/udp) carried over the underlay. */
  Gossip: 4,
} as const;
export type PacketKind = (typeof PacketKind)[keyof typeof PacketKind];

/**
 * One IP packet in flight. Objects are pooled ({@link PacketPool}): a packet belongs to one
 * place at a time (a queue, a wire, a host) and is released when delivered or dropped.
 */
export class Packet {
  /** Unique per run, in creation order. */
  id = 0;
  /** Index of the flow it belongs to (see the flow table of the network). */
  flowId = 0;
  /** Hash of the flow's 5-tuple, used for ECMP next-hop choice. */
  flowHash = 0;
  kind: PacketKind = PacketKind.Data;
  /** Sending and receiving host indices. */
  srcHost = 0;
  dstHost = 0;
  /** Size of the IP packet on the current wire, bytes (outer headers included, link framing excluded). */
  sizeBytes = 0;
  /** Application payload bytes of the whole datagram. */
  payloadBytes = 0;
  /** Id of the application datagram this piece belongs to. */
  datagramId = 0;
  /** IP size of the whole datagram as the container sent it, bytes. */
  datagramBytes = 0;
  /** Inner IP size of this piece (the whole datagram or one inner fragment), bytes. */
  innerBytes = 0;
  /** Inner fragments the datagram was cut into at the sender (1 = not fragmented). */
  innerFragCount = 1;
  /** Which of them this piece is (0 = the first, or the whole datagram): the one a datagram's write and read are charged to. */
  innerFragIndex = 0;
  /** TCP: application write calls that begin in this segment's bytes (0 for ACKs and resent data); see transport/app-writes.ts. */
  appWrites = 0;
  /** Id of the outer packet this piece is part of, and how many outer fragments it became (1 = whole). */
  outerId = 0;
  outerFragCount = 1;
  /** For a gossip packet, the datagram it carries (handed to the agent on arrival). */
  gossip: GossipPacket | undefined = undefined;
  /** Which path resumes after the packet's CPU work: send (0) or receive (1). */
  cpuStage = 0;
  /** Sequence number within the flow. */
  seq = 0;
  /** Time the sender handed this packet to its stack, ns. */
  sentNs = 0;
  /** For echo traffic: time the original request was sent, ns (RTT = reply arrival − this). */
  originNs = 0;
  /** TCP: cumulative acknowledgement number (next byte expected by the sender of this segment). */
  ackNo = 0;
  /** TCP: flag bits (see transport/tcp-header.ts). */
  tcpFlags = 0;
  /** TCP: receive window the sender of this segment advertises, bytes. */
  windowBytes = 0;
  /** TCP: SACK blocks the segment carries (RFC 2018), 0 to {@link MAX_SACK_BLOCKS}. */
  sackCount = 0;
  /** TCP: the blocks' edges: block i is [sackEdges[2i], sackEdges[2i + 1]); only the first `sackCount` count. */
  readonly sackEdges = new Float64Array(2 * MAX_SACK_BLOCKS);
  /** TCP timestamp echo (TSecr): the TSval of the segment this one acknowledges, ns; 0 when none. */
  tsEcrNs = 0;
  /** Time it entered the current link's queue, ns. */
  enqueuedNs = 0;
  /** Time it reaches the far end of the current link, ns. */
  arrivalNs = 0;
  /** The packet behind it in the queue it waits in (see PacketFifo), or undefined. */
  next: Packet | undefined = undefined;
}

/** A free list of packets, so the hot path does not allocate. */
export class PacketPool {
  private readonly free: Packet[] = [];
  private nextId = 0;
  private allocatedCount = 0;

  /** A packet with a fresh id; every other field must be set by the caller. */
  acquire(): Packet {
    let p = this.free.pop();
    if (p === undefined) {
      p = new Packet();
      this.allocatedCount++;
    }
    p.id = this.nextId++;
    return p;
  }

  release(packet: Packet): void {
    this.free.push(packet);
  }

  /** Packet objects allocated (in use or free): the most ever in use at once, and what they take of memory. */
  get allocated(): number {
    return this.allocatedCount;
  }

  /** Packets in use now: acquired and not yet released (queued, on a wire, in a host). */
  get inUse(): number {
    return this.allocatedCount - this.free.length;
  }

  /** Packets created so far. */
  get created(): number {
    return this.nextId;
  }
}
