import type { Encapsulation, IpVersion } from './overlay/encapsulation.ts';

/** How a flow's packets cross the underlay. */
export interface FlowPath {
  /** The stack that wraps the container's packets (none on the bare underlay). */
  readonly encap: Encapsulation;
  /** IP version of the underlay (outer headers). */
  readonly ipVersion: IpVersion;
  /** The container's MTU: the sender fragments inner packets above it. */
  readonly innerMtu: number;
  /** Whether outer packets carry DF; Docker's VXLAN leaves it clear, so hosts fragment them. */
  readonly outerDf: boolean;
}

/** What kind of traffic a flow carries. */
export type FlowProtocol = 'udp' | 'icmp' | 'tcp';

/** One unidirectional flow (a 5-tuple), as FlowMonitor sees it. */
export interface FlowInfo {
  /** Index in the flow table. */
  readonly id: number;
  /** Report name, e.g. `web-to-db` or `ping1/reply`. */
  readonly name: string;
  /** Name of the workload that created it. */
  readonly workload: string;
  readonly protocol: FlowProtocol;
  /** Sending and receiving host indices. */
  readonly srcHost: number;
  readonly dstHost: number;
  /** Sender and receiver as the scenario names them: hosts or tasks such as `web.2`. */
  readonly srcName: string;
  readonly dstName: string;
  /** Stable 32-bit hash of the flow's addresses and ports, for ECMP. */
  readonly hash: number;
  /** For an echo request flow, the id of its reply flow. */
  readonly replyFlowId?: number;
  /** How its packets cross the underlay. */
  readonly path: FlowPath;
  /** The core that processes it on both hosts (receive-side scaling by flow hash). */
  readonly cpuCore: number;
  /** Host whose IPVS schedules and NATs this flow (the client host of a VIP connection); absent when none. */
  readonly natHost?: number;
  /**
   * A node that takes the flow's packets in and sends them on: the ingress node of a routing-mesh
   * connection whose task runs on another node. Packets go from `srcHost` to `relay.host` over
   * `path`, then from there to `dstHost` over `relay.path`. Absent when packets go straight.
   */
  readonly relay?: FlowRelay;
  /** For an external client's connection to a published port: the node it was sent to. */
  readonly ingressNode?: number;
  /** When the source starts and stops sending, ns. */
  readonly startNs: number;
  readonly stopNs: number;
}

/** The second leg of a relayed flow (see {@link FlowInfo.relay}). */
export interface FlowRelay {
  /** Host that receives the packets from the sender and sends them on. */
  readonly host: number;
  /** How the packets cross the underlay from that host to the receiver. */
  readonly path: FlowPath;
}

/** The host a sender addresses its packets to: the relay when there is one, else the receiver. */
export function firstHopOf(flow: FlowInfo): number {
  return flow.relay === undefined ? flow.dstHost : flow.relay.host;
}

/** The path of the leg a packet addressed to `packetDstHost` is on. */
export function legPathOf(flow: FlowInfo, packetDstHost: number): FlowPath {
  return flow.relay === undefined || packetDstHost === flow.relay.host ? flow.path : flow.relay.path;
}

/** A 32-bit integer mix (from the murmur3 finaliser), used for flow and ECMP hashing. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stable 32-bit hash of a string (FNV-1a, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}
