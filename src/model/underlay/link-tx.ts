import type { EventTarget } from '../../core/event-queue.ts';
import { Ring } from '../../core/ring.ts';
import type { RandomStream } from '../../core/rng.ts';
import { TracePoint } from '../../core/trace.ts';
import type { LinkDropReason, PacketSink, SimContext } from '../context.ts';
import type { Packet } from '../packet.ts';

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
 * A packet is serialised in (size + framing) × 8 / rate ns, then arrives at the far end after
 * the propagation delay (plus jitter). Packets on the wire arrive in FIFO order, so they wait
 * in a ring and only the head has an event in the scheduler.
 */
export class LinkTx implements EventTarget {
  /** Packet accepted into the queue (or straight to the wire); `queuedPackets` after it. */
  readonly enqueued = new TracePoint<Packet, number, number>();
  /** Serialisation starts: packet, now, serialisation time ns. */
  readonly txStarted = new TracePoint<Packet, number, number>();
  /** Packet dropped at this link. */
  readonly dropped = new TracePoint<Packet, number, LinkDropReason>();

  private busy = false;
  private current: Packet | undefined;
  private readonly waiting = new Ring<Packet>();
  private waitingBytes = 0;
  private readonly onWire = new Ring<Packet>();
  private lastArrivalNs = 0;
  private readonly nsPerByte: number;
  /** Rounding error carried between back-to-back packets, ns, so long-run throughput is exact. */
  private carryNs = 0;

  constructor(
    /** Human name, e.g. `h1->leaf1`. */
    readonly name: string,
    readonly params: LinkDirectionParams,
    private readonly ctx: SimContext,
    private readonly rng: RandomStream,
    /** The node at the far end. */
    readonly peer: PacketSink,
  ) {
    this.nsPerByte = 8e9 / params.rateBps;
  }

  /** Packets waiting, excluding the one being serialised. */
  get queuedPackets(): number {
    return this.waiting.length;
  }

  /** Bytes waiting, excluding the one being serialised. */
  get queuedBytes(): number {
    return this.waitingBytes;
  }

  /** Exact serialisation time of a packet of `sizeBytes` on this link, ns (not rounded). */
  serialisationNs(sizeBytes: number): number {
    return (sizeBytes + this.params.framingBytes) * this.nsPerByte;
  }

  /** Accepts a packet for transmission at `nowNs`. */
  send(packet: Packet, nowNs: number): void {
    const p = this.params;
    if (packet.sizeBytes > p.mtuBytes) return this.drop(packet, nowNs, 'mtu-exceeded');
    packet.enqueuedNs = nowNs;
    if (!this.busy) {
      this.enqueued.emit(packet, nowNs, 0);
      this.start(packet, nowNs, false);
      return;
    }
    if (this.waiting.length + 1 > p.queueLimitPackets || this.waitingBytes + packet.sizeBytes > p.queueLimitBytes) {
      return this.drop(packet, nowNs, 'queue-full');
    }
    this.waiting.push(packet);
    this.waitingBytes += packet.sizeBytes;
    this.enqueued.emit(packet, nowNs, this.waiting.length);
  }

  onEvent(kind: number, nowNs: number): void {
    if (kind === TX_DONE) this.finishTx(nowNs);
    else this.deliverHead(nowNs);
  }

  /**
   * Starts serialising. The time is rounded to the nanosecond; in a back-to-back burst the
   * rounding error is carried to the next packet, so each packet is within 0.5 ns of exact and
   * a burst of any length ends within 0.5 ns of its exact end.
   */
  private start(packet: Packet, nowNs: number, backToBack: boolean): void {
    this.busy = true;
    this.current = packet;
    const exactNs = this.serialisationNs(packet.sizeBytes) + (backToBack ? this.carryNs : 0);
    const txNs = Math.round(exactNs);
    this.carryNs = exactNs - txNs;
    this.txStarted.emit(packet, nowNs, txNs);
    this.ctx.scheduler.post(txNs, this, TX_DONE);
  }

  private finishTx(nowNs: number): void {
    const packet = this.current as Packet;
    this.current = undefined;
    const p = this.params;
    if (this.rng.bernoulli(p.lossProbability)) {
      this.drop(packet, nowNs, 'loss');
    } else {
      let arrivalNs = nowNs + p.delayNs;
      if (p.jitterNs > 0) arrivalNs += Math.floor(this.rng.uniform() * p.jitterNs);
      if (arrivalNs < this.lastArrivalNs) arrivalNs = this.lastArrivalNs;
      this.lastArrivalNs = arrivalNs;
      packet.arrivalNs = arrivalNs;
      this.onWire.push(packet);
      if (this.onWire.length === 1) this.ctx.scheduler.postAt(arrivalNs, this, DELIVER);
    }
    const next = this.waiting.shift();
    if (next === undefined) {
      this.busy = false;
      return;
    }
    this.waitingBytes -= next.sizeBytes;
    this.start(next, nowNs, true);
  }

  private deliverHead(nowNs: number): void {
    const packet = this.onWire.shift() as Packet;
    const next = this.onWire.peek();
    if (next !== undefined) this.ctx.scheduler.postAt(next.arrivalNs, this, DELIVER);
    this.peer.receive(packet, nowNs);
  }

  private drop(packet: Packet, nowNs: number, reason: LinkDropReason): void {
    this.dropped.emit(packet, nowNs, reason);
    this.ctx.drop(packet, nowNs, reason);
  }
}
