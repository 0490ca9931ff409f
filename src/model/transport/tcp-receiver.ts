import type { LazyTimer } from './lazy-timer.ts';
import { OutOfOrderBuffer } from './out-of-order-buffer.ts';
import type { TcpConfig } from './tcp-config.ts';

/** Where the receiver sends its acknowledgements: the endpoint. */
export interface AckOut {
  sendAck(nowNs: number): void;
}

/**
 * The receiving half of a TCP endpoint: the next expected byte, out-of-order ranges, and
 * when to acknowledge (RFC 5681 §4.2, RFC 1122): in-order data is acknowledged every second
 * segment or when the delayed-ACK timer expires; an out-of-order segment, a duplicate, or one
 * that fills a hole is acknowledged at once (which makes the sender's duplicate ACKs). The
 * application reads in-order data as it arrives, so the advertised window stays at the buffer size.
 */
export class TcpReceiver {
  /** Next byte expected. */
  rcvNxt = 0;
  /** Sequence number of the first data byte (the peer's SYN + 1). */
  private firstByte = 0;
  /** TS.Recent (RFC 7323): the timestamp to echo, ns; −1 before any. */
  tsRecentNs = -1;
  /** In-order segments received since the last ACK went out. */
  private unacked = 0;
  private readonly outOfOrder = new OutOfOrderBuffer();

  constructor(
    private readonly out: AckOut,
    private readonly config: TcpConfig,
    private readonly delayedAck: LazyTimer,
  ) {}

  /** The peer's SYN arrived with initial sequence number `irs`. */
  init(irs: number, tsValNs: number): void {
    this.rcvNxt = irs + 1;
    this.firstByte = irs + 1;
    this.tsRecentNs = tsValNs;
  }

  /** Bytes delivered in order to the application so far. */
  get deliveredBytes(): number {
    return this.rcvNxt - this.firstByte;
  }

  /** A segment with data arrived; returns the bytes it delivered in order. */
  onData(seq: number, lengthBytes: number, tsValNs: number, nowNs: number): number {
    const end = seq + lengthBytes;
    const before = this.rcvNxt;
    if (end <= before) {
      this.out.sendAck(nowNs);
      return 0;
    }
    if (seq > before) {
      if (end - before <= this.config.receiveBufferBytes) this.outOfOrder.add(seq, end);
      this.out.sendAck(nowNs);
      return 0;
    }
    const fillsHole = !this.outOfOrder.empty;
    // Echo the earliest unacknowledged segment's timestamp, so RTT samples include the ACK delay (RFC 7323 §4.3).
    if (this.unacked === 0 || fillsHole) this.tsRecentNs = tsValNs;
    this.rcvNxt = this.outOfOrder.advance(end);
    this.unacked++;
    if (fillsHole || this.unacked >= 2) this.out.sendAck(nowNs);
    else if (!this.delayedAck.running) this.delayedAck.startAt(nowNs + this.config.delayedAckNs);
    return this.rcvNxt - before;
  }

  /** An ACK went out, alone or on a data segment: nothing is left to acknowledge. */
  ackSent(): void {
    this.unacked = 0;
    this.delayedAck.stop();
  }
}
