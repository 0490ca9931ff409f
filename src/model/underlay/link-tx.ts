import type { EventTarget } from '../../core/event-queue.ts';
import type { RandomStream } from '../../core/rng.ts';
import type { Scheduler } from '../../core/scheduler.ts';
import { TracePoint } from '../../core/trace.ts';
import type { LinkDropReason, PacketSink, SimContext } from '../context.ts';
import type { Packet } from '../packet.ts';
import { PacketFifo } from '../packet-fifo.ts';

/** Parameters of one direction of a link. */
export interface LinkDirectionParams {
  /** Line rate, bit/s. */
  rateBps: number;
  /** Propagation delay, ns. */
  delayNs: number;
  /** Extra delay drawn uniformly from [0, jitterNs) per packet; never reorders packets. */
  jitterNs: number;
  /** Probability that a transmitted packet is lost on the wire. */
  lossProbability: number;
  /** Bytes of layer-2 framing added to every packet on the wire (Ethernet: 38). */
  framingBytes: number;
  /** Smallest frame on the wire, framing included: Ethernet pads to its 64-byte minimum frame, 84 B with preamble and gap; 0 for none. */
  minWireBytes: number;
  /** Largest IP packet the link carries, bytes. */
  mtuBytes: number;
  /** Drop-tail limit on waiting packets (the one in transmission is not counted). */
  queueLimitPackets: number;
  /** Drop-tail limit on waiting bytes. */
  queueLimitBytes: number;
}

const TX_DONE = 0;
const DELIVER = 1;

/**
 * The transmit side of one link direction: a READY/BUSY state machine with a drop-tail queue.
 * A packet is serialised in max(size + framing, minimum frame) × 8 / rate ns, then arrives at the far end after
 * the propagation delay (plus jitter). Packets on the wire arrive in FIFO order, so they wait
 * in a queue and only the head has an event in the scheduler.
 *
 * The end of a transmission is an event only when a packet waits behind it: a packet that finds
 * the link idle is put on the wire at once (its loss and jitter are drawn then, from the link's
 * own stream, in transmission order), and the link counts as idle again from `busyUntilNs` on.
 * A lightly loaded link thus costs one event per packet, not two.
 */
export class LinkTx implements EventTarget {
  /** Serialisation starts: packet, now, serialisation time ns. */
  readonly txStarted = new TracePoint<Packet, number, number>();
  /** Packet dropped at this link. */
  readonly dropped = new TracePoint<Packet, number, LinkDropReason>();

  // Counters every run reports, kept here rather than behind trace points: a listener per
  // link costs a closure call and a cold record per packet-hop (with the cores' listeners, about
  // a third of the 1000-host gossip benchmark's time).
  /** Packets that started serialisation. */
  txPackets = 0;
  /** Their IP bytes. */
  txBytes = 0;
  /** Serialisation time of every started packet, ns (see {@link busyNsUntil}). */
  private busyNs = 0;
  /** Sum of each started packet's wait from entering the queue to starting, ns. */
  queueWaitSumNs = 0;
  /** Started packets that found the transmitter idle. */
  noWaitPackets = 0;
  /** Most packets and bytes ever waiting (the one in transmission not counted). */
  peakQueuePackets = 0;
  peakQueueBytes = 0;

  /** End of the transmission in progress, ns; the link is idle from then on if nothing waits. */
  private busyUntilNs = 0;
  private readonly waiting = new PacketFifo();
  private waitingBytes = 0;
  /** Sum of the waiting packets' enqueue times, ns (see {@link queueAreaPacketNsUntil}). */
  private waitingEnqueuedSumNs = 0;
  /** Packets on the wire in arrival order; the head's delivery is scheduled. */
  private readonly onWire = new PacketFifo();
  private lastArrivalNs = 0;
  private readonly nsPerByte: number;
  // The scheduler and the parameters every packet-hop reads, copied into this object's own
  // fields: in a large run each extra object visited per packet-hop is a cache miss.
  private readonly scheduler: Scheduler;
  private readonly mtuBytes: number;
  private readonly delayNs: number;
  private readonly jitterNs: number;
  private readonly lossProbability: number;
  private readonly framingBytes: number;
  private readonly minWireBytes: number;
  /** Rounding error carried between back-to-back packets, ns, so long-run throughput is exact. */
  private carryNs = 0;

  constructor(
    /** Human name, e.g. `h1->leaf1`. */
    readonly name: string,
    /** Read once, at construction: the fields a packet-hop uses are copied. */
    readonly params: Readonly<LinkDirectionParams>,
    private readonly ctx: SimContext,
    private readonly rng: RandomStream,
    /** The node at the far end. */
    readonly peer: PacketSink,
  ) {
    this.nsPerByte = 8e9 / params.rateBps;
    this.scheduler = ctx.scheduler;
    this.mtuBytes = params.mtuBytes;
    this.delayNs = params.delayNs;
    this.jitterNs = params.jitterNs;
    this.lossProbability = params.lossProbability;
    this.framingBytes = params.framingBytes;
    this.minWireBytes = params.minWireBytes;
  }

  /**
   * Time spent serialising up to `endNs`, ns: only the last packet's transmission can reach past
   * the end of a run, since transmissions never overlap and none starts after it (flow-level
   * transfers are clipped at the end when they are counted).
   */
  busyNsUntil(endNs: number): number {
    return this.busyNs - Math.max(0, this.busyUntilNs - endNs);
  }

