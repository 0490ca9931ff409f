import type { FlowInfo } from '../flow.ts';
import type { CpuProfile } from '../host/cpu-profile.ts';

/**
 * Extra CPU a host spends on one packet of `flow` for IPVS and NAT, ns: `ipvsNs` on the client
 * host of a VIP connection (both directions: the request is scheduled and DNAT'd, the reply
 * translated back), or on the ingress node of a routing-mesh connection (IPVS with DNAT and SNAT
 * on the way in, both translated back on the way out), once per segment (IPVS handles a GSO
 * super-segment or GRO batch as one packet), nothing elsewhere. A node relaying the flow pays it
 * once, when the packet comes in (`sending` false), not again as it sends the packet on. This is
 * the one place the service layer prices per-packet CPU; hosts add it to the packet's cost.
 */
export function natCpuNs(profile: CpuProfile, flow: FlowInfo, hostIndex: number, sending: boolean, opensSegment: boolean): number {
  if (flow.natHost !== hostIndex || !opensSegment) return 0;
  return sending && flow.relay !== undefined && flow.relay.host === hostIndex ? 0 : profile.ipvsNs;
}
