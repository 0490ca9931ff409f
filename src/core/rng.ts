import seedrandom from 'seedrandom';

/**
 * A named, independent random stream. Each entity draws from its own stream, keyed
 * `${seed}/${replication}/${name}`, so adding an entity never changes another's draws.
 */
export class RandomStream {
  private readonly next: () => number;

  constructor(
    readonly seed: number,
    readonly replication: number,
    readonly name: string,
  ) {
    this.next = seedrandom.alea(`${seed}/${replication}/${name}`);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Exponentially distributed with the given mean (any unit). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
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
