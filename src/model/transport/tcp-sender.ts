import type { CongestionControl } from './congestion-control.ts';
import { congestionControl } from './congestion-control.ts';
import type { LazyTimer } from './lazy-timer.ts';
import { RttEstimator } from './rtt-estimator.ts';
import type { TcpConfig } from './tcp-config.ts';
import type { TcpTraces } from './tcp-traces.ts';

/** Where the sender puts its segments: the endpoint, which builds the packets. */
export interface SegmentOut {
  sendData(seq: number, lengthBytes: number, nowNs: number): void;
}

/** Duplicate ACKs that trigger fast retransmit (RFC 5681). */
const DUPACK_THRESHOLD = 3;

/**
 * The sending half of a TCP endpoint: a sliding window over the application's byte stream,
 * bounded by min(cwnd, the peer's receive window, the send buffer); cumulative ACK processing;
 * fast retransmit and NewReno fast recovery with partial ACKs (RFC 6582); the retransmission
 * timer (RFC 6298) with go-back-N from the first unacknowledged byte. Sequence numbers are byte
 * offsets: the SYN takes 0, data starts at 1.
 */
export class TcpSender {
  /** Oldest unacknowledged byte. */
  sndUna = 0;
  /** Next byte to send (moves back to sndUna after a timeout). */
  sndNxt = 1;
  /** One past the highest byte ever sent. */
  sndMax = 1;
  /** One past the last byte the application has written. */
  appEnd = 1;
  /** Set once the connection is established; nothing is sent before. */
  open = false;
  peerWindowBytes: number;
  readonly rtt: RttEstimator;
  readonly cc: CongestionControl;
  private dupAcks = 0;
  private inRecovery = false;
  /** RFC 6582 `recover`: highest byte sent when the last recovery (or timeout) began. */
  private recover = 0;
  private firstPartialAck = false;
  /** The window, not the application or the peer, stopped the last send: cwnd may grow. */
  private cwndLimited = false;
  /** Karn timing without timestamps: the ACK number that ends the timed segment, or −1. */
  private timedEnd = -1;
  private timedAtNs = 0;

  constructor(
    private readonly out: SegmentOut,
    private readonly config: TcpConfig,
    private readonly rto: LazyTimer,
    private readonly traces: TcpTraces,
  ) {
    this.rtt = new RttEstimator(config.initialRtoNs, config.minRtoNs, config.maxRtoNs);
    this.cc = congestionControl(config.congestion, config.mssBytes, config.initialCwndSegments);
    this.peerWindowBytes = config.receiveBufferBytes;
  }

  /** Bytes sent and not yet acknowledged. */
  get flightBytes(): number {
    return this.sndMax - this.sndUna;
  }

  /** The application writes `bytes` more. */
  write(bytes: number, nowNs: number): void {
    this.appEnd += bytes;
    this.trySend(nowNs);
  }

  /** The application stops writing: nothing beyond what was already sent will go. */
  stopWriting(): void {
    if (this.appEnd > this.sndMax) this.appEnd = this.sndMax;
  }

  /** Sends as many new (or, after a timeout, resent) segments as the window allows. */
  trySend(nowNs: number): void {
    if (!this.open) return;
    const mss = this.config.mssBytes;
    const cwnd = this.cc.cwndBytes;
    const window = Math.min(cwnd, this.peerWindowBytes, this.config.sendBufferBytes);
    let blocked = false;
    while (this.sndNxt < this.appEnd) {
      const len = Math.min(mss, this.appEnd - this.sndNxt);
      if (this.sndNxt + len - this.sndUna > window) {
        blocked = true;
        break;
      }
      this.sendSegment(this.sndNxt, len, nowNs);
      this.sndNxt += len;
      if (this.sndNxt > this.sndMax) this.sndMax = this.sndNxt;
    }
    // As Linux's tcp_is_cwnd_limited: cwnd was the binding limit, or slow start has used half of it.
    this.cwndLimited = (blocked && cwnd === window) || (cwnd < this.cc.ssthreshBytes && cwnd < 2 * (this.sndNxt - this.sndUna));
  }

