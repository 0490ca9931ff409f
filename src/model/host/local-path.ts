import type { CpuProfile } from './cpu-profile.ts';
import { packetCostNs } from './stack-cost.ts';

/**
 * CPU time of one packet (or inner fragment) on the host-local path, ns: container to container
 * on one host through veth, the overlay's bridge and veth again (or the loopback device between
 * a host and itself), with no VXLAN, no cipher and no wire. A veth delivers in the sender's
 * context, so the sending and the receiving stack run back to back on the sender's core: two
 * bare-stack traversals of the profile (shared/reference/overlay-dataplane.md §7 measured
 * ≈ 4.6 µs per 1400-byte datagram between two namespaces joined by a veth pair, both ends
 * counted, which is what the built-in profiles' bare stack is fitted to). Traffic that never
 * leaves the host is never encrypted: Docker's ESP and WireGuard wrap only the packets between
 * hosts. `appCalls` counts both ends' application writes and reads (one system call each).
 * This is the one place the local path prices its CPU.
 */
export function localPathCpuNs(profile: CpuProfile, innerBytes: number, opensSegment: boolean, softwareChecksum: boolean, appCalls: number): number {
  return 2 * packetCostNs(profile, false, 'none', innerBytes, 0, opensSegment, softwareChecksum, 0, false) + appCalls * profile.syscallNs;
}
