import type { FlowPath, FlowRelay } from '../flow.ts';
import { type IpvsScheduler, IpvsTable } from './ipvs-table.ts';

/**
 * An external client's way to a service through one of its published ports (the routing mesh).
 * Docker (shared/reference/overlay-dataplane.md §4, "Routing-mesh path"): the client sends to
 * any node's published port; with `ingress` the node's `ingress-sbox` marks the packet, its IPVS
 * picks one of **all** the service's tasks (rr), SNATs it to the sandbox's own ingress address
 * and sends it over the `ingress` VXLAN overlay, so replies come back the same way. With `host`
 * the port exists only on nodes that run a task, and the request stays on the node it reached.
 */
export interface IngressTarget {
  service: string;
  /** The port the client sends to on the node. */
  publishedPort: number;
  mode: 'ingress' | 'host';
  /** Nodes the client sends its connections to, one new connection (UDP: flow) to each in turn. */
  nodes: readonly number[];
  /** Every task of the service, in task order. */
  backends: readonly { name: string; host: number }[];
  /** The IPVS scheduler of the service and its weights (ingress mode). */
  scheduler: IpvsScheduler;
  weights: readonly number[];
  /** How packets cross the `ingress` overlay between the ingress node and a task elsewhere. */
  overlay: FlowPath;
}

/** Where one external connection goes. */
export interface IngressRoute {
  /** Node the client sent it to. */
  node: number;
  /** Index of the chosen task in the target's backends. */
  backend: number;
  /** Host whose IPVS schedules and NATs it: the node in ingress mode; undefined in host mode. */
  natHost: number | undefined;
  /** The extra hop from the node to the task over the ingress overlay; undefined when the task is on the node. */
  relay: FlowRelay | undefined;
}

/**
 * The routing mesh as external clients meet it: each workload sends its connections to its
 * nodes in turn (as a DNS name or a load balancer listing the nodes would), and each node's
 * ingress sandbox keeps one IPVS table per service over all its tasks, shared by every client
 * that reaches that node.
 */
export class IngressRouter {
  private readonly tables = new Map<string, IpvsTable>();
  private readonly turns = new Map<string, number>();

  constructor(
    /** Where a node's list of a service's tasks starts, a number in [0, n) (see ServiceRouter). */
    private readonly headOf: (key: string, n: number) => number,
  ) {}

  /** Routes the next new connection of workload `workload` (sent by `client`). */
  connect(workload: string, client: string, target: IngressTarget): IngressRoute {
    const key = `${workload}\u0000${client}`;
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, turn + 1);
    const node = target.nodes[turn % target.nodes.length] as number;
    if (target.mode === 'host') {
      // Validation made sure exactly one task of the service runs on each of the nodes.
      const backend = target.backends.findIndex((b) => b.host === node);
      return { node, backend, natHost: undefined, relay: undefined };
    }
    const backend = this.tableOf(node, target).pick();
    const taskHost = (target.backends[backend] as { host: number }).host;
    return { node, backend, natHost: node, relay: taskHost === node ? undefined : { host: node, path: target.overlay } };
  }

  /** The ingress sandbox's IPVS table of `node` for the target's service (created on first use). */
  tableOf(node: number, target: IngressTarget): IpvsTable {
    const key = `${node}\u0000${target.service}`;
    let table = this.tables.get(key);
    if (table === undefined) {
      const n = target.backends.length;
      table = new IpvsTable(n, target.scheduler, target.weights, this.headOf(`ingress/${node}/${target.service}`, n));
      this.tables.set(key, table);
    }
    return table;
  }
}
