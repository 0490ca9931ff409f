import { ByteRanges } from './byte-ranges.ts';

/**
 * The sender's SACK scoreboard (RFC 6675 §2–4): the byte ranges above the cumulative ACK that
 * the receiver reported in SACK blocks, kept sorted and merged in two parallel arrays. It answers
 * the questions of RFC 6675's loss recovery: which unSACKed bytes count as lost (IsLost), how
 * many bytes are still in the network (SetPipe), and where the next retransmission starts
 * (NextSeg rules 1 and 3). Loss makes only a few ranges at a time, so linear work is fine.
 */
export class SackScoreboard extends ByteRanges {
  /** One past the highest SACKed byte; 0 when nothing is SACKed. */
  get highestSacked(): number {
    const n = this.ends.length;
    return n === 0 ? 0 : (this.ends[n - 1] as number);
  }

  /** Bytes SACKed in all. */
  get sackedBytes(): number {
    let bytes = 0;
    for (let i = 0; i < this.starts.length; i++) bytes += (this.ends[i] as number) - (this.starts[i] as number);
    return bytes;
  }

  /** The cumulative ACK reached `sndUna`: ranges below it are forgotten. */
  ackTo(sndUna: number): void {
    const starts = this.starts;
    const ends = this.ends;
    let n = 0;
    while (n < starts.length && (ends[n] as number) <= sndUna) n++;
    this.dropFirst(n);
    if (starts.length > 0 && (starts[0] as number) < sndUna) starts[0] = sndUna;
  }

  /** Forgets everything (the connection falls back to go-back-N). */
  clear(): void {
    this.starts.length = 0;
    this.ends.length = 0;
  }

  /**
   * The lowest byte at or above which unSACKed bytes are not yet lost. RFC 6675's IsLost(seq)
   * holds when more than (DupThresh − 1)·SMSS bytes above seq are SACKed, or DupThresh
   * discontiguous SACKed ranges lie above it: both only grow as seq falls, so an unSACKed byte
   * is lost exactly when it lies below the start of the range where, counting down from the
   * top, either count is first exceeded. 0 when no byte is lost.
   */
  lostBelow(dupThresh: number, mssBytes: number): number {
    const limit = (dupThresh - 1) * mssBytes;
    let sacked = 0;
    for (let i = this.starts.length - 1; i >= 0; i--) {
      const start = this.starts[i] as number;
      sacked += (this.ends[i] as number) - start;
      if (sacked > limit || this.starts.length - i >= dupThresh) return start;
    }
    return 0;
  }

  /** Bytes in [from, to) that are not SACKed. */
  unsackedBytes(from: number, to: number): number {
    if (to <= from) return 0;
    let bytes = to - from;
    for (let i = 0; i < this.starts.length; i++) {
      const s = Math.max(from, this.starts[i] as number);
      const e = Math.min(to, this.ends[i] as number);
      if (e > s) bytes -= e - s;
    }
    return bytes;
  }

  /** The first unSACKed byte at or above `seq`. */
  nextUnsacked(seq: number): number {
    for (let i = 0; i < this.starts.length; i++) {
      if ((this.starts[i] as number) > seq) break;
      if ((this.ends[i] as number) > seq) seq = this.ends[i] as number;
    }
    return seq;
  }

  /** Start of the first SACKed range above `seq` (where a hole starting at `seq` ends); Infinity if none. */
  nextSacked(seq: number): number {
    for (let i = 0; i < this.starts.length; i++) {
      if ((this.starts[i] as number) > seq) return this.starts[i] as number;
    }
    return Infinity;
  }
}
