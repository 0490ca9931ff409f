/**
 * One host's NetworkDB failedNodes (moby networkdb; reference/gossip-controlplane.md §3.2): the
 * members memberlist declared dead (not those that left gracefully). A node stays on it until it
 * is seen alive again or the host restarts; memberlist forgetting a dead member after
 * GossipToTheDeadTime does not take it off (NetworkDB keeps failed nodes for 24 h). The
 * reconnect loop picks one at random each retryInterval.
 */
export class FailedNodes {
  private readonly nodes: number[] = [];
  /** Position of each listed node in {@link nodes}. */
  private readonly at = new Map<number, number>();

  get size(): number {
    return this.nodes.length;
  }

  /** The node at position `i` in [0, size): with a uniform `i`, a uniform pick. */
  get(i: number): number {
    return this.nodes[i]!;
  }

  has(node: number): boolean {
    return this.at.has(node);
  }

  add(node: number): void {
    if (this.at.has(node)) return;
    this.at.set(node, this.nodes.length);
    this.nodes.push(node);
  }

  remove(node: number): void {
    const i = this.at.get(node);
    if (i === undefined) return;
    const last = this.nodes.pop()!;
    this.at.delete(node);
    if (last !== node) {
      this.nodes[i] = last;
      this.at.set(last, i);
    }
  }

  clear(): void {
    this.nodes.length = 0;
    this.at.clear();
  }
}
