/**
 * memberlist and NetworkDB parameters. Defaults are hashicorp/memberlist's DefaultLANConfig,
 * DefaultWANConfig and DefaultLocalConfig (reference/gossip-controlplane.md §1) and moby
 * NetworkDB's constants (§3.2). Times in ns, sizes in bytes.
 */

/** One memberlist agent's configuration (every field overridable in a scenario). */
export interface MemberlistConfig {
  probeIntervalNs: number;
  probeTimeoutNs: number;
  indirectChecks: number;
  gossipIntervalNs: number;
  gossipNodes: number;
  gossipToTheDeadTimeNs: number;
  pushPullIntervalNs: number;
  retransmitMult: number;
  suspicionMult: number;
  suspicionMaxTimeoutMult: number;
  awarenessMaxMultiplier: number;
  tcpTimeoutNs: number;
  udpBufferSize: number;
  disableTcpPings: boolean;
  /** round-robin over a shuffled list (memberlist) or a uniformly random target per period (original SWIM). */
  probeOrder: 'round-robin' | 'random';
  /** Per-packet encryption overhead, bytes: 0 (none), 45 (version 0) or 29 (version 1) (ref §1, security.go). */
  encryptionOverheadBytes: number;
}

const S = 1_000_000_000;
const MS = 1_000_000;

/** memberlist DefaultLANConfig (ref §1). */
export const LAN: MemberlistConfig = {
  probeIntervalNs: 1 * S,
  probeTimeoutNs: 500 * MS,
  indirectChecks: 3,
  gossipIntervalNs: 200 * MS,
  gossipNodes: 3,
  gossipToTheDeadTimeNs: 30 * S,
  pushPullIntervalNs: 30 * S,
  retransmitMult: 4,
  suspicionMult: 4,
  suspicionMaxTimeoutMult: 6,
  awarenessMaxMultiplier: 8,
  tcpTimeoutNs: 10 * S,
  udpBufferSize: 1400,
  disableTcpPings: false,
  probeOrder: 'round-robin',
  encryptionOverheadBytes: 0,
};

/** memberlist DefaultWANConfig (ref §1). */
export const WAN: MemberlistConfig = {
  ...LAN,
  probeIntervalNs: 5 * S,
  probeTimeoutNs: 3 * S,
  gossipIntervalNs: 500 * MS,
  gossipNodes: 4,
  gossipToTheDeadTimeNs: 60 * S,
  pushPullIntervalNs: 60 * S,
  suspicionMult: 6,
  tcpTimeoutNs: 30 * S,
};

/** memberlist DefaultLocalConfig (ref §1). */
export const LOCAL: MemberlistConfig = {
  ...LAN,
  probeTimeoutNs: 200 * MS,
  indirectChecks: 1,
  gossipIntervalNs: 100 * MS,
  gossipToTheDeadTimeNs: 15 * S,
  pushPullIntervalNs: 15 * S,
  retransmitMult: 2,
  suspicionMult: 3,
  tcpTimeoutNs: 1 * S,
};

export const PROFILES = { lan: LAN, wan: WAN, local: LOCAL } as const;
export type ProfileName = keyof typeof PROFILES;

/** Encryption overhead per packet (ref §1, security.go): version 0 adds 45 B, version 1 adds 29 B. */
export const ENCRYPTION_OVERHEAD_BYTES = { none: 0, v0: 45, v1: 29 } as const;

