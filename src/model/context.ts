import type { RandomStreams } from '../core/rng.ts';
import type { Scheduler } from '../core/scheduler.ts';
import { TracePoint } from '../core/trace.ts';
import type { FlowInfo } from './flow.ts';
import { type Packet, PacketPool } from './packet.ts';

/** Why a packet was dropped; the values appear in reports. */
export type DropReason = 'queue-full' | 'loss' | 'mtu-exceeded' | 'no-route' | 'cpu-backlog' | 'frag-needed';

/** Reasons a link drops a packet, in report column order; the others happen inside hosts. */
export const LINK_DROP_REASONS = ['queue-full', 'loss', 'mtu-exceeded'] as const;
export type LinkDropReason = (typeof LINK_DROP_REASONS)[number];

/** Anything that accepts packets: a node's input, a link's transmit side. */
export interface PacketSink {
  receive(packet: Packet, nowNs: number): void;
}

/**
 * What every model object of one run shares: the scheduler, the random streams, the packet
 * pool and the run-wide trace points that per-flow statistics subscribe to.
 */
export class SimContext {
  readonly pool = new PacketPool();
  /** A host handed a packet to its stack (application send). */
  readonly sent = new TracePoint<Packet, number>();
  /** A packet reached its destination host. Raised before the packet is released. */
  readonly received = new TracePoint<Packet, number>();
  /** A host put a packet (whole or fragment, encapsulated) on the underlay. */
  readonly wireSent = new TracePoint<Packet, number>();
  /** A fragmented packet of a flow was given up after the reassembly timeout: flow id, now. */
  readonly reassemblyTimedOut = new TracePoint<number, number>();
  /** A packet was dropped anywhere. Raised before the packet is released. */
  readonly dropped = new TracePoint<Packet, number, DropReason>();
  /** Every flow of the run, indexed by flow id. */
  readonly flows: FlowInfo[] = [];
  /**
   * The transport endpoint that receives each flow's TCP segments, by flow id (undefined for
   * other flows). It raises {@link received} itself, with the payload it delivered in order.
   */
  readonly segmentSinks: (PacketSink | undefined)[] = [];
  /** Where hosts hand gossip packets on arrival, when gossip travels over the underlay. */
  gossipSink: PacketSink | undefined;

  constructor(
    readonly scheduler: Scheduler,
    readonly streams: RandomStreams,
  ) {}

  /** Records a drop and returns the packet to the pool. */
  drop(packet: Packet, nowNs: number, reason: DropReason): void {
    this.dropped.emit(packet, nowNs, reason);
    this.pool.release(packet);
  }
}
