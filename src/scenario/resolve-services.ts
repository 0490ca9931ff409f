import { containerMtu, type Encapsulation } from '../model/overlay/encapsulation.ts';
import { type AddressDemand, DefaultPool, formatAddress, overlaps, parseSubnet, shortfall, type Subnet, usableAddresses } from '../model/service/ipam.ts';
import { didYouMean } from './errors.ts';
import type { PathIssue } from './resolve.ts';
import type { NetworkConfig, ServiceConfig } from './schema-overlay.ts';

/** IPv4 minimum MTU: every host must accept 68-byte packets (RFC 791). */
export const MIN_IPV4_MTU = 68;

/** A network with its encapsulation and MTUs worked out. */
export interface ResolvedNetwork {
  name: string;
  driver: 'overlay' | 'host';
  encap: Encapsulation;
  /** The mtu option: the underlay MTU the overlay assumes, bytes. */
  mtu: number;
  /** MTU inside the containers, bytes. */
  containerMtu: number;
  outerDf: boolean;
  /** CIDR text, e.g. `10.0.1.0/24`; empty for host networks. */
  subnet: string;
  /** Prefix length of the subnet (0 for host networks). */
  prefix: number;
  /** Addresses the subnet gives tasks, VIPs and load-balancer endpoints (size − 3). */
  usableAddresses: number;
}

/** One container of a service, placed on a host. */
export interface Task {
  /** `<service>.<n>`, n from 1. */
  name: string;
  service: string;
  host: number;
}

/**
 * Resolves networks: encapsulation, container MTU (as Docker's `maxMTU()`), and subnets, giving
 * networks without one the next free /24 of Docker's default pool 10.0.0.0/8 (10.0.1.0/24 first;
 * 10.0.0.0/24 is left to the ingress network).
 */
export function resolveNetworks(networks: Record<string, NetworkConfig>, issues: PathIssue[]): Map<string, ResolvedNetwork> {
  const out = new Map<string, ResolvedNetwork>();
  const taken: (Subnet & { name: string })[] = [];
  const pool = new DefaultPool();
  for (const [name, n] of Object.entries(networks)) {
    const path = ['networks', name];
    if (n.driver === 'host') {
      if (n.encrypted) issues.push({ path: [...path, 'encrypted'], message: 'a host network is the bare underlay and cannot be encrypted; use driver: overlay' });
      if (n.encapsulation === 'wireguard') issues.push({ path: [...path, 'encapsulation'], message: 'a host network has no encapsulation; use driver: overlay' });
      if (n.subnet !== undefined) issues.push({ path: [...path, 'subnet'], message: 'a host network uses the hosts\' own addresses and takes no subnet' });
      out.set(name, { name, driver: 'host', encap: 'none', mtu: n.mtu, containerMtu: n.mtu, outerDf: false, subnet: '', prefix: 0, usableAddresses: Infinity });
      continue;
    }
    if (n.encapsulation === 'wireguard' && n.encrypted === false) {
      issues.push({ path: [...path, 'encrypted'], message: 'WireGuard always encrypts; remove encrypted: false or use encapsulation: vxlan' });
    }
    const encap: Encapsulation = n.encapsulation === 'wireguard' ? 'wireguard' : n.encrypted ? 'vxlan-esp' : 'vxlan';
    const inner = containerMtu(encap, n.mtu);
    if (inner < MIN_IPV4_MTU) {
      issues.push({
        path: [...path, 'mtu'],
        message: `mtu ${n.mtu} leaves containers an MTU of ${inner} B after the ${n.mtu - inner}-byte ${encap} overhead; expected at least ${n.mtu - inner + MIN_IPV4_MTU} so containers get the IPv4 minimum of ${MIN_IPV4_MTU} B`,
      });
    }
    let subnet = n.subnet;
    if (subnet === undefined) {
      // Explicit subnets are known before defaults are handed out, as swarm's allocator skips them.
      const explicit = Object.values(networks).flatMap((o) => (o.subnet === undefined ? [] : [parseSubnet(o.subnet)])).filter((b): b is Subnet => typeof b !== 'string');
      const block = pool.allocate([...taken, ...explicit]);
      subnet = block === undefined ? '' : `${formatAddress(block.base)}/${block.prefix}`;
      if (block === undefined) issues.push({ path: [...path, 'subnet'], message: 'the default address pool 10.0.0.0/8 has no /24 left; give this network a subnet' });
    }
    const parsed = parseSubnet(subnet);
    let prefix = 0;
    if (typeof parsed === 'string') {
      if (subnet !== '') issues.push({ path: [...path, 'subnet'], message: parsed });
    } else {
      const clash = taken.find((t) => overlaps(t, parsed));
      if (clash) issues.push({ path: [...path, 'subnet'], message: `${subnet} overlaps the subnet of network "${clash.name}"` });
      taken.push({ ...parsed, name });
      prefix = parsed.prefix;
    }
    out.set(name, { name, driver: 'overlay', encap, mtu: n.mtu, containerMtu: inner, outerDf: n.outerDf, subnet, prefix, usableAddresses: prefix === 0 ? 0 : usableAddresses(prefix) });
  }
  return out;
}

