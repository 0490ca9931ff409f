import { EmbeddedDns } from './embedded-dns.ts';
import { type IpvsScheduler, IpvsTable } from './ipvs-table.ts';

/** A service a workload reaches by name, and how. */
export interface ServiceTarget {
  service: string;
  /** `vip`: DNS gives the VIP and the client host's IPVS picks a task; `dnsrr`: DNS gives the tasks. */
  mode: 'vip' | 'dnsrr';
  /** The service's tasks, in task order: names and host indices. */
  backends: readonly { name: string; host: number }[];
  scheduler: IpvsScheduler;
  /** Task weights for the `weighted` scheduler (empty: all 1). */
  weights: readonly number[];
  /** How long a client keeps a DNS answer, ns; 0 resolves for every new connection. */
  dnsCacheTtlNs: number;
}

/** Where one new connection (or UDP flow) goes. */
export interface ServiceRoute {
  /** Index of the chosen task in the target's backends; −1 when the client host holds none. */
  backend: number;
  /** When the connection can start: after the DNS answer, ns. */
  startNs: number;
  /** Whether this connection made a DNS lookup (false when a cached answer served it). */
  lookedUp: boolean;
  /** Host that runs IPVS and NAT for it (the client's, in VIP mode); undefined for dnsrr. */
  natHost: number | undefined;
}

interface CachedAnswer {
  /** First task address of a dnsrr answer; -1 for a VIP. */
  first: number;
  readyNs: number;
  expiresNs: number;
}

/**
 * Docker's service layer as a client sees it when it opens a connection to a service name: an
 * embedded DNS lookup on the client's host (unless the client's cached answer is still valid),
 * then either the first task of the dnsrr answer or, in VIP mode, the client host's own IPVS
 * table for that service choosing a task. Tables and DNS servers are per host, shared by every
 * client on the host; caches are per client and workload (one application's resolver).
 */
export class ServiceRouter {
  private readonly tables = new Map<string, IpvsTable>();
  private readonly dns = new Map<number, EmbeddedDns>();
  private readonly cache = new Map<string, CachedAnswer>();

  constructor(
    /** Latency of one embedded DNS lookup on the client host, ns. */
    private readonly dnsLookupNs: number,
    /**
     * Where a host's list of a service's tasks starts, a number in [0, n): each host learns the
     * tasks in its own order (NetworkDB gossip), so each host's IPVS list and DNS rotation have
     * their own head. `key` names the host, the service and the list (`ipvs` or `dns`).
     */
    private readonly headOf: (key: string, n: number) => number,
    /** A host's live view of a service's tasks (1 = it holds the task), when failures are modelled. */
    private readonly knownOf: (host: number, service: string) => Uint8Array | undefined = () => undefined,
  ) {}

  /** Routes one new connection of `client` (on `clientHost`) in `workload` to `target`, opened at `nowNs`. */
  connect(workload: string, client: string, clientHost: number, target: ServiceTarget, nowNs: number): ServiceRoute {
    const key = `${workload}\u0000${client}`;
    let answer = this.cache.get(key);
    let lookedUp = false;
    if (answer === undefined || nowNs >= answer.expiresNs) {
      const n = target.backends.length;
      const first = target.mode === 'dnsrr' ? this.dnsOf(clientHost).firstAnswer(target.service, n, () => this.headOf(`dns/${clientHost}/${target.service}`, n), this.knownOf(clientHost, target.service)) : -1;
      answer = { first, readyNs: nowNs + this.dnsLookupNs, expiresNs: nowNs + target.dnsCacheTtlNs };
      if (target.dnsCacheTtlNs > 0) this.cache.set(key, answer);
      lookedUp = true;
    }
    const startNs = Math.max(nowNs, answer.readyNs);
    if (target.mode === 'dnsrr') return { backend: answer.first, startNs, lookedUp, natHost: undefined };
    return { backend: this.tableOf(clientHost, target).pick(), startNs, lookedUp, natHost: clientHost };
  }

  /** The IPVS table of `host` for the target's service (created on first use). */
  tableOf(host: number, target: ServiceTarget): IpvsTable {
    const key = `${host}\u0000${target.service}`;
    let table = this.tables.get(key);
    if (table === undefined) {
      const n = target.backends.length;
      table = new IpvsTable(n, target.scheduler, target.weights, this.headOf(`ipvs/${host}/${target.service}`, n), this.knownOf(host, target.service));
      this.tables.set(key, table);
    }
    return table;
  }

  private dnsOf(host: number): EmbeddedDns {
    let server = this.dns.get(host);
    if (server === undefined) {
      server = new EmbeddedDns();
      this.dns.set(host, server);
    }
    return server;
  }
}