/** NetworkDB's own timers and sizes (ref §3.2, §3.4). */
export interface NetworkDbConfig {
  enabled: boolean;
  /** Table-event gossip tick (ref §3.2: 200 ms). */
  gossipIntervalNs: number;
  /** Peers per network per tick (ref §3.3: mRandomNodes(3, ...)). */
  fanout: number;
  /** Per-network RetransmitMult, with N = nodes in that network (ref §3.2: 4). */
  retransmitMult: number;
  /** PacketBufferSize (ref §3.1: 1400 B). */
  packetBufferSize: number;
  /** Periodic bulk sync, not N-scaled (ref §3.2: 30 s). */
  bulkSyncIntervalNs: number;
  /** Tombstone lifetime (ref §3.2 reapEntryInterval: 30 min). */
  reapEntryIntervalNs: number;
  /** endpoint_table CREATE size incl. wrapper and part overhead (ref §3.4: ~284 B). */
  endpointEntryBytes: number;
  /** overlay_peer_table CREATE size (ref §3.4: ~188 B). */
  peerEntryBytes: number;
  /** Above this rebroadcast-queue length, entries learned by bulk sync are not re-gossiped (ref §3.2: 500). */
  maxQueueLenBroadcastOnSync: number;
  /**
   * retryInterval of reconnectNode: every interval a host re-joins one random node of its failed
   * list (memberlist Join) and bulk-syncs their common networks with it (ref §3.2: 1 s); 0 turns
   * it off. It runs even when table gossip (`enabled`) is off.
   */
  reconnectIntervalNs: number;
}

export const NETWORKDB_DEFAULTS: NetworkDbConfig = {
  enabled: true,
  gossipIntervalNs: 200 * MS,
  fanout: 3,
  retransmitMult: 4,
  packetBufferSize: 1400,
  bulkSyncIntervalNs: 30 * S,
  reapEntryIntervalNs: 30 * 60 * S,
  endpointEntryBytes: 284,
  peerEntryBytes: 188,
  maxQueueLenBroadcastOnSync: 500,
  reconnectIntervalNs: 1 * S,
};

/**
 * Wire constants (ref §1, net.go): 2 B compound header, 2 B per compound part, 1 B user-message
 * overhead; msgpack sizes with 12-char names (ref §2.2, [D] rough): alive ≈ 75 B, suspect/dead ≈ 55 B.
 * Ping/ack/ping-req/nack sizes are estimates here (not in the reference): a ping names the
 * target and source (~60 B), an ack is a sequence number (~20 B).
 */
export const WIRE = {
  compoundHeaderBytes: 2,
  compoundPartBytes: 2,
  userMsgBytes: 1,
  aliveBytes: 75,
  suspectBytes: 55,
  deadBytes: 55,
  pingBytes: 60,
  ackBytes: 20,
  pingReqBytes: 80,
  nackBytes: 20,
  /** IPv4 + UDP headers added to each gossip datagram on the wire. */
  udpIpHeaderBytes: 28,
  /** IPv4 + TCP headers with the timestamp option, per segment of a TCP exchange (20 + 20 + 12). */
  tcpSegmentHeaderBytes: 52,
  /** Payload of a full segment on a 1500-byte MTU: 1500 − 52. */
  tcpMssBytes: 1448,
  /** One node's entry in a push/pull state exchange (name, addr, port, meta, incarnation, state, vsn) [D estimate]. */
  pushPullNodeBytes: 50,
  /**
   * A NetworkDB NetworkEvent (node X joined or left network Y, Lamport time), encoded: about 52 B
   * with its 2 B compound part (ref §3.4, [D/U] estimate), so 50 B; memberlist adds 1 B of
   * user-message type and 2 B of compound part when it piggybacks one (ref §2.2: 3 B each).
   */
  networkEventBytes: 50,
} as const;

/** Overhead of each delegate (user) message memberlist piggybacks: compound part 2 B + user-message type 1 B (ref §2.2). */
export const DELEGATE_MSG_OVERHEAD_BYTES = WIRE.compoundPartBytes + WIRE.userMsgBytes;

/** Segments a TCP transfer of `bytes` of payload takes (at least one). */
export function tcpSegments(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WIRE.tcpMssBytes));
}

/** IP bytes of a TCP transfer of `bytes` of payload, in full segments. */
export function tcpWireBytes(bytes: number): number {
  return bytes + tcpSegments(bytes) * WIRE.tcpSegmentHeaderBytes;
}
