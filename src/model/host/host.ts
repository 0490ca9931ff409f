import type { EventTarget } from '../../core/event-queue.ts';
import { Ring } from '../../core/ring.ts';
import { PacketKind, type Packet } from '../packet.ts';
import { NetNode } from '../underlay/node.ts';

const LOCAL_DELIVERY = 0;

/**
 * An end host. It sends packets its applications make, answers ICMP echo requests, and hands
 * every packet addressed to it to the run-wide `received` trace. Hosts do not forward transit
 * traffic. Hosts take node indices 0..H−1, so a host's index is also its host index.
 */
export class Host extends NetNode implements EventTarget {
  /** Packets sent to this same host, delivered by a zero-delay event to keep event order sane. */
  private readonly local = new Ring<Packet>();

  /** An application hands a packet to the stack. */
  send(packet: Packet, nowNs: number): void {
    this.ctx.sent.emit(packet, nowNs, undefined);
    this.route(packet, nowNs);
  }

  receive(packet: Packet, nowNs: number): void {
    if (packet.dstHost !== this.index) return this.ctx.drop(packet, nowNs, 'no-route');
    this.deliver(packet, nowNs);
  }

  onEvent(_kind: number, nowNs: number): void {
    this.deliver(this.local.shift() as Packet, nowNs);
  }

  private route(packet: Packet, nowNs: number): void {
    if (packet.dstHost !== this.index) return this.forward(packet, nowNs);
    this.local.push(packet);
    this.ctx.scheduler.schedule(0, this, LOCAL_DELIVERY);
  }

  private deliver(packet: Packet, nowNs: number): void {
    this.ctx.received.emit(packet, nowNs, undefined);
    if (packet.kind !== PacketKind.EchoRequest) {
      this.ctx.pool.release(packet);
      return;
    }
    // Answer in place: the reply reuses the request's packet and keeps its origin time for RTT.
    const reply = this.ctx.flows[packet.flowId]?.replyFlowId as number;
    const replyFlow = this.ctx.flows[reply];
    if (replyFlow === undefined) throw new Error(`echo request on flow ${packet.flowId} has no reply flow`);
    packet.kind = PacketKind.EchoReply;
    packet.flowId = replyFlow.id;
    packet.flowHash = replyFlow.hash;
    packet.srcHost = this.index;
    packet.dstHost = replyFlow.dstHost;
    packet.sentNs = nowNs;
    this.send(packet, nowNs);
  }
}
