import { describe, expect, it } from 'vitest';
import { Ring } from './ring.ts';

describe('a ring is a FIFO whatever its wrap-around and growth', () => {
  it('returns items in push order while interleaving pushes and shifts across several growths', () => {
    const ring = new Ring<number>(3);
    const out: number[] = [];
    let next = 0;
    // Keep the ring partly full so the head wraps before each growth.
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 3 + (round % 7); i++) ring.push(next++);
      for (let i = 0; i < 2; i++) out.push(ring.shift() as number);
    }
    expect(ring.peek()).toBe(out.length);
    while (ring.length > 0) out.push(ring.shift() as number);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
  });

  it('answers undefined when empty', () => {
    const ring = new Ring<string>();
    expect(ring.shift()).toBeUndefined();
    expect(ring.peek()).toBeUndefined();
    ring.push('a');
    expect(ring.shift()).toBe('a');
    expect(ring.length).toBe(0);
  });
});
