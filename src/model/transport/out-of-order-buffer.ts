import { ByteRanges } from './byte-ranges.ts';

/**
 * Byte ranges received above the next expected byte (the holes' far sides); the ranges
 * themselves are kept by {@link ByteRanges}.
 */
export class OutOfOrderBuffer extends ByteRanges {
  /** The next expected byte once `nextByte` has arrived in order: it absorbs the ranges it reaches. */
  advance(nextByte: number): number {
    const starts = this.starts;
    const ends = this.ends;
    let n = 0;
    while (n < starts.length && (starts[n] as number) <= nextByte) {
      nextByte = Math.max(nextByte, ends[n] as number);
      n++;
    }
    this.dropFirst(n);
    return nextByte;
  }

  /** Index of the range holding byte `seq`, or −1. */
  rangeHolding(seq: number): number {
    for (let i = 0; i < this.starts.length; i++) {
      if ((this.starts[i] as number) > seq) break;
      if ((this.ends[i] as number) > seq) return i;
    }
    return -1;
  }

  /** Start of range `i`. */
  startOf(i: number): number {
    return this.starts[i] as number;
  }

  /** End (exclusive) of range `i`. */
  endOf(i: number): number {
    return this.ends[i] as number;
  }
}
