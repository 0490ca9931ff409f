import * as z from 'zod';
import { durationNs, eventRatePerS, positiveDurationNs, probability, rateBps, sizeBytes } from './fields.ts';

/** Hosts an event applies to: a list of host names, or a count picked deterministically from the seed. */
const hostSelector = z
  .union([z.array(z.string()).min(1, 'expected at least one host'), z.int().min(1)], { error: 'expected a list of host names or a number of hosts' })
  .describe('Host names, or a number of hosts picked at random (seeded)');

const memberlistSchema = z.strictObject({
  probeInterval: positiveDurationNs.optional().describe('ProbeInterval (LAN 1s, WAN 5s, local 1s)'),
  probeTimeout: positiveDurationNs.optional().describe('ProbeTimeout (LAN 500ms, WAN 3s, local 200ms)'),
  indirectChecks: z.int().min(0).max(64).optional().describe('IndirectChecks (LAN 3, WAN 3, local 1)'),
  gossipInterval: positiveDurationNs.optional().describe('GossipInterval (LAN 200ms, WAN 500ms, local 100ms)'),
  gossipNodes: z.int().min(1).max(64).optional().describe('GossipNodes, the fanout (LAN 3, WAN 4, local 3)'),
  gossipToTheDeadTime: durationNs.optional().describe('GossipToTheDeadTime (LAN 30s, WAN 60s, local 15s)'),
  pushPullInterval: durationNs.optional().describe('PushPullInterval before N-scaling; 0s disables push/pull (LAN 30s, WAN 60s, local 15s)'),
  retransmitMult: z.int().min(0).max(100).optional().describe('RetransmitMult (LAN 4, WAN 4, local 2)'),
  suspicionMult: z.int().min(1).max(100).optional().describe('SuspicionMult (LAN 4, WAN 6, local 3)'),
  suspicionMaxTimeoutMult: z.int().min(1).max(100).optional().describe('SuspicionMaxTimeoutMult (6)'),
  awarenessMaxMultiplier: z.int().min(1).max(64).optional().describe('AwarenessMaxMultiplier (8)'),
  tcpTimeout: positiveDurationNs.optional().describe('TCPTimeout (LAN 10s, WAN 30s, local 1s)'),
  udpBufferSize: sizeBytes.optional().describe('UDPBufferSize, the gossip packet budget (1400B)'),
  disableTcpPings: z.boolean().optional().describe('DisableTcpPings (false)'),
  probeOrder: z.enum(['round-robin', 'random']).optional().describe('round-robin over a shuffled list (memberlist) or a random target per period (original SWIM)'),
  encryption: z.enum(['none', 'v0', 'v1']).optional().describe('Gossip encryption overhead: none, v0 (45 B) or v1 (29 B); Docker swarm encrypts (default v1)'),
});

const networkdbSchema = z.strictObject({
  enabled: z.boolean().optional().describe('Gossip table events (default true)'),
  gossipInterval: positiveDurationNs.optional().describe('Table-event gossip tick (200ms)'),
  fanout: z.int().min(1).max(64).optional().describe('Peers per network per tick (3)'),
  retransmitMult: z.int().min(0).max(100).optional().describe('Per-network RetransmitMult, N = nodes in the network (4)'),
  packetBufferSize: sizeBytes.optional().describe('PacketBufferSize (1400B)'),
  bulkSyncInterval: positiveDurationNs.optional().describe('Periodic bulk sync, not N-scaled (30s)'),
  reapEntryInterval: positiveDurationNs.optional().describe('Tombstone lifetime (30m)'),
  endpointEntryBytes: sizeBytes.optional().describe('endpoint_table entry size (284B)'),
  peerEntryBytes: sizeBytes.optional().describe('overlay_peer_table entry size (188B)'),
  reconnectInterval: durationNs.optional().describe('How often each host re-joins one random failed node and bulk-syncs with it (reconnectNode, 1s); 0s turns it off'),
});

const transportSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('abstract'),
    delay: durationNs.prefault('100us').describe('One-way delay of every host pair (default 100us)'),
    jitter: durationNs.prefault('0ns').describe('Extra delay drawn uniformly per datagram (default 0ns)'),
    tcpRate: rateBps.prefault('1Gbps').describe('Rate of push/pull and bulk-sync transfers (default 1Gbps)'),
  }),
  z.strictObject({
    kind: z.literal('underlay'),
    tcpRate: rateBps.prefault('1Gbps').describe('Highest rate of push/pull and bulk-sync transfers (default 1Gbps); the slowest link of the route caps it, and the route gives their latency'),
  }),
]);

