/** TCP header without options, bytes. */
export const TCP_HEADER_BYTES = 20;
/** IPv4 header of the container's packet, bytes. */
export const TCP_IP_HEADER_BYTES = 20;
/** The timestamp option (RFC 7323) as Linux sends it: 10 bytes padded with two NOPs. */
export const TCP_TIMESTAMP_OPTION_BYTES = 12;

/** SACK option as Linux sends it: two NOPs, kind and length (4 B), then 8 B per block (RFC 2018). */
export const TCP_SACK_BASE_BYTES = 4;
export const TCP_SACK_BLOCK_BYTES = 8;

/** SACK blocks that fit in the 40 B of options: 3 beside the timestamp option, 4 without. */
export function maxSackBlocks(timestamps: boolean): number {
  return timestamps ? 3 : 4;
}

/**
 * SYN options besides timestamps, as Linux lays them out: MSS (4) and window scale with a NOP
 * (4); SACK-permitted (2) rides in the padding before the timestamp option, or with two NOPs
 * (4) without timestamps.
 */
export function synOptionBytes(timestamps: boolean, sack: boolean): number {
  return 8 + (sack && !timestamps ? 4 : 0);
}

/** Flag bits of {@link Packet.tcpFlags}. Every segment but the first SYN carries an ACK; connections are never closed, so there is no FIN. */
export const TcpFlag = {
  Syn: 1,
  Ack: 2,
} as const;

/**
 * Maximum segment size on a path whose container MTU is `innerMtu`: the MTU less the IPv4 and
 * TCP headers (1500 → 1460, plain overlay 1450 → 1410, encrypted overlay 1424 → 1384), less 12
 * more when timestamps are on (what Linux's effective MSS, `tcp_current_mss`, subtracts).
 */
export function mssFor(innerMtu: number, timestamps: boolean): number {
  return innerMtu - TCP_IP_HEADER_BYTES - TCP_HEADER_BYTES - (timestamps ? TCP_TIMESTAMP_OPTION_BYTES : 0);
}

/** IP size of a segment carrying `payloadBytes`, bytes. */
export function segmentBytes(payloadBytes: number, timestamps: boolean): number {
  return payloadBytes + TCP_IP_HEADER_BYTES + TCP_HEADER_BYTES + (timestamps ? TCP_TIMESTAMP_OPTION_BYTES : 0);
}
