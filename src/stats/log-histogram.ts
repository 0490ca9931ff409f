/** Sub-buckets per power of two: each bucket spans at most 1/256 of its values (0.4%). */
const SUB_BITS = 8;
const SUB = 1 << SUB_BITS;

/**
 * A log-linear histogram of non-negative integers (as HDR histograms are built): values below
 * 256 are counted exactly, larger ones in 256 buckets per power of two. A percentile is the
 * middle of its bucket, so it is within 0.2% of the exact order statistic. Counts live in a
 * typed array grown on demand; recording allocates nothing once the range is covered.
 */
export class LogHistogram {
  private counts = new Uint32Array(SUB * 4);
  /** Values recorded. */
  count = 0;

  record(value: number): void {
    const i = bucketOf(value);
    if (i >= this.counts.length) this.grow(i);
    (this.counts[i] as number)++;
    this.count++;
  }

  /** Adds every value `other` recorded, as if recorded here (same buckets, so exact). */
  add(other: LogHistogram): void {
    if (other.counts.length > this.counts.length) this.grow(other.counts.length - 1);
    const counts = this.counts;
    const theirs = other.counts;
    for (let i = 0; i < theirs.length; i++) counts[i] = (counts[i] as number) + (theirs[i] as number);
    this.count += other.count;
  }

  /**
   * The value at percentile `p` (0 < p ≤ 100): the middle of the bucket holding the
   * ceil(p% × count)-th smallest value; 0 when empty.
   */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i] as number;
      if (seen >= rank) return middleOf(i);
    }
    return middleOf(counts.length - 1);
  }

  private grow(index: number): void {
    let size = this.counts.length;
    while (size <= index) size *= 2;
    const next = new Uint32Array(size);
    next.set(this.counts);
    this.counts = next;
  }
}

/** Bucket index of a value: exact below 256, then 256 per power of two. */
function bucketOf(value: number): number {
  if (value < SUB) return value < 0 ? 0 : Math.floor(value);
  if (value < 2 ** 32) {
    // The common case, integers below 4.3 s in ns: bit operations only.
    const shift = 31 - Math.clz32(value) - SUB_BITS;
    return SUB + shift * SUB + ((value >>> shift) - SUB);
  }
  const shift = Math.floor(Math.log2(value)) - SUB_BITS;
  return SUB + shift * SUB + (Math.floor(value / 2 ** shift) - SUB);
}

/** The middle value of a bucket (rounded down to an integer). */
function middleOf(index: number): number {
  if (index < SUB) return index;
  const shift = Math.floor((index - SUB) / SUB);
  const low = (SUB + ((index - SUB) % SUB)) * 2 ** shift;
  return Math.floor(low + (2 ** shift - 1) / 2);
}
