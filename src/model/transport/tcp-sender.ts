import { AppWrites } from './app-writes.ts';
import type { CongestionControl } from './congestion-control.ts';
import { congestionControl } from './congestion-control.ts';
import type { LazyTimer } from './lazy-timer.ts';
import { RttEstimator } from './rtt-estimator.ts';
import { SackScoreboard } from './sack-scoreboard.ts';
import type { TcpConfig } from './tcp-config.ts';
import type { TcpTraces } from './tcp-traces.ts';

/** Where the sender puts its segments: the endpoint, which builds the packets. */
export interface SegmentOut {
  /** A data segment; `appWrites` application write calls begin in its bytes (0 when resent). */
  sendData(seq: number, lengthBytes: number, appWrites: number, nowNs: number): void;
}

/** Duplicate ACKs that trigger fast retransmit (RFC 5681). */
const DUPACK_THRESHOLD = 3;

/**
 * The sending half of a TCP endpoint: a sliding window over the application's byte stream,
 * bounded by min(cwnd, the peer's receive window, the send buffer); cumulative ACK processing;
 * the retransmission timer (RFC 6298). Loss recovery has two forms. With SACK (the default, as
 * Linux and ns-3) it is RFC 6675's: a scoreboard of SACKed ranges, `pipe` (the bytes still in
 * the network) against cwnd, NextSeg choosing lost bytes before new ones, limited transmit on
 * the first duplicate ACKs, and after a timeout every unSACKed byte counted lost and resent from
 * the lowest up. Without SACK it is NewReno's (RFC 6582): fast retransmit, a window inflated by
 * duplicate ACKs, one hole resent per partial ACK, and go-back-N after a timeout. Sequence
 * numbers are byte offsets: the SYN takes 0, data starts at 1.
 */
export class TcpSender {
  /** Oldest unacknowledged byte. */
  sndUna = 0;
  /** Next byte to send (without SACK it moves back to sndUna after a timeout; with SACK it stays at sndMax). */
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
  /** RFC 6582 `recover`, RFC 6675 RecoveryPoint: one past the highest byte sent when the last recovery (or timeout) began. */
  private recover = 0;
  /** The SACK scoreboard; undefined when SACK is off. */
  private readonly scoreboard: SackScoreboard | undefined;
  /** The ACK being processed SACKed bytes not SACKed before. */
  private newlySacked = false;
  /** Bytes the scoreboard held after the previous ACK. */
  private sackedBefore = 0;
  /** PRR (RFC 6937): bytes delivered to the receiver and bytes sent since recovery began, and FlightSize then. */
  private prrDelivered = 0;
  private prrOut = 0;
  private recoverFs = 0;
  /** RFC 6675 HighRxt: one past the highest byte retransmitted in the current recovery. */
  private highRxt = 0;
  /** With SACK, after a timeout: every unSACKed byte below `recover` counts as lost until the cumulative ACK passes it. */
  private afterTimeout = false;
  /** New data sent on duplicate ACKs before recovery (limited transmit), left out of FlightSize when ssthresh is set. */
  private limitedBytes = 0;
  private firstPartialAck = false;
  /** The window, not the application or the peer, stopped the last send: cwnd may grow. */
  private cwndLimited = false;
  /** Karn timing without timestamps: the ACK number that ends the timed segment, or −1. */
  private timedEnd = -1;
  private timedAtNs = 0;
  /** Where the application's write calls begin, so each new segment carries the calls that begin in it. */
  private readonly appWrites = new AppWrites();

  constructor(
    private readonly out: SegmentOut,
    private readonly config: TcpConfig,
    private readonly rto: LazyTimer,
    private readonly traces: TcpTraces,
  ) {
    this.rtt = new RttEstimator(config.initialRtoNs, config.minRtoNs, config.maxRtoNs);
    this.cc = congestionControl(config.congestion, config.mssBytes, config.initialCwndSegments, config.abc);
    this.peerWindowBytes = config.receiveBufferBytes;
    this.scoreboard = config.sack ? new SackScoreboard() : undefined;
  }

  /** Bytes sent and not yet acknowledged. */
  get flightBytes(): number {
    return this.sndMax - this.sndUna;
  }

