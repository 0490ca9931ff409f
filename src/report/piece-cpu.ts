import { isIdeal } from '../model/host/cpu-profile.ts';
import { packetCostNs } from '../model/host/stack-cost.ts';
import { type Encapsulation, encryptedBytes } from '../model/overlay/encapsulation.ts';
import type { ResolvedHostCpu } from '../scenario/resolve-hosts.ts';

/**
 * CPU one side's stack spends on one inner packet of `innerBytes` sent alone (a segment of its
 * own, and a NAPI poll of its own) over a stack with `encap` and inner MTU `innerMtuBytes`, ns, by the arithmetic the hosts
 * charge; 0 for ideal hosts. The application's write or read system call is left out: reports
 * show it on its own (see {@link appCallsLine} in explain-text.ts). The reports' one way to
 * price a packet they explain.
 */
export function pieceCpuNs(hostCpu: ResolvedHostCpu, encap: Encapsulation, innerMtuBytes: number, innerBytes: number, softwareChecksum: boolean): number {
  if (isIdeal(hostCpu.profile)) return 0;
  return packetCostNs(hostCpu.profile, hostCpu.offloads.tunnel, encap, innerBytes, encryptedBytes(encap, innerBytes, innerMtuBytes), true, softwareChecksum, 0, true);
}
