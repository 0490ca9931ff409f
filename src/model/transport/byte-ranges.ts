/**
 * Sorted, merged byte ranges [start, end) in two parallel arrays: what the receiver holds above
 * a hole, and what the sender's scoreboard knows was SACKed. Loss makes only a few ranges at a
 * time, so linear work is fine.
 */
export class ByteRanges {
  protected readonly starts: number[] = [];
  protected readonly ends: number[] = [];

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

  /** Forgets the first `n` ranges. */
  protected dropFirst(n: number): void {
    if (n > 0) {
      this.starts.splice(0, n);
      this.ends.splice(0, n);
    }
  }
}
