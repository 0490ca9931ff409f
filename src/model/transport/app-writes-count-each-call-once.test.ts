import { describe, expect, it } from 'vitest';
import { AppWrites } from './app-writes.ts';

/** Offsets start at 1 as a TCP stream's data does (the SYN takes 0). Calls of at most 1000 B. */
describe('application write calls are counted once, with the first segment that carries their bytes', () => {
  it('an endless write is a call every 1000 B', () => {
    const w = new AppWrites(1000);
    w.add(1, Infinity);
    // Segments of 600 B: [1, 601) starts call 1; [601, 1201) starts call 2 at 1001; [1201, 1801) none; [1801, 2401) call 3 at 2001.
    expect([601, 1201, 1801, 2401].map((end) => w.countBelow(end))).toEqual([1, 1, 0, 1]);
  });

  it('each write of the application starts a call of its own, and a large one is cut into calls', () => {
    const w = new AppWrites(1000);
    w.add(1, 300); // [1, 301)
    w.add(301, 300); // [301, 601)
    w.add(601, 2500); // [601, 1601), [1601, 2601), [2601, 3101)
    // One 1448-byte segment [1, 1449) carries the starts of the first three calls.
    expect(w.countBelow(1449)).toBe(3);
    expect(w.countBelow(2897)).toBe(2);
    expect(w.countBelow(3101)).toBe(0);
    // Nothing is written beyond: no more calls, whatever is asked.
    expect(w.countBelow(10_000)).toBe(0);
  });

  it('a range asked again (a retransmission) counts nothing more', () => {
    const w = new AppWrites(1000);
    w.add(1, 5000);
    // Calls start at 1, 1001 and 2001: all three below 2002.
    expect(w.countBelow(2002)).toBe(3);
    expect(w.countBelow(2002)).toBe(0);
    expect(w.countBelow(1449)).toBe(0);
  });
});
