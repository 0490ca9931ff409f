import { IPV4_HEADER_BYTES, IPV6_HEADER_BYTES, type IpVersion } from './encapsulation.ts';

/** IPv6 fragment extension header. */
export const IPV6_FRAGMENT_HEADER_BYTES = 8;

/**
 * How an IP packet of `packetBytes` is cut to fit `mtu`: IPv4 repeats the 20-byte header in
 * every fragment; IPv6 repeats the 40-byte header plus an 8-byte fragment header. Fragment
 * data is a multiple of 8 bytes except in the last fragment.
 */
export interface FragmentPlan {
  /** Number of fragments (1 when the packet fits). */
  count: number;
  /** Data bytes in every fragment but the last. */
  unitBytes: number;
  /** Bytes of headers in each fragment. */
  headerBytes: number;
  /** Data bytes to split (the packet less its own base header). */
  dataBytes: number;
}

/** Plans the fragmentation of one packet; `count` is 1 when it fits. */
export function planFragments(packetBytes: number, mtu: number, ip: IpVersion): FragmentPlan {
  const base = ip === 4 ? IPV4_HEADER_BYTES : IPV6_HEADER_BYTES;
  const headerBytes = ip === 4 ? base : base + IPV6_FRAGMENT_HEADER_BYTES;
  const dataBytes = packetBytes - base;
  if (packetBytes <= mtu) return { count: 1, unitBytes: dataBytes, headerBytes: base, dataBytes };
  const unitBytes = Math.floor((mtu - headerBytes) / 8) * 8;
  if (unitBytes <= 0) throw new RangeError(`an MTU of ${mtu} B cannot carry IPv${ip} fragments`);
  return { count: Math.ceil(dataBytes / unitBytes), unitBytes, headerBytes, dataBytes };
}

/** Size of fragment `index` (0-based) of a plan, bytes. */
export function fragmentBytes(plan: FragmentPlan, index: number): number {
  if (plan.count === 1) return plan.dataBytes + plan.headerBytes;
  return plan.headerBytes + Math.min(plan.unitBytes, plan.dataBytes - index * plan.unitBytes);
}
