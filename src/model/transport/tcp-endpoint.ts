import type { PacketSink, SimContext } from '../context.ts';
import { type FlowInfo, firstHopOf } from '../flow.ts';
import type { Host } from '../host/host.ts';
import { type Packet, PacketKind } from '../packet.ts';
import { LazyTimer, type TimerOwner } from './lazy-timer.ts';
import type { TcpConfig } from './tcp-config.ts';
import { maxSackBlocks, segmentBytes, synOptionBytes, TCP_SACK_BASE_BYTES, TCP_SACK_BLOCK_BYTES, TcpFlag } from './tcp-header.ts';
import { TcpReceiver } from './tcp-receiver.ts';
import { TcpSender } from './tcp-sender.ts';
import { TcpTraces } from './tcp-traces.ts';

/** What the application above an endpoint hears. */
export interface TcpApp {
  /** The connection is established at this end; the app may write. */
  onEstablished(endpoint: TcpEndpoint, nowNs: number): void;
  /** In-order data arrived; `deliveredBytes` in total so far. */
  onData(endpoint: TcpEndpoint, deliveredBytes: number, nowNs: number): void;
}

const CLOSED = 0;
const LISTEN = 1;
const SYN_SENT = 2;
const SYN_RCVD = 3;
const ESTABLISHED = 4;

/**
 * One end of a TCP connection: the three-way handshake, then a {@link TcpSender} and a
 * {@link TcpReceiver} over one pooled packet per segment. Every segment after the SYN carries
 * the cumulative ACK, so data piggybacks acknowledgements (and cancels a pending delayed ACK).
 * Segments are IP packets of payload + 40 B (+12 B with timestamps, + 4 + 8 per SACK block) that go through the host's
 * stack like any other: encapsulation, CPU, links. It raises `ctx.received` for its incoming
 * flow itself, with the payload it delivered in order, so flow goodput counts no duplicates.
 */
export class TcpEndpoint implements PacketSink, TimerOwner {
  readonly traces = new TcpTraces();
  readonly sender: TcpSender;
  readonly receiver: TcpReceiver;
  app: TcpApp | undefined;
  private state = CLOSED;
  private readonly rtoTimer: LazyTimer;
  private readonly delayedAckTimer: LazyTimer;
  /** When the SYN (or SYN-ACK) was sent, ns; −1 once it has been resent (Karn). */
  private synSentNs = -1;

  constructor(
    private readonly ctx: SimContext,
    private readonly host: Host,
    /** The flow this end sends on. */
    readonly flow: FlowInfo,
    /** The flow this end receives on. */
    readonly peerFlow: FlowInfo,
    readonly config: TcpConfig,
  ) {
    this.rtoTimer = new LazyTimer(ctx.scheduler, this);
    this.delayedAckTimer = new LazyTimer(ctx.scheduler, this);
    this.sender = new TcpSender(this, config, this.rtoTimer, this.traces);
    this.receiver = new TcpReceiver(this, config, this.delayedAckTimer);
    ctx.segmentSinks[peerFlow.id] = this;
  }

  get established(): boolean {
    return this.state === ESTABLISHED;
  }

  /** Active open: send the SYN. */
  connect(nowNs: number): void {
    this.state = SYN_SENT;
    this.synSentNs = nowNs;
    this.emit(0, 0, TcpFlag.Syn, nowNs);
    this.rtoTimer.startAt(nowNs + this.sender.rtt.rtoNs);
  }

  /** Passive open: wait for a SYN. */
  listen(): void {
    this.state = LISTEN;
  }

  receive(p: Packet, nowNs: number): void {
    const flags = p.tcpFlags;
    let delivered = 0;
    if (this.state === LISTEN && flags & TcpFlag.Syn) {
      this.receiver.init(p.seq, p.sentNs);
      this.state = SYN_RCVD;
      this.synSentNs = nowNs;
      this.emit(0, 0, TcpFlag.Syn | TcpFlag.Ack, nowNs);
      this.rtoTimer.startAt(nowNs + this.sender.rtt.rtoNs);
    } else if (this.state === SYN_SENT && flags & TcpFlag.Syn && flags & TcpFlag.Ack && p.ackNo === 1) {
      this.receiver.init(p.seq, p.sentNs);
      this.open(nowNs);
      this.sendAck(nowNs);
      this.app?.onEstablished(this, nowNs);
    } else if (this.state === SYN_RCVD && flags & TcpFlag.Syn) {
      // The peer resent its SYN: our SYN-ACK was lost.
      this.synSentNs = -1;
      this.emit(0, 0, TcpFlag.Syn | TcpFlag.Ack, nowNs);
    } else if (this.state === ESTABLISHED && flags & TcpFlag.Syn) {
      this.sendAck(nowNs); // a resent SYN-ACK: our ACK of it was lost
    } else if (this.state === ESTABLISHED || (this.state === SYN_RCVD && flags & TcpFlag.Ack && p.ackNo >= 1)) {
      if (this.state === SYN_RCVD) {
        this.open(nowNs);
        this.app?.onEstablished(this, nowNs);
      }
      const length = p.payloadBytes;
      const edges = p.sackEdges;
      for (let i = 0; i < p.sackCount; i++) this.sender.sackBlock(edges[2 * i] as number, edges[2 * i + 1] as number);
      this.sender.onAck(p.ackNo, p.tsEcrNs, length > 0, p.windowBytes, nowNs);
      if (length > 0) delivered = this.receiver.onData(p.seq, length, p.sentNs, nowNs);
    }
    p.payloadBytes = delivered;
    this.ctx.received.emit(p, nowNs, undefined);
    this.ctx.pool.release(p);
    if (delivered > 0) this.app?.onData(this, this.receiver.deliveredBytes, nowNs);
  }

