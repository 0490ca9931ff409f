import { MAX_SACK_BLOCKS } from '../packet.ts';
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
 * that fills a hole is acknowledged at once (which makes the sender's duplicate ACKs). With SACK
 * every ACK sent while data waits above a hole reports the waiting ranges (RFC 2018 §4): first the
 * one holding the latest out-of-order segment, then the others most recently reported. The
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
  /** A byte of each range to report in SACK blocks, latest out-of-order arrival first. */
  private readonly recent = new Float64Array(MAX_SACK_BLOCKS);
  private recentCount = 0;

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
      if (end - before <= this.config.receiveBufferBytes) {
        this.outOfOrder.add(seq, end);
        this.noteRecent(seq);
      }
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

  /**
   * Writes the SACK blocks of the next ACK into `edges` (start, end pairs), at most `maxBlocks`,
   * most recent first; returns how many. None without SACK or when no data waits above a hole.
   */
  sackBlocks(edges: Float64Array, maxBlocks: number): number {
    if (!this.config.sack || this.outOfOrder.empty) return 0;
    const ooo = this.outOfOrder;
    let n = 0;
    let kept = 0;
    for (let i = 0; i < this.recentCount; i++) {
      const seq = this.recent[i] as number;
      const r = ooo.rangeHolding(seq);
      if (r < 0) continue; // delivered in order since
      const start = ooo.startOf(r);
      let reported = false;
      for (let j = 0; j < n; j++) if (edges[2 * j] === start) reported = true;
      if (reported) continue; // ranges merged: one block
      this.recent[kept++] = seq;
      if (n < maxBlocks) {
        edges[2 * n] = start;
        edges[2 * n + 1] = ooo.endOf(r);
        n++;
      }
    }
    this.recentCount = kept;
    return n;
  }

  /** Out-of-order data arrived at `seq`: its range goes first in the next SACK blocks. */
  private noteRecent(seq: number): void {
    const recent = this.recent;
    const count = Math.min(this.recentCount + 1, recent.length);
    for (let i = count - 1; i > 0; i--) recent[i] = recent[i - 1] as number;
    recent[0] = seq;
    this.recentCount = count;
  }

  /** An ACK went out, alone or on a data segment: nothing is left to acknowledge. */
  ackSent(): void {
    this.unacked = 0;
    this.delayedAck.stop();
  }
}