  /**
   * Counts a transfer modelled at flow level (see UnderlayTransport): `packets` packets of
   * `bytes` IP bytes in all, sent from `startNs` on, `endNs` being the end of the run. They add
   * to the counters as packets that did not wait, and their serialisation time inside the run to
   * the busy time; they do not queue, so they may overlap packets on the link. The minimum frame
   * is applied to the total, which is exact when no packet of the transfer is below it (TCP
   * segments with timestamps are at least 52 B of IP, above Ethernet's 46) or all are the same size.
   */
  carryBulk(packets: number, bytes: number, startNs: number, endNs: number): void {
    this.txPackets += packets;
    this.txBytes += bytes;
    this.noWaitPackets += packets;
    const busyNs = Math.round(Math.max(bytes + packets * this.framingBytes, packets * this.minWireBytes) * this.nsPerByte);
    this.busyNs += Math.max(0, Math.min(busyNs, endNs - startNs));
  }

  /**
   * Integral of the number of waiting packets over time from 0 to `nowNs`, packet·ns: each
   * started packet's whole wait plus, for each packet still waiting, its wait so far. Dividing
   * the growth over an interval by the interval's length gives the mean queue over it, exactly.
   */
  queueAreaPacketNsUntil(nowNs: number): number {
    return this.queueWaitSumNs + this.waiting.length * nowNs - this.waitingEnqueuedSumNs;
  }

  /** Peaks count from now on (a measurement window opens): they restart at what waits now. */
  restartPeaks(): void {
    this.peakQueuePackets = this.waiting.length;
    this.peakQueueBytes = this.waitingBytes;
  }

  /** Exact serialisation time of a packet of `sizeBytes` on this link, ns (not rounded). */
  serialisationNs(sizeBytes: number): number {
    return Math.max(sizeBytes + this.framingBytes, this.minWireBytes) * this.nsPerByte;
  }

  /** Accepts a packet for transmission at `nowNs`. */
  send(packet: Packet, nowNs: number): void {
    if (packet.sizeBytes > this.mtuBytes) return this.drop(packet, nowNs, 'mtu-exceeded');
    packet.enqueuedNs = nowNs;
    if (this.waiting.length === 0 && nowNs >= this.busyUntilNs) {
      this.start(packet, nowNs, false);
      return;
    }
    const p = this.params;
    if (this.waiting.length + 1 > p.queueLimitPackets || this.waitingBytes + packet.sizeBytes > p.queueLimitBytes) {
      return this.drop(packet, nowNs, 'queue-full');
    }
    this.waiting.push(packet);
    const count = this.waiting.length;
    this.waitingBytes += packet.sizeBytes;
    this.waitingEnqueuedSumNs += nowNs;
    if (count > this.peakQueuePackets) this.peakQueuePackets = count;
    if (this.waitingBytes > this.peakQueueBytes) this.peakQueueBytes = this.waitingBytes;
    if (count === 1) this.scheduler.postAt(this.busyUntilNs, this, TX_DONE);
  }

  onEvent(kind: number, nowNs: number): void {
    if (kind === TX_DONE) this.startNext(nowNs);
    else this.deliverHead(nowNs);
  }

  /**
   * Starts serialising and puts the packet on the wire, or drops it as lost (counted now, at the
   * start of its transmission). The time is rounded to the nanosecond; in a back-to-back burst
   * the rounding error is carried to the next packet, so each packet is within 0.5 ns of exact
   * and a burst of any length ends within 0.5 ns of its exact end.
   */
  private start(packet: Packet, nowNs: number, backToBack: boolean): void {
    const exactNs = this.serialisationNs(packet.sizeBytes) + (backToBack ? this.carryNs : 0);
    const txNs = Math.round(exactNs);
    this.carryNs = exactNs - txNs;
    this.busyUntilNs = nowNs + txNs;
    this.txPackets++;
    this.txBytes += packet.sizeBytes;
    this.busyNs += txNs;
    const waitNs = nowNs - packet.enqueuedNs;
    this.queueWaitSumNs += waitNs;
    if (waitNs === 0) this.noWaitPackets++;
    if (this.txStarted.active) this.txStarted.emit(packet, nowNs, txNs);
    // Tested here as well as in bernoulli: a loss-free link then never visits its stream object.
    if (this.lossProbability > 0 && this.rng.bernoulli(this.lossProbability)) return this.drop(packet, nowNs, 'loss');
    let arrivalNs = this.busyUntilNs + this.delayNs;
    if (this.jitterNs > 0) arrivalNs += Math.floor(this.rng.uniform() * this.jitterNs);
    if (arrivalNs < this.lastArrivalNs) arrivalNs = this.lastArrivalNs;
    this.lastArrivalNs = arrivalNs;
    packet.arrivalNs = arrivalNs;
    this.onWire.push(packet);
    if (this.onWire.length === 1) this.scheduler.postAt(arrivalNs, this, DELIVER);
  }

  /** The transmission in progress ends: the next waiting packet follows back to back. */
  private startNext(nowNs: number): void {
    const next = this.waiting.shift() as Packet;
    this.waitingBytes -= next.sizeBytes;
    this.waitingEnqueuedSumNs -= next.enqueuedNs;
    this.start(next, nowNs, true);
    if (this.waiting.length > 0) this.scheduler.postAt(this.busyUntilNs, this, TX_DONE);
  }

  private deliverHead(nowNs: number): void {
    const packet = this.onWire.shift() as Packet;
    const next = this.onWire.peek();
    if (next !== undefined) this.scheduler.postAt(next.arrivalNs, this, DELIVER);
    this.peer.receive(packet, nowNs);
  }

  private drop(packet: Packet, nowNs: number, reason: LinkDropReason): void {
    this.dropped.emit(packet, nowNs, reason);
    this.ctx.drop(packet, nowNs, reason);
  }
}
