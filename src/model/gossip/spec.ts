import type { MemberlistConfig, NetworkDbConfig } from './profiles.ts';

/** Transport of gossip: abstract per-pair model, or real packets over the simulated underlay. */
export type GossipTransportSpec =
  | { kind: 'abstract'; delayNs: number; jitterNs: number; tcpRateBps: number }
  | { kind: 'underlay'; tcpRateBps: number };

/** A timed scenario event of the control plane; hosts are host indices. */
export type GossipEventSpec =
  | { atNs: number; kind: 'crash' | 'recover' | 'join' | 'leave'; hosts: number[] }
  | { atNs: number; kind: 'partition'; hosts: number[]; healNs: number }
  | { atNs: number; kind: 'loss'; probability: number }
  | { atNs: number; kind: 'firewall'; hosts: number[]; udp: boolean; tcp: boolean; untilNs: number }
  | { atNs: number; kind: 'endpoints'; network: number; action: 'create' | 'delete' | 'churn'; count: number; intervalNs: number }
  | { atNs: number; kind: 'network'; network: number; hosts: number[]; action: 'join' | 'leave' };

/** A network as NetworkDB sees it: the hosts attached and the endpoints present at start. */
export interface GossipNetworkSpec {
  name: string;
  /** Host indices attached to the network at the start (those running its tasks); network events change that. */
  members: number[];
  /** Owner host of each endpoint present at the start. */
  initialEndpoints: number[];
}

/** Everything the gossip model of one run needs. */
export interface GossipSpec {
  memberlist: MemberlistConfig;
  networkdb: NetworkDbConfig;
  transport: GossipTransportSpec;
  /** Extra UDP loss at the start. */
  lossProbability: number;
  /** Hosts outside the cluster at the start (they join by an event). */
  absent: number[];
  networks: GossipNetworkSpec[];
  events: GossipEventSpec[];
  /** Start each periodic timer at a uniform random phase in [0, interval) (memberlist's randStagger, ref §2.1). Default true. */
  stagger: boolean;
  /**
   * Every agent starts at t = 0 (a cold start): each one's first push/pull waits a random stagger
   * plus the scaled interval, as memberlist's pushPullTrigger does. False (the default): the
   * cluster has been running a while, so push/pull phases are uniform over the scaled period.
   */
  coldStart: boolean;
}
