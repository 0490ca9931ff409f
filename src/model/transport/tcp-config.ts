/** Congestion control algorithms a connection can use. */
export type CongestionAlgorithm = 'newreno' | 'cubic';

/**
 * What ssthresh halves when fast recovery starts with SACK: `flight`, the data outstanding
 * (RFC 5681 eq. 4; Linux halves cwnd, the same for a window-limited sender), or `pipe`, RFC 6675's
 * estimate of what is still in the network (without SACKed bytes and the lost first segment), as ns-3 does.
 */
export type SsthreshBase = 'flight' | 'pipe';

/** Settings of one TCP connection (both ends use the same). */
export interface TcpConfig {
  /** Maximum segment size, payload bytes (see {@link mssFor}). */
  mssBytes: number;
  /** Whether segments carry the timestamp option (12 B; an RTT sample from every ACK). */
  timestamps: boolean;
  congestion: CongestionAlgorithm;
  /** Selective acknowledgements (RFC 2018) and RFC 6675 loss recovery; off: NewReno's (RFC 6582). Linux and ns-3: on. */
  sack: boolean;
  /**
   * Slow start counts acknowledged bytes (RFC 3465 appropriate byte counting, L = 2): cwnd grows by
   * min(acked, 2·MSS) per ACK, so with delayed ACKs it doubles every round trip, as in Linux. Off:
   * one MSS per ACK that acknowledges new data (RFC 5681's minimum, ns-3's TcpNewReno).
   */
  abc: boolean;
  /** See {@link SsthreshBase} (Linux: flight). */
  ssthreshFrom: SsthreshBase;
  /** Initial congestion window, segments (RFC 6928 and Linux: 10). */
  initialCwndSegments: number;
  /** Bytes in flight (sent, unacknowledged) the sender's socket buffer holds at most. */
  sendBufferBytes: number;
  /** Receive window advertised: the application reads in-order data at once, so it stays at this size. */
  receiveBufferBytes: number;
  /** Delayed ACK: acknowledge every second full segment, or after this long, ns (Linux: 40 ms). */
  delayedAckNs: number;
  /** Lower bound of the retransmission timeout, ns (Linux: 200 ms; RFC 6298: 1 s). */
  minRtoNs: number;
  /** Upper bound of the retransmission timeout, ns (Linux: 120 s). */
  maxRtoNs: number;
  /** Retransmission timeout before any RTT sample, ns (RFC 6298: 1 s). */
  initialRtoNs: number;
}

/** Linux's defaults, with the buffer sizes at the top of tcp_wmem and tcp_rmem. */
export const DEFAULT_TCP: Omit<TcpConfig, 'mssBytes'> = {
  timestamps: true,
  congestion: 'cubic',
  sack: true,
  abc: true,
  ssthreshFrom: 'flight',
  initialCwndSegments: 10,
  sendBufferBytes: 4 * 1024 * 1024,
  receiveBufferBytes: 6 * 1024 * 1024,
  delayedAckNs: 40e6,
  minRtoNs: 200e6,
  maxRtoNs: 120e9,
  initialRtoNs: 1e9,
};
