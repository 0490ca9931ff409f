/**
 * A growable FIFO ring buffer; push and shift are O(1) and allocate only when it grows. The
 * capacity is a power of two, so wrapping is a bit mask rather than a division.
 */
export class Ring<T> {
  private items: (T | undefined)[];
  private mask: number;
  private head = 0;
  private count = 0;

  constructor(initialCapacity = 16) {
    let capacity = 2;
    while (capacity < initialCapacity) capacity *= 2;
    this.items = packed(capacity);
    this.mask = capacity - 1;
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count > this.mask) this.grow();
    this.items[(this.head + this.count) & this.mask] = item;
    this.count++;
  }

  /** The oldest item, or undefined when empty. */
  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** Removes and returns the oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }

  private grow(): void {
    const old = this.items;
    const oldMask = this.mask;
    const next = packed<T>(old.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & oldMask];
    this.items = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}

/** An array of `n` undefined slots, built by pushing so V8 keeps it packed (not holey). */
function packed<T>(n: number): (T | undefined)[] {
  const items: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) items.push(undefined);
  return items;
}