  /** The application writes `bytes` more. */
  write(bytes: number, nowNs: number): void {
    this.appWrites.add(this.appEnd, bytes);
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
    if (this.scoreboard) return this.sendByPipe(this.scoreboard, nowNs);
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
    if (this.scoreboard) return this.onSackAck(this.scoreboard, ackNo, tsEcrNs, carriesData, nowNs);
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
      else if (this.dupAcks === DUPACK_THRESHOLD && ackNo >= this.recover) {
        // Fast retransmit (RFC 6582 3.2 step 2); an ACK below `recover` belongs to a loss already handled.
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
    this.limitedBytes = 0;
    this.recover = this.sndMax;
    // With SACK the scoreboard is kept (as Linux and ns-3 do): the bytes it holds are not resent.
    if (this.scoreboard) {
      this.afterTimeout = true;
      this.highRxt = this.sndUna;
    } else this.sndNxt = this.sndUna;
    this.timedEnd = -1;
    this.rtt.backOff();
    this.trySend(nowNs);
    this.rto.startAt(nowNs + this.rtt.rtoNs);
  }

  /** A SACK block of the arriving segment, given before its {@link onAck}; ignored without SACK. */
  sackBlock(start: number, end: number): void {
    const board = this.scoreboard;
    if (!board) return;
    start = Math.max(start, this.sndUna);
    end = Math.min(end, this.sndMax);
    if (end > start && board.unsackedBytes(start, end) > 0) {
      board.add(start, end);
      this.newlySacked = true;
    }
  }

  /**
   * RFC 6675's ACK processing. A duplicate ACK is one that SACKs new data (§2). Recovery starts
   * on the third, or as soon as the first unacknowledged byte counts as lost (§5 steps 1–4);
   * it does not start again for data sent before the last one began. During recovery cwnd follows
   * Proportional Rate Reduction (RFC 6937, slow-start reduction bound), as Linux and ns-3 do; it
   * ends when the cumulative ACK covers RecoveryPoint, with cwnd = ssthresh. cwnd grows only
   * outside fast recovery.
   */
  private onSackAck(board: SackScoreboard, ackNo: number, tsEcrNs: number, carriesData: boolean, nowNs: number): void {
    const newlySacked = this.newlySacked;
    this.newlySacked = false;
    const mss = this.config.mssBytes;
    let acked = 0;
    if (ackNo > this.sndUna) {
      acked = ackNo - this.sndUna;
      this.sampleRtt(ackNo, tsEcrNs, nowNs);
      this.sndUna = ackNo;
      board.ackTo(ackNo);
      this.dupAcks = 0;
      this.limitedBytes = 0;
      if (this.inRecovery) {
        if (ackNo >= this.recover) {
          this.inRecovery = false;
          this.cc.cwndBytes = this.cc.ssthreshBytes;
        }
      } else {
        if (this.afterTimeout && ackNo >= this.recover) this.afterTimeout = false;
        if (this.cwndLimited) this.cc.onAck(acked, nowNs, this.rtt.srttNs);
      }
      if (this.sndUna >= this.sndMax) this.rto.stop();
      else this.rto.startAt(nowNs + this.rtt.rtoNs);
    } else if (ackNo === this.sndUna && !carriesData && newlySacked && this.sndMax > this.sndUna) {
      this.dupAcks++;
    }
    // RFC 6937 DeliveredData: the change in snd.una plus the change in SACKed bytes.
    const sacked = board.sackedBytes;
    const delivered = acked + sacked - this.sackedBefore;
    this.sackedBefore = sacked;
    if (
      !this.inRecovery &&
      !this.afterTimeout &&
      ackNo >= this.recover &&
      this.sndMax > this.sndUna &&
      (this.dupAcks >= DUPACK_THRESHOLD || board.lostBelow(DUPACK_THRESHOLD, mss) > this.sndUna)
    ) {
      this.enterSackRecovery(board, nowNs);
    }
    if (this.inRecovery) this.proportionalRateReduction(board, delivered);
    this.sendByPipe(board, nowNs);
  }

  /**
   * RFC 6675 §5 step 4: RecoveryPoint, ssthresh from FlightSize / 2 (RFC 5681 eq. 4, without the
   * limited-transmit segments; Linux halves cwnd, the same for a window-limited sender) or, as
   * ns-3 does, from half the pipe with the first segment counted lost; then that segment resent.
   */
  private enterSackRecovery(board: SackScoreboard, nowNs: number): void {
    const mss = this.config.mssBytes;
    const flightSize = this.sndMax - this.sndUna - this.limitedBytes;
    const headLost = Math.max(board.lostBelow(DUPACK_THRESHOLD, mss), Math.min(this.sndUna + mss, board.nextSacked(this.sndUna)));
    this.cc.onCongestion(this.config.ssthreshFrom === 'pipe' ? this.pipe(board, headLost) : flightSize, nowNs);
    this.recover = this.sndMax;
    this.inRecovery = true;
    this.prrDelivered = 0;
    this.prrOut = 0;
    this.recoverFs = flightSize;
    this.traces.recoveryStarted.emit(nowNs, undefined, undefined);
    const seq = this.sndUna;
    const len = Math.min(mss, board.nextSacked(seq) - seq, this.sndMax - seq);
    this.sendSegment(seq, len, nowNs);
    this.highRxt = seq + len;
    this.prrOut += len;
  }

  /**
   * PRR (RFC 6937 §3): while pipe exceeds ssthresh, send in proportion to what was delivered,
   * ssthresh / RecoverFS of it, so recovery ends with about ssthresh in flight; below ssthresh,
   * catch up at most one segment more than was delivered (the slow-start reduction bound).
   * cwnd is set to pipe + what may be sent.
   */
  private proportionalRateReduction(board: SackScoreboard, deliveredBytes: number): void {
    const mss = this.config.mssBytes;
    const ssthresh = this.cc.ssthreshBytes;
    this.prrDelivered += deliveredBytes;
    const pipe = this.pipe(board, board.lostBelow(DUPACK_THRESHOLD, mss));
    let sendBytes: number;
    if (pipe > ssthresh) sendBytes = Math.ceil((this.prrDelivered * ssthresh) / this.recoverFs) - this.prrOut;
    else sendBytes = Math.min(ssthresh - pipe, Math.max(this.prrDelivered - this.prrOut, deliveredBytes) + mss);
    this.cc.cwndBytes = pipe + Math.max(sendBytes, 0);
  }

  /**
   * Sends while pipe leaves room in cwnd (RFC 6675 §5 (C)), choosing each segment by NextSeg:
   * (1) the first lost unSACKed bytes above HighRxt; else (2) new data, within the peer's window
   * and the send buffer; else (3), in recovery, the first unSACKed bytes above HighRxt below the
   * highest SACKed byte. Rule 4 (the rescue retransmission, a MAY) is not modelled.
   */
  private sendByPipe(board: SackScoreboard, nowNs: number): void {
    if (!this.open) return;
    const mss = this.config.mssBytes;
    const cwnd = this.cc.cwndBytes;
    const window = Math.min(this.peerWindowBytes, this.config.sendBufferBytes);
    const lostBelow = this.afterTimeout ? this.recover : board.lostBelow(DUPACK_THRESHOLD, mss);
    let pipe = this.pipe(board, lostBelow);
    let blocked = false;
    for (;;) {
      const hole = board.nextUnsacked(Math.max(this.highRxt, this.sndUna));
      let seq = -1;
      if (hole < this.sndMax && hole < lostBelow) seq = hole;
      else if (this.sndMax < this.appEnd && this.sndMax + Math.min(mss, this.appEnd - this.sndMax) - this.sndUna <= window) seq = this.sndMax;
      else if (this.inRecovery && hole < board.highestSacked) seq = hole;
      if (seq < 0) break;
      const len = seq === this.sndMax ? Math.min(mss, this.appEnd - seq) : Math.min(mss, board.nextSacked(seq) - seq, this.sndMax - seq);
      if (pipe + len > cwnd) {
        blocked = true;
        break;
      }
      this.sendSegment(seq, len, nowNs);
      pipe += len;
      if (this.inRecovery) this.prrOut += len;
      if (seq < this.sndMax) this.highRxt = seq + len;
      else {
        this.sndMax += len;
        this.sndNxt = this.sndMax;
        if (this.dupAcks > 0 && !this.inRecovery) this.limitedBytes += len;
      }
    }
    this.cwndLimited = blocked || (cwnd < this.cc.ssthreshBytes && cwnd < 2 * (this.sndMax - this.sndUna));
  }

  /**
   * RFC 6675 SetPipe: every unSACKed byte between the cumulative ACK and the highest byte sent
   * counts once if it is not lost, and once more if it was retransmitted (lies below HighRxt).
   */
  private pipe(board: SackScoreboard, lostBelow: number): number {
    const una = this.sndUna;
    const max = this.sndMax;
    return board.unsackedBytes(Math.max(lostBelow, una), max) + board.unsackedBytes(una, Math.min(this.highRxt, max));
  }

  private sendSegment(seq: number, len: number, nowNs: number): void {
    if (seq < this.sndMax) {
      this.traces.retransmitted.emit(seq, nowNs, undefined);
      if (this.timedEnd >= 0 && seq < this.timedEnd) this.timedEnd = -1; // Karn: that sample would be ambiguous
    } else if (!this.config.timestamps && this.timedEnd < 0) {
      this.timedEnd = seq + len;
      this.timedAtNs = nowNs;
    }
    // A resent range counts no call: AppWrites counted its calls when the bytes were first sent.
    this.out.sendData(seq, len, this.appWrites.countBelow(seq + len), nowNs);
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