  onTimer(timer: LazyTimer, nowNs: number): void {
    if (timer === this.delayedAckTimer) return this.sendAck(nowNs);
    if (this.state === ESTABLISHED) return this.sender.onTimeout(nowNs);
    if (this.state !== SYN_SENT && this.state !== SYN_RCVD) return;
    // The SYN or SYN-ACK went unanswered: resend it with a doubled timeout.
    this.synSentNs = -1;
    this.sender.rtt.backOff();
    this.emit(0, 0, this.state === SYN_SENT ? TcpFlag.Syn : TcpFlag.Syn | TcpFlag.Ack, nowNs);
    this.rtoTimer.startAt(nowNs + this.sender.rtt.rtoNs);
  }

  /** A data segment (from the sender). */
  sendData(seq: number, lengthBytes: number, appWrites: number, nowNs: number): void {
    this.emit(seq, lengthBytes, TcpFlag.Ack, nowNs, appWrites);
  }

  /** A pure ACK (from the receiver, or the delayed-ACK timer). */
  sendAck(nowNs: number): void {
    this.emit(this.sender.sndNxt, 0, TcpFlag.Ack, nowNs);
  }

  private open(nowNs: number): void {
    this.state = ESTABLISHED;
    this.sender.sndUna = 1;
    this.rtoTimer.stop();
    if (this.synSentNs >= 0) this.sender.handshakeSample(nowNs - this.synSentNs, nowNs);
    this.sender.open = true;
    this.traces.established.emit(nowNs, undefined, undefined);
  }

  /**
   * SACK blocks a segment with `lengthBytes` of data can carry: all the options allow on a pure
   * ACK; on data only what fits in the MSS beside it, so the packet stays within the MTU (Linux
   * shrinks the data instead; here a full segment goes without blocks, the next pure ACK has them).
   */
  private sackRoom(lengthBytes: number): number {
    const max = maxSackBlocks(this.config.timestamps);
    if (lengthBytes === 0) return max;
    const room = this.config.mssBytes - lengthBytes - TCP_SACK_BASE_BYTES;
    return room < TCP_SACK_BLOCK_BYTES ? 0 : Math.min(max, Math.floor(room / TCP_SACK_BLOCK_BYTES));
  }

  private emit(seq: number, lengthBytes: number, flags: number, nowNs: number, appWrites = 0): void {
    const flow = this.flow;
    const timestamps = this.config.timestamps;
    const p = this.ctx.pool.acquire();
    p.flowId = flow.id;
    p.flowHash = flow.hash;
    p.kind = PacketKind.Tcp;
    p.srcHost = flow.srcHost;
    p.dstHost = firstHopOf(flow);
    const sacks = flags & TcpFlag.Syn ? 0 : this.receiver.sackBlocks(p.sackEdges, this.sackRoom(lengthBytes));
    p.sackCount = sacks;
    p.sizeBytes =
      segmentBytes(lengthBytes, timestamps) +
      (flags & TcpFlag.Syn ? synOptionBytes(timestamps, this.config.sack) : 0) +
      (sacks > 0 ? TCP_SACK_BASE_BYTES + sacks * TCP_SACK_BLOCK_BYTES : 0);
    p.payloadBytes = lengthBytes;
    p.appWrites = appWrites;
    p.seq = seq;
    p.tcpFlags = flags;
    p.ackNo = this.receiver.rcvNxt;
    p.windowBytes = this.config.receiveBufferBytes;
    p.sentNs = nowNs;
    p.originNs = nowNs;
    p.tsEcrNs = flags & TcpFlag.Ack ? this.receiver.tsRecentNs : -1;
    if (flags & TcpFlag.Ack) this.receiver.ackSent();
    this.host.send(p, nowNs);
  }
}
