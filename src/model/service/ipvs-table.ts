/** IPVS schedulers a service may use: Linux's `rr` (Docker's), `wrr` and `lc`. */
export type IpvsScheduler = 'rr' | 'weighted' | 'lc';

/**
 * One client host's IPVS virtual service for one service VIP: the real servers (backends, in
 * task order, weight 1 unless given) and the scheduler's state, as Linux keeps them per network
 * namespace. `pick` is called once per new connection (TCP) or new flow of datagrams (UDP) and
 * returns the backend's index. The algorithms follow the kernel's `ip_vs_rr.c` (next server
 * after the last one picked, starting at the head of the list, `firstBackend`), `ip_vs_wrr.c` (interleaved weighted round
 * robin stepping the current weight down by the weights' gcd) and `ip_vs_lc.c` (fewest
 * connections, active ones counted 256 times, ties to the earlier server). Connections never
 * close in the workloads of this simulator, so every connection counts as active. With a
 * `known` row (the host's view, see service-views.ts) a backend the host no longer holds is
 * skipped, as if removed from the kernel's list; with none left, `pick` returns −1.
 */
export class IpvsTable {
  /** Connections scheduled to each backend by this table. */
  readonly connections: number[];
  private last = -1;
  private currentWeight = 0;
  private readonly maxWeight: number;
  private readonly weightGcd: number;

  constructor(
    readonly backendCount: number,
    readonly scheduler: IpvsScheduler,
    /** Weight of each backend (all 1 when empty), for `weighted`. */
    private readonly weights: readonly number[] = [],
    /** Backend the round robin takes first (the head of this host's list). */
    firstBackend = 0,
    /** 1 for each backend this host holds (a live view); undefined: all, always. */
    private readonly known?: Uint8Array,
  ) {
    if (backendCount < 1) throw new Error('an IPVS service needs at least one backend');
    this.connections = new Array<number>(backendCount).fill(0);
    const w = Array.from({ length: backendCount }, (_, i) => this.weightOf(i));
    this.maxWeight = Math.max(...w);
    this.weightGcd = w.reduce(gcd);
    this.currentWeight = this.maxWeight;
    this.last = firstBackend - 1;
  }

  /** Schedules one new connection; returns the chosen backend's index, or −1 when the host holds none. */
  pick(): number {
    const known = this.known;
    if (known !== undefined && known.indexOf(1) < 0) return -1;
    const i = this.scheduler === 'rr' ? this.nextRoundRobin() : this.scheduler === 'weighted' ? this.nextWeighted() : this.leastConnections();
    this.connections[i] = (this.connections[i] as number) + 1;
    return i;
  }

  private usable(i: number): boolean {
    return this.known === undefined || this.known[i] === 1;
  }

  private weightOf(i: number): number {
    return this.weights[i] ?? 1;
  }

  private nextRoundRobin(): number {
    do this.last = (this.last + 1) % this.backendCount;
    while (!this.usable(this.last));
    return this.last;
  }

  private nextWeighted(): number {
    for (;;) {
      this.last++;
      if (this.last === this.backendCount) {
        this.last = -1;
        this.currentWeight -= this.weightGcd;
        if (this.currentWeight <= 0) this.currentWeight = this.maxWeight;
        continue;
      }
      if (this.usable(this.last) && this.weightOf(this.last) >= this.currentWeight) return this.last;
    }
  }

  private leastConnections(): number {
    let best = -1;
    for (let i = 0; i < this.backendCount; i++) {
      if (this.usable(i) && (best < 0 || (this.connections[i] as number) < (this.connections[best] as number))) best = i;
    }
    return best;
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
