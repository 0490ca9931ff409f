import seedrandom from 'seedrandom';

/** 2^−32. */
const ALEA_FRACTION = 2.3283064365386963e-10;

/**
 * A named, independent random stream. Each entity draws from its own stream, keyed
 * `${seed}/${replication}/${name}`, so adding an entity never changes another's draws.
 *
 * The numbers are seedrandom's `alea` generator's (Baagoe's Alea): seedrandom seeds it from the
 * key, and the stream then steps the generator's state itself, kept in its own four fields. The
 * generator seedrandom returns keeps that state two objects away, behind a closure; in a large
 * run, where each of a thousand agents' streams is cold when its turn comes, each of those
 * objects is a cache miss per draw. Same arithmetic, so the same numbers (a test checks them
 * against seedrandom's own).
 */
export class RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private c: number;

  constructor(
    readonly seed: number,
    readonly replication: number,
    readonly name: string,
  ) {
    const state = seedrandom.alea(`${seed}/${replication}/${name}`, { state: true }).state();
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
    this.c = state.c;
  }

  /** Uniform in [0, 1): one step of Alea. */
  uniform(): number {
    const t = 2091639 * this.s0 + this.c * ALEA_FRACTION;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }

  /** Exponentially distributed with the given mean (any unit). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform());
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return p > 0 && this.uniform() < p;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

/** Makes named streams for one run (one seed and replication). */
export class RandomStreams {
  constructor(
    readonly seed: number,
    readonly replication = 0,
  ) {}

  stream(name: string): RandomStream {
    return new RandomStream(this.seed, this.replication, name);
  }
}