/**
 * An underlay of hosts without links or routes, for gossip over the abstract transport only:
 * it has no packet-level limit (no routing tables), so 10 000-host control planes fit.
 */
export const abstractUnderlay = z.strictObject({
  topology: z.literal('abstract'),
  ipVersion: z.union([z.literal(4), z.literal(6)], { error: 'expected 4 or 6' }).default(4).describe('IP version (default 4)'),
  hosts: z.int().min(2, 'expected at least 2 hosts').max(20_000, 'expected at most 20000 hosts (gossip views take hosts² × 4 bytes)').describe('Number of hosts, named h1..hN'),
});

const at = durationNs.describe('When the event happens, e.g. 10s');

const eventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('crash'), at, hosts: hostSelector }),
  z.strictObject({ kind: z.literal('recover'), at, hosts: hostSelector }),
  z.strictObject({ kind: z.literal('join'), at, hosts: hostSelector.describe('Hosts outside the cluster until this event') }),
  z.strictObject({ kind: z.literal('leave'), at, hosts: hostSelector }),
  z.strictObject({ kind: z.literal('partition'), at, hosts: hostSelector.describe('Hosts cut off from the rest'), heal: durationNs.describe('When the partition heals') }),
  z.strictObject({ kind: z.literal('loss'), at, loss: probability.describe('Extra loss on every gossip datagram from then on') }),
  z.strictObject({
    kind: z.literal('firewall'),
    at,
    hosts: hostSelector,
    block: z.array(z.enum(['udp', 'tcp'])).min(1, 'expected udp, tcp or both').describe('Protocols of port 7946 blocked at these hosts'),
    until: durationNs.optional().describe('When the rule is removed (default: never)'),
  }),
  z.strictObject({
    kind: z.literal('endpoints'),
    at,
    network: z.string().describe('Network whose endpoint table changes'),
    action: z.enum(['create', 'delete', 'churn']).default('create').describe('create, delete, or churn (one delete and one create per step)'),
    count: z.int().min(1).max(1_000_000).describe('Number of steps'),
    rate: eventRatePerS.describe('Steps per second, e.g. 50/s'),
  }),
  z.strictObject({
    kind: z.literal('network'),
    at,
    network: z.string().describe('Network the hosts join or leave'),
    hosts: z.array(z.string(), { error: 'expected a list of host names' }).min(1, 'expected at least one host').describe('Host names'),
    action: z.enum(['join', 'leave']).describe('join: the hosts attach to the network (NetworkDB JoinNetwork); leave: they detach (LeaveNetwork)'),
  }),
  z.strictObject({
    kind: z.literal('scale'),
    at,
    service: z.string().describe('Service whose replica count changes'),
    replicas: z.int().min(0).max(100_000).describe('Tasks from then on: new ones start, or the highest-numbered ones stop'),
  }),
  z.strictObject({
    kind: z.literal('update'),
    at,
    service: z.string().describe("Service whose tasks a rolling update replaces, in batches as its update settings say"),
  }),
]);

export const gossipSchema = z
  .strictObject({
    profile: z.enum(['lan', 'wan', 'local']).default('lan').describe('memberlist defaults: lan (Docker), wan or local'),
    start: z
      .enum(['running', 'cold'])
      .default('running')
      .describe('running: the cluster has been up a while, push/pull phases spread over the whole scaled period (default); cold: every agent starts at t = 0, its first push/pull after a random stagger plus the scaled interval'),
    memberlist: memberlistSchema.prefault({}).describe('Overrides of the profile'),
    networkdb: networkdbSchema.prefault({}).describe('NetworkDB table gossip'),
    transport: transportSchema.prefault({ kind: 'abstract' }).describe('How gossip travels: abstract per-pair latency and loss, or underlay (real packets over the links)'),
    loss: probability.prefault(0).describe('Extra loss on every gossip datagram at the start (default 0)'),
    events: z.array(eventSchema).default([]).describe('Timed control-plane events'),
  })
  .describe('The gossip control plane: memberlist agents on every host and NetworkDB');
export type GossipConfig = z.output<typeof gossipSchema>;
