import type { FlowInfo } from '../flow.ts';
import { type Packet, PacketKind } from '../packet.ts';
import { APP_CALL_BYTES } from '../transport/app-writes.ts';
import type { SegmentBatches, SegmentLimits } from './segment-batches.ts';

/** Stage of a read batch in a core's {@link SegmentBatches} of reads (the receive stage). */
const READ_STAGE = 1;

/** Limits of one application read: the reader's buffer, any number of packets. */
export const APP_READ_LIMITS: SegmentLimits = { maxBytes: APP_CALL_BYTES, maxPackets: Infinity };

/**
 * Application system calls one side is charged with for a piece, each paying the profile's
 * `syscallNs`. Linux enters the kernel once per `sendmsg`/`write` and once per
 * `recvmsg`/`read`, however many packets the data makes:
 * - a datagram (UDP, gossip, a ping) is one write by its sender and one read by its receiver
 *   (a UDP socket keeps datagram boundaries), charged to its first inner fragment; the kernel
 *   answers a ping itself (icmp_echo), so an echo request is read by no application and its
 *   reply is written by none;
 * - a TCP segment carries the application writes that begin in its new bytes (see
 *   transport/app-writes.ts); ACKs and resent data carry none;
 * - a TCP receiver reads what has queued, up to its buffer (transport's APP_CALL_BYTES): the
 *   reading process runs once the core has no packets waiting, so a read batch ends when the
 *   core goes idle or the buffer is full, as a GRO batch does, and its first data packet is
 *   charged with the read;
 * - a host relaying a flow (a routing-mesh ingress node) forwards in the kernel: no calls.
 * `sending` is the sender's side; `reads` the core's read batches (one slot per flow).
 */
export function appCalls(piece: Packet, flow: FlowInfo, hostIndex: number, sending: boolean, reads: SegmentBatches): number {
  if (flow.relay !== undefined && flow.relay.host === hostIndex) return 0;
  const kind = piece.kind;
  if (kind === PacketKind.Tcp) {
    if (sending) return piece.appWrites;
    return piece.payloadBytes > 0 && reads.opens(READ_STAGE, piece.flowId, piece.payloadBytes) ? 1 : 0;
  }
  if (piece.innerFragIndex !== 0) return 0;
  if (sending) return kind === PacketKind.EchoReply ? 0 : 1;
  return kind === PacketKind.EchoRequest ? 0 : 1;
}
