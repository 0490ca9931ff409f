import type { LinkTx } from './link-tx.ts';
import type { NetNode } from './node.ts';

/** Raised when some host cannot reach another. */
export class DisconnectedError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`the topology is disconnected: host ${from} cannot reach host ${to}`);
    this.name = 'DisconnectedError';
  }
}

/**
 * Computes static shortest-path (hop count) routes from every node to every host, keeping all
 * equal-cost next hops for ECMP. Hosts are endpoints only: paths never transit a host.
 * Nodes 0..hostCount−1 must be the hosts. Throws {@link DisconnectedError} if a host pair has no path.
 *
 * Cost: one breadth-first search per destination host, O(H × (V + E)).
 */
export function computeRoutes(nodes: readonly NetNode[], hostCount: number, peerIndexOf: (port: LinkTx) => number): void {
  const n = nodes.length;
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  // Neighbour node indices per node, aligned with its ports.
  const neighbours = nodes.map((node) => Int32Array.from(node.ports, peerIndexOf));
  const interned = nodes.map(() => new Map<string, number>());
  for (const node of nodes) {
    node.routeSetOf = new Int32Array(hostCount).fill(-1);
    node.portSets = [];
  }

  for (let dst = 0; dst < hostCount; dst++) {
    dist.fill(-1);
    dist[dst] = 0;
    queue[0] = dst;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const u = queue[head++] as number;
      if (u !== dst && u < hostCount) continue; // hosts do not forward
      const d = (dist[u] as number) + 1;
      for (const v of neighbours[u] as Int32Array) {
        if (dist[v] === -1) {
          dist[v] = d;
          queue[tail++] = v;
        }
      }
    }
    for (let v = 0; v < n; v++) {
      const dv = dist[v] as number;
      if (v === dst) continue;
      if (dv === -1) {
        if (v < hostCount) throw new DisconnectedError((nodes[v] as NetNode).name, (nodes[dst] as NetNode).name);
        continue;
      }
      const node = nodes[v] as NetNode;
      const nb = neighbours[v] as Int32Array;
      let key = '';
      for (let i = 0; i < nb.length; i++) if (dist[nb[i] as number] === dv - 1) key += `${i},`;
      const sets = interned[v] as Map<string, number>;
      let setIndex = sets.get(key);
      if (setIndex === undefined) {
        setIndex = node.portSets.length;
        sets.set(key, setIndex);
        node.portSets.push(
          key
            .split(',')
            .filter((s) => s !== '')
            .map((s) => node.ports[Number(s)] as LinkTx),
        );
      }
      node.routeSetOf[dst] = setIndex;
    }
  }
  for (const node of nodes) node.onlyRoute = onlyRouteOf(node);
}

/** The one port a node sends to every other host through, if its table says so. */
function onlyRouteOf(node: NetNode): LinkTx | undefined {
  const set = node.portSets[0];
  if (node.portSets.length !== 1 || set?.length !== 1) return undefined;
  const table = node.routeSetOf;
  for (let d = 0; d < table.length; d++) if (table[d] !== 0 && d !== node.index) return undefined;
  return set[0];
}

/**
 * The links a flow of hash `flowHash` crosses from a node to a host, choosing among equal-cost
 * next hops as its packets would; empty when there is no route.
 */
export function routeLinks(from: NetNode, dstHost: number, flowHash: number): LinkTx[] {
  const links: LinkTx[] = [];
  for (let node = from; node.index !== dstHost; node = links[links.length - 1]!.peer as NetNode) {
    const port = node.nextHop(dstHost, flowHash);
    if (port === undefined || links.length > 64) return [];
    links.push(port);
  }
  return links;
}