/**
 * Places every service's tasks on hosts. `spread` picks, for each task in turn, the eligible
 * host with the fewest tasks of that service, then the fewest tasks in all, then the lowest
 * index, like swarm's spread strategy; a host list restricts the eligible hosts. Hosts in
 * `outside` (external clients, not swarm nodes) take no task.
 * A global service gets one task on every eligible host, in host order, as swarm's global mode.
 */
export function placeTasks(services: Record<string, ServiceConfig>, hostIndex: Map<string, number>, issues: PathIssue[], outside: ReadonlySet<number> = new Set()): Task[] {
  const hostCount = hostIndex.size;
  const total = new Array<number>(hostCount).fill(0);
  const tasks: Task[] = [];
  for (const [service, s] of Object.entries(services)) {
    let eligible = [...hostIndex.values()].filter((h) => !outside.has(h));
    if (s.placement !== 'spread') {
      eligible = [];
      s.placement.forEach((h, i) => {
        const index = hostIndex.get(h);
        if (index === undefined) issues.push({ path: ['services', service, 'placement', i], message: `unknown host "${h}"${didYouMean(h, hostIndex.keys())}` });
        else if (outside.has(index)) issues.push({ path: ['services', service, 'placement', i], message: `${h} is an external client (the from of a workload with port), not a swarm node; it runs no tasks` });
        else eligible.push(index);
      });
      if (eligible.length === 0) continue;
    }
    const taskCount = s.mode === 'global' ? eligible.length : s.replicas;
    if (s.weights !== undefined && s.scheduler !== 'weighted') issues.push({ path: ['services', service, 'weights'], message: 'weights apply to scheduler: weighted only; add it or remove weights' });
    else if (s.weights !== undefined && s.weights.length !== taskCount) {
      issues.push({ path: ['services', service, 'weights'], message: `expected one weight per task (${taskCount}), got ${s.weights.length}` });
    }
    if (s.mode === 'global') {
      [...new Set(eligible)].sort((a, b) => a - b).forEach((host, i) => {
        total[host] = (total[host] as number) + 1;
        tasks.push({ name: `${service}.${i + 1}`, service, host });
      });
      continue;
    }
    const mine = new Array<number>(hostCount).fill(0);
    for (let r = 1; r <= s.replicas; r++) {
      let best = eligible[0] as number;
      for (const h of eligible) {
        const better = (mine[h] as number) - (mine[best] as number) || (total[h] as number) - (total[best] as number) || h - best;
        if (better < 0) best = h;
      }
      mine[best] = (mine[best] as number) + 1;
      total[best] = (total[best] as number) + 1;
      tasks.push({ name: `${service}.${r}`, service, host: best });
    }
  }
  return tasks;
}

/**
 * What each overlay network's subnet must hold, as Docker allocates it: one address per task,
 * one VIP per VIP-mode service attached (whatever its replicas: swarm gives the VIP when the
 * service is created), and one load-balancer endpoint per host that runs a task on the network.
 */
export function addressDemand(network: string, services: Record<string, ServiceConfig>, tasks: readonly Task[]): AddressDemand {
  const members = Object.entries(services).filter(([, s]) => s.networks.includes(network));
  const memberNames = new Set(members.map(([n]) => n));
  const onNetwork = tasks.filter((t) => memberNames.has(t.service));
  return {
    tasks: onNetwork.length,
    vips: members.filter(([, s]) => s.endpointMode === 'vip').length,
    lbEndpoints: new Set(onNetwork.map((t) => t.host)).size,
  };
}

/** Checks that each overlay subnet holds its {@link addressDemand}; the error gives the arithmetic. */
export function checkAddresses(
  networks: Map<string, ResolvedNetwork>,
  services: Record<string, ServiceConfig>,
  tasks: readonly Task[],
  issues: PathIssue[],
): void {
  for (const network of networks.values()) {
    if (network.driver === 'host' || network.prefix === 0) continue;
    const short = shortfall(network.subnet, network.prefix, addressDemand(network.name, services, tasks));
    if (short !== undefined) {
      issues.push({
        path: ['networks', network.name, 'subnet'],
        message: `${short}; swarm would fail with "could not find an available IP"; use a larger subnet, fewer replicas, dnsrr services (no VIP) or more networks`,
      });
    }
  }
}
