import type { FlowInfo } from '../flow.ts';
import type { CpuProfile } from '../host/cpu-profile.ts';

/**
 * Extra CPU a host spends on one packet of `flow` for IPVS and NAT, ns: `ipvsNs` on the client
 * host of a VIP connection (both directions: the request is scheduled and DNAT'd, the reply
 * translated back), once per segment (IPVS handles a GSO super-segment or GRO batch as one
 * packet), nothing elsewhere. This is the one place the service layer prices per-packet CPU;
 * hosts add it to the packet's cost.
 */
export function natCpuNs(profile: CpuProfile, flow: FlowInfo, hostIndex: number, opensSegment: boolean): number {
  return flow.natHost === hostIndex && opensSegment ? profile.ipvsNs : 0;
}
