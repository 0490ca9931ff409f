/**
 * Docker's address arithmetic for overlay subnets (shared/reference/overlay-dataplane.md §4):
 * IPAM reserves a subnet's network and broadcast addresses, the bridge gateway takes one more,
 * and every other address goes to a task, a service VIP or a node's load-balancer endpoint.
 * Networks without a subnet get the next /24 of the default pool 10.0.0.0/8
 * (`inbuiltDefaultAddressPool`, `inbuiltSubnetSize = 24`).
 */

/** Addresses of a subnet no endpoint can take: network, broadcast and the bridge gateway. */
export const RESERVED_ADDRESSES = 3;
/** Docker's default address pool, 10.0.0.0/8, as an integer, and the prefix it is carved in. */
export const DEFAULT_POOL_BASE = 10 * 256 ** 3;
export const DEFAULT_POOL_PREFIX = 8;
export const DEFAULT_SUBNET_PREFIX = 24;

/** An IPv4 block: first address as an integer, and its prefix length. */
export interface Subnet {
  base: number;
  prefix: number;
}

/** Parses `a.b.c.d/n` (prefix /8 to /30, no host bits set); returns the block or an error text. */
export function parseSubnet(text: string): Subnet | string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : Number.NaN;
  if (!m || octets.some((o) => o > 255) || !(prefix >= 8 && prefix <= 30)) {
    return `expected an IPv4 subnet such as 10.0.1.0/24 with a prefix from /8 to /30, got ${JSON.stringify(text)}`;
  }
  const base = octets.reduce((a, o) => a * 256 + o, 0);
  const size = blockSize(prefix);
  if (base % size !== 0) return `${text} has host bits set; the network address of that block is ${formatAddress(base - (base % size))}/${prefix}`;
  return { base, prefix };
}

/** Addresses in a block of this prefix. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** Addresses a subnet gives tasks, VIPs and load-balancer endpoints: size − network − broadcast − gateway. */
export function usableAddresses(prefix: number): number {
  return blockSize(prefix) - RESERVED_ADDRESSES;
}

/** Dotted-quad text of an integer address. */
export function formatAddress(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Whether two blocks share an address. */
export function overlaps(a: Subnet, b: Subnet): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/**
 * Hands out /24s of the default pool in order, skipping any that overlaps a block already taken.
 * The first /24, 10.0.0.0/24, is left to the ingress network, which swarm creates first.
 */
export class DefaultPool {
  private next = 1;

  /** The next free /24 of 10.0.0.0/8 not overlapping `taken`, or undefined when the pool is used up. */
  allocate(taken: readonly Subnet[]): Subnet | undefined {
    const count = blockSize(DEFAULT_POOL_PREFIX) / blockSize(DEFAULT_SUBNET_PREFIX);
    for (; this.next < count; this.next++) {
      const block = { base: DEFAULT_POOL_BASE + this.next * blockSize(DEFAULT_SUBNET_PREFIX), prefix: DEFAULT_SUBNET_PREFIX };
      if (!taken.some((t) => overlaps(t, block))) {
        this.next++;
        return block;
      }
    }
    return undefined;
  }
}

/** What one network's subnet must hold. */
export interface AddressDemand {
  /** One address per task attached. */
  tasks: number;
  /** One VIP per VIP-mode service attached (dnsrr services have none). */
  vips: number;
  /** One load-balancer endpoint per node that runs a task on the network (every node, for ingress). */
  lbEndpoints: number;
}

/** Addresses the demand takes in all. */
export function addressesNeeded(d: AddressDemand): number {
  return d.tasks + d.vips + d.lbEndpoints;
}

/**
 * The arithmetic of a subnet that is too small, e.g. `10.0.9.0/24 holds 253 addresses, this
 * scenario needs 321: 300 tasks + 1 VIP + 20 node LB endpoints`; undefined when it fits.
 */
export function shortfall(subnetText: string, prefix: number, d: AddressDemand): string | undefined {
  const holds = usableAddresses(prefix);
  const needed = addressesNeeded(d);
  if (needed <= holds) return undefined;
  const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${subnetText} holds ${holds} addresses (${blockSize(prefix)} less network, broadcast and gateway), this scenario needs ${needed}: ${s(d.tasks, 'task')} + ${s(d.vips, 'VIP')} + ${s(d.lbEndpoints, 'node LB endpoint')}`;
}

/**
 * The address of the n-th endpoint (from 0) of a subnet: after the network address and the
 * gateway (.1), endpoints take addresses in the order they are allocated.
 */
export function endpointAddress(subnet: Subnet, n: number): string {
  return formatAddress(subnet.base + 2 + n);
}
