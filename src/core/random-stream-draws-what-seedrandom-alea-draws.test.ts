import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStream } from './rng.ts';

/**
 * RandomStream steps Alea's state itself (see rng.ts); every figure a run reports rests on it
 * drawing exactly what seedrandom's own generator draws for the same key. Bit-for-bit equality
 * over a million draws of several streams, and the derived draws follow from the same numbers.
 */
describe('a random stream', () => {
  it("draws exactly seedrandom's alea numbers for its key", () => {
    for (const [seed, replication, name] of [[1, 0, 'gossip/h1'], [42, 3, 'link/h7->leaf1'], [0, 0, '']] as const) {
      const stream = new RandomStream(seed, replication, name);
      const reference = seedrandom.alea(`${seed}/${replication}/${name}`);
      for (let i = 0; i < 1_000_000; i++) {
        const a = stream.uniform();
        const b = reference();
        if (a !== b) expect.fail(`${seed}/${replication}/${name}: draw ${i} is ${a}, seedrandom gives ${b}`);
      }
    }
  });

  it('makes its integer, Bernoulli and exponential draws from those numbers', () => {
    const stream = new RandomStream(7, 0, 'derived');
    const reference = seedrandom.alea('7/0/derived');
    for (let i = 0; i < 10_000; i++) {
      expect(stream.int(1000)).toBe(Math.floor(reference() * 1000));
      expect(stream.bernoulli(0.3)).toBe(reference() < 0.3);
      expect(stream.exponential(5)).toBe(-5 * Math.log(1 - reference()));
    }
    // A probability of zero draws nothing: the next number is still the reference's next.
    expect(stream.bernoulli(0)).toBe(false);
    expect(stream.uniform()).toBe(reference());
  });
});