  /** Processes the acknowledgement fields of an arriving segment. */
  onAck(ackNo: number, tsEcrNs: number, carriesData: boolean, windowBytes: number, nowNs: number): void {
    this.peerWindowBytes = windowBytes;
    if (ackNo > this.sndMax) return;
    const mss = this.config.mssBytes;
    if (ackNo > this.sndUna) {
      const acked = ackNo - this.sndUna;
      this.sampleRtt(ackNo, tsEcrNs, nowNs);
      this.sndUna = ackNo;
      if (this.sndNxt < ackNo) this.sndNxt = ackNo;
      let restart = true;
      if (this.inRecovery) {
        if (ackNo >= this.recover) {
          this.inRecovery = false;
          this.dupAcks = 0;
          this.cc.onRecoveryEnd(this.sndMax - ackNo, nowNs);
        } else {
          // Partial ACK: the next hole is lost too. Resend it, deflate by what was acked (RFC 6582 3.2 step 3).
          this.sendSegment(ackNo, Math.min(mss, this.sndMax - ackNo), nowNs);
          this.cc.cwndBytes = Math.max(this.cc.cwndBytes - acked, mss) + (acked >= mss ? mss : 0);
          restart = this.firstPartialAck;
          this.firstPartialAck = false;
        }
      } else {
        this.dupAcks = 0;
        if (this.cwndLimited) this.cc.onAck(acked, nowNs, this.rtt.srttNs);
      }
      if (this.sndUna >= this.sndMax) this.rto.stop();
      else if (restart) this.rto.startAt(nowNs + this.rtt.rtoNs);
    } else if (ackNo === this.sndUna && !carriesData && this.sndMax > this.sndUna) {
      this.dupAcks++;
      if (this.inRecovery) this.cc.cwndBytes += mss;
      else if (this.dupAcks === DUPACK_THRESHOLD && ackNo > this.recover) {
        // Fast retransmit (RFC 6582 3.2 step 2); an ACK not above `recover` belongs to a loss already handled.
        this.cc.onCongestion(this.sndMax - this.sndUna, nowNs);
        this.recover = this.sndMax;
        this.inRecovery = true;
        this.firstPartialAck = true;
        this.traces.recoveryStarted.emit(nowNs, undefined, undefined);
        this.sendSegment(ackNo, Math.min(mss, this.sndMax - ackNo), nowNs);
        this.cc.cwndBytes = this.cc.ssthreshBytes + DUPACK_THRESHOLD * mss;
      }
    }
    this.trySend(nowNs);
  }

  /** The retransmission timer expired (RFC 6298 5.4–5.6, RFC 5681 eq. 4). */
  onTimeout(nowNs: number): void {
    if (this.sndUna >= this.sndMax) return;
    this.traces.timedOut.emit(nowNs, undefined, undefined);
    this.cc.onTimeout(this.sndMax - this.sndUna, nowNs);
    this.inRecovery = false;
    this.dupAcks = 0;
    this.recover = this.sndMax;
    this.sndNxt = this.sndUna;
    this.timedEnd = -1;
    this.rtt.backOff();
    this.trySend(nowNs);
    this.rto.startAt(nowNs + this.rtt.rtoNs);
  }

  private sendSegment(seq: number, len: number, nowNs: number): void {
    if (seq < this.sndMax) {
      this.traces.retransmitted.emit(seq, nowNs, undefined);
      if (this.timedEnd >= 0 && seq < this.timedEnd) this.timedEnd = -1; // Karn: that sample would be ambiguous
    } else if (!this.config.timestamps && this.timedEnd < 0) {
      this.timedEnd = seq + len;
      this.timedAtNs = nowNs;
    }
    this.out.sendData(seq, len, nowNs);
    if (!this.rto.running) this.rto.startAt(nowNs + this.rtt.rtoNs);
  }

  /** With timestamps every ACK of new data gives a sample (RFC 7323); without, the timed segment's ACK (Karn). */
  private sampleRtt(ackNo: number, tsEcrNs: number, nowNs: number): void {
    let sampleNs = -1;
    if (this.config.timestamps) {
      if (tsEcrNs >= 0) sampleNs = nowNs - tsEcrNs;
    } else if (this.timedEnd >= 0 && ackNo >= this.timedEnd) {
      sampleNs = nowNs - this.timedAtNs;
      this.timedEnd = -1;
    }
    if (sampleNs < 0) return;
    this.rtt.sample(sampleNs);
    this.traces.rttSampled.emit(sampleNs, nowNs, undefined);
  }

  /** An RTT sample from the handshake (SYN not resent). */
  handshakeSample(sampleNs: number, nowNs: number): void {
    this.rtt.sample(sampleNs);
    this.traces.rttSampled.emit(sampleNs, nowNs, undefined);
  }
}
