import { containerMtu, type Encapsulation } from '../model/overlay/encapsulation.ts';
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
  /** Addresses the subnet gives tasks, VIPs and load-balancer endpoints. */
  usableAddresses: number;
}

/** One container of a service, placed on a host. */
export interface Task {
  /** `<service>.<n>`, n from 1. */
  name: string;
  service: string;
  host: number;
}

/** Parses `a.b.c.d/n`; returns the first address as an integer and the prefix, or an error text. */
export function parseSubnet(text: string): { base: number; prefix: number } | string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : Number.NaN;
  if (!m || octets.some((o) => o > 255) || !(prefix >= 8 && prefix <= 30)) {
    return `expected an IPv4 subnet such as 10.0.1.0/24 with a prefix from /8 to /30, got ${JSON.stringify(text)}`;
  }
  const base = octets.reduce((a, o) => a * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return `${text} has host bits set; the network address of that block is ${formatAddress(base - (base % size))}/${prefix}`;
  return { base, prefix };
}

function formatAddress(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/**
 * Resolves networks: encapsulation, container MTU (as Docker's `maxMTU()`), and subnets, giving
 * networks without one the next free /24 of Docker's default pool 10.0.0.0/8 (10.0.1.0/24 first;
 * 10.0.0.0/24 is left to the ingress network).
 */
export function resolveNetworks(networks: Record<string, NetworkConfig>, issues: PathIssue[]): Map<string, ResolvedNetwork> {
  const out = new Map<string, ResolvedNetwork>();
  const taken: { base: number; size: number; name: string }[] = [];
  let nextDefault = 1;
  for (const [name, n] of Object.entries(networks)) {
    const path = ['networks', name];
    if (n.driver === 'host') {
      if (n.encrypted) issues.push({ path: [...path, 'encrypted'], message: 'a host network is the bare underlay and cannot be encrypted; use driver: overlay' });
      if (n.encapsulation === 'wireguard') issues.push({ path: [...path, 'encapsulation'], message: 'a host network has no encapsulation; use driver: overlay' });
      if (n.subnet !== undefined) issues.push({ path: [...path, 'subnet'], message: 'a host network uses the hosts\' own addresses and takes no subnet' });
      out.set(name, { name, driver: 'host', encap: 'none', mtu: n.mtu, containerMtu: n.mtu, outerDf: false, subnet: '', usableAddresses: Infinity });
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
      while (taken.some((t) => overlaps(t, { base: (10 * 256 ** 3) + nextDefault * 256, size: 256 }))) nextDefault++;
      subnet = `10.0.${nextDefault}.0/24`;
      nextDefault++;
    }
    const parsed = parseSubnet(subnet);
    let usable = 0;
    if (typeof parsed === 'string') issues.push({ path: [...path, 'subnet'], message: parsed });
    else {
      const block = { base: parsed.base, size: 2 ** (32 - parsed.prefix), name };
      const clash = taken.find((t) => overlaps(t, block));
      if (clash) issues.push({ path: [...path, 'subnet'], message: `${subnet} overlaps the subnet of network "${clash.name}"` });
      taken.push(block);
      // IPAM reserves the network and broadcast addresses, and the bridge gateway takes .1.
      usable = block.size - 3;
    }
    out.set(name, { name, driver: 'overlay', encap, mtu: n.mtu, containerMtu: inner, outerDf: n.outerDf, subnet, usableAddresses: usable });
  }
  return out;
}

function overlaps(a: { base: number; size: number }, b: { base: number; size: number }): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/**
 * Places every service's tasks on hosts. `spread` picks, for each task in turn, the eligible
 * host with the fewest tasks of that service, then the fewest tasks in all, then the lowest
 * index, like swarm's spread strategy; a host list restricts the eligible hosts.
 */
export function placeTasks(services: Record<string, ServiceConfig>, hostIndex: Map<string, number>, issues: PathIssue[]): Task[] {
  const hostCount = hostIndex.size;
  const total = new Array<number>(hostCount).fill(0);
  const tasks: Task[] = [];
  for (const [service, s] of Object.entries(services)) {
    let eligible = [...hostIndex.values()];
    if (s.placement !== 'spread') {
      eligible = [];
      s.placement.forEach((h, i) => {
        const index = hostIndex.get(h);
        if (index === undefined) issues.push({ path: ['services', service, 'placement', i], message: `unknown host "${h}"${didYouMean(h, hostIndex.keys())}` });
        else eligible.push(index);
      });
      if (eligible.length === 0) continue;
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
 * Checks that each overlay subnet holds what it must: one address per task, one VIP per
 * VIP-mode service, and one load-balancer endpoint per host that runs a task on the network.
 */
export function checkAddresses(
  networks: Map<string, ResolvedNetwork>,
  services: Record<string, ServiceConfig>,
  tasks: readonly Task[],
  issues: PathIssue[],
): void {
  for (const network of networks.values()) {
    if (network.driver === 'host' || network.usableAddresses === 0) continue;
    const members = Object.entries(services).filter(([, s]) => s.networks.includes(network.name));
    const memberNames = new Set(members.map(([n]) => n));
    const onNetwork = tasks.filter((t) => memberNames.has(t.service));
    const vips = members.filter(([, s]) => s.endpointMode === 'vip' && s.replicas > 0).length;
    const lbEndpoints = new Set(onNetwork.map((t) => t.host)).size;
    const needed = onNetwork.length + vips + lbEndpoints;
    if (needed > network.usableAddresses) {
      issues.push({
        path: ['networks', network.name, 'subnet'],
        message:
          `${network.subnet} has ${network.usableAddresses} usable addresses but the network needs ${needed}: ` +
          `${onNetwork.length} tasks, ${vips} service VIP${vips === 1 ? '' : 's'} and ${lbEndpoints} load-balancer endpoints (one per host with a task); ` +
          'swarm would fail with "could not find an available IP"; use a larger subnet, fewer replicas, or more networks',
      });
    }
  }
}
