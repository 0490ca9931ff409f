/**
 * Byte ranges received above the next expected byte (the holes' far sides), kept sorted and
 * merged in two parallel arrays. Loss makes only a few ranges at a time, so linear work is fine.
 */
export class OutOfOrderBuffer {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  get empty(): boolean {
    return this.starts.length === 0;
  }

  /** Holds [start, end), merging it with the ranges it touches. */
  add(start: number, end: number): void {
    const starts = this.starts;
    const ends = this.ends;
    let i = 0;
    while (i < starts.length && (ends[i] as number) < start) i++;
    let j = i;
    while (j < starts.length && (starts[j] as number) <= end) {
      start = Math.min(start, starts[j] as number);
      end = Math.max(end, ends[j] as number);
      j++;
    }
    starts.splice(i, j - i, start);
    ends.splice(i, j - i, end);
  }

  /** The next expected byte once `nextByte` has arrived in order: it absorbs the ranges it reaches. */
  advance(nextByte: number): number {
    const starts = this.starts;
    const ends = this.ends;
    let n = 0;
    while (n < starts.length && (starts[n] as number) <= nextByte) {
      nextByte = Math.max(nextByte, ends[n] as number);
      n++;
    }
    if (n > 0) {
      starts.splice(0, n);
      ends.splice(0, n);
    }
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
