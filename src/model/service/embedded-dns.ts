/**
 * One host's embedded DNS server (127.0.0.11, answered by the Docker daemon on that host). For
 * a service name it answers the list of the service's task addresses (dnsrr, or `tasks.<svc>`
 * in VIP mode) rotated by one place per query it has answered for that name, so successive
 * lookups start at successive tasks. Docker shuffles the list instead (resolver.go,
 * shared/reference/overlay-dataplane.md §4); rotation gives the same long-run spread without a
 * random draw. A client takes the first address of the answer. With a `known` row (the host's
 * view, see service-views.ts) the answer holds only the tasks the host still has records of, and
 * the rotation runs over those.
 */
export class EmbeddedDns {
  private readonly queries = new Map<string, number>();

  /**
   * Answers one query for `name` over `taskCount` tasks; returns the index of the first address
   * in the answer. `firstOffset` gives the first answer's start for a name this server has not
   * answered yet. Returns −1 when `known` says the host holds no task of the name.
   */
  firstAnswer(name: string, taskCount: number, firstOffset: () => number, known?: Uint8Array): number {
    const k = this.queries.get(name) ?? firstOffset();
    this.queries.set(name, k + 1);
    if (known === undefined) return k % taskCount;
    // The answer holds only the tasks the host knows; the rotation runs over those alone, so each
    // gets an equal share, as Docker's shuffle of the held records gives.
    let held = 0;
    for (let i = 0; i < taskCount; i++) held += known[i] as number;
    if (held === 0) return -1;
    let place = k % held;
    for (let i = 0; i < taskCount; i++) if (known[i] === 1 && place-- === 0) return i;
    return -1;
  }
}
