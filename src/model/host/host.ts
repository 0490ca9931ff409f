import type { EventTarget } from '../../core/event-queue.ts';
import type { PacketSink } from '../context.ts';
import { type FlowInfo, firstHopOf, legPathOf } from '../flow.ts';
import { encryptedBytes, outerBytes } from '../overlay/encapsulation.ts';
import { fragmentBytes, planFragments } from '../overlay/fragmentation.ts';
import { Reassembly } from '../overlay/reassembly.ts';
import { PacketKind, type Packet } from '../packet.ts';
import { PacketFifo } from '../packet-fifo.ts';
import { NetNode } from '../underlay/node.ts';
import type { CpuClient, CpuCore } from './cpu-core.ts';
import type { CpuProfile } from './cpu-profile.ts';
import type { SegmentBatches } from './segment-batches.ts';
import { type HostOffloads, packetCostNs } from './stack-cost.ts';
import { localPathCpuNs } from './local-path.ts';
import { appCalls } from './app-calls.ts';
import { natCpuNs } from '../service/nat-cost.ts';

const LOCAL_DELIVERY = 0;
const TX = 0;
const RX = 1;
/** A piece on the host-local path (both ends on this host), charged once for both stacks. */
const LOCAL = 2;

/** CPU settings of a host. */
export interface HostCpu {
  profile: CpuProfile;
  offloads: HostOffloads;
  cores: CpuCore[];
}

/**
 * An end host. Sending: the container's packet is fragmented to the container MTU, each piece
 * costs CPU on the flow's core (segment, bytes, encapsulation, cipher), is encapsulated, and, if the outer
 * packet exceeds the link MTU, fragmented again (DF clear) or dropped (DF set). Receiving runs
 * the same steps backwards. A packet for this same host takes the host-local path instead: its
 * pieces cost the local path's CPU on the flow's core and are delivered without encapsulation
 * or wire. A host forwards only the flows that name it as their relay (a routing-mesh ingress
 * node): it receives their packets as the end of the first leg, then sends them on over the second
 * leg's path as a sender would. Hosts take node indices 0..H−1, so a host's index is also its host
 * index.
 */
export class Host extends NetNode implements EventTarget, CpuClient {
  // The CPU model (see useCpu), kept in this object's own fields: every packet on the host reads
  // them, and in a large run a second object would be a cache miss per packet. Undefined for
  // ideal hosts, which process packets in zero time.
  private cores: CpuCore[] | undefined;
  private cpuProfile: CpuProfile | undefined;
  private offloads: HostOffloads | undefined;
  /** Largest IP packet the host's links carry; outer packets above it are fragmented. */
  egressMtu = Infinity;
  /** Packets sent to this same host by an ideal host (no CPU model), delivered by a zero-delay event. */
  private readonly local = new PacketFifo();
  private readonly outerReassembly = new Reassembly(this.ctx);
  private readonly innerReassembly = new Reassembly(this.ctx);

  /** Gives the host its CPU model; a host never given one is ideal. */
  useCpu(cpu: HostCpu): void {
    this.cores = cpu.cores;
    this.cpuProfile = cpu.profile;
    this.offloads = cpu.offloads;
  }

  /** An application hands a packet (sizeBytes = its IP size) to the stack. */
  send(packet: Packet, nowNs: number): void {
    this.ctx.sent.emit(packet, nowNs, undefined);
    const stage = packet.dstHost === this.index ? LOCAL : TX;
    if (stage === LOCAL && this.cores === undefined) {
      this.local.push(packet);
      this.ctx.scheduler.post(0, this, LOCAL_DELIVERY);
      return;
    }
    this.fragmentAndProcess(packet, stage, nowNs);
  }

  /** Cuts a whole datagram to the inner MTU of its leg and queues each piece for CPU. */
  private fragmentAndProcess(packet: Packet, stage: number, nowNs: number): void {
    const path = legPathOf(this.ctx.flows[packet.flowId] as FlowInfo, packet.dstHost);
    packet.datagramId = packet.id;
    packet.datagramBytes = packet.sizeBytes;
    packet.outerFragCount = 1;
    packet.innerFragIndex = 0;
    if (packet.sizeBytes <= path.innerMtu) {
      packet.innerFragCount = 1;
      packet.innerBytes = packet.sizeBytes;
      return this.process(packet, stage, nowNs);
    }
    // Containers speak IPv4 whatever the underlay is.
    const plan = planFragments(packet.sizeBytes, path.innerMtu, 4);
    packet.innerFragCount = plan.count;
    for (let i = 0; i < plan.count; i++) {
      const piece = i === 0 ? packet : this.copyOf(packet);
      piece.innerBytes = fragmentBytes(plan, i);
      piece.innerFragIndex = i;
      this.process(piece, stage, nowNs);
    }
  }

  receive(packet: Packet, nowNs: number): void {
    if (packet.dstHost !== this.index) return this.ctx.drop(packet, nowNs, 'no-route');
    let whole: Packet | undefined = packet;
    if (packet.outerFragCount > 1) whole = this.outerReassembly.add(packet, packet.outerId, packet.outerFragCount, nowNs);
    if (whole !== undefined) this.process(whole, RX, nowNs);
  }

  onEvent(_kind: number, nowNs: number): void {
    this.deliver(this.local.shift() as Packet, nowNs);
  }

  /**
   * A TCP packet joins its flow's open GSO super-segment (send) or GRO batch (receive) on the
   * core; a UDP datagram or fragment, a ping or a gossip message is a segment of its own, as
   * Linux neither segments nor merges them by default. ICMP checksums are always computed in
   * software; other packets' only when offloads are off. Application writes and reads are
   * charged as {@link appCalls} places them; a VXLAN path's per-poll cost with the first packet
   * of each NAPI poll.
   */
  cpuCostNs(piece: Packet, segments: SegmentBatches, reads: SegmentBatches, opensPoll: boolean): number {
    const profile = this.cpuProfile as CpuProfile;
    const offloads = this.offloads as HostOffloads;
    const flow = this.ctx.flows[piece.flowId] as FlowInfo;
    const path = legPathOf(flow, piece.dstHost);
    const kind = piece.kind;
    const local = piece.cpuStage === LOCAL;
    // The local path runs in the sender's context, so it batches as sending does.
    const opensSegment = kind !== PacketKind.Tcp || segments.opens(local ? TX : piece.cpuStage, piece.flowId, piece.innerBytes);
    const softwareChecksum = !offloads.enabled || kind === PacketKind.EchoRequest || kind === PacketKind.EchoReply;
    const nat = natCpuNs(profile, flow, this.index, piece.cpuStage === TX, opensSegment);
    if (local) {
      const calls = appCalls(piece, flow, this.index, true, reads) + appCalls(piece, flow, this.index, false, reads);
      return localPathCpuNs(profile, piece.innerBytes, opensSegment, softwareChecksum, calls) + nat;
    }
    const calls = appCalls(piece, flow, this.index, piece.cpuStage === TX, reads);
    const cipherBytes = encryptedBytes(path.encap, piece.innerBytes, path.innerMtu);
    return packetCostNs(profile, offloads.tunnel, path.encap, piece.innerBytes, cipherBytes, opensSegment, softwareChecksum, calls, opensPoll) + nat;
  }

  afterCpu(packet: Packet, nowNs: number): void {
    if (packet.cpuStage === TX) this.encapsulateAndSend(packet, nowNs);
    // RX and LOCAL pieces both end here: a local piece was never encapsulated.
    else this.decapsulated(packet, nowNs);
  }

  /** Gives up on fragments older than the reassembly timeout (called at the end of a run). */
  expireFragments(nowNs: number): void {
    this.outerReassembly.expire(nowNs);
    this.innerReassembly.expire(nowNs);
  }

  /** Queues the piece on the flow's core (which charges its cost), then continues. */
  private process(piece: Packet, stage: number, nowNs: number): void {
    piece.cpuStage = stage;
    const cores = this.cores;
    if (cores === undefined) return this.afterCpu(piece, nowNs);
    const flow = this.ctx.flows[piece.flowId] as FlowInfo;
    (cores[flow.cpuCore] as CpuCore).submit(piece, nowNs);
  }

  private encapsulateAndSend(piece: Packet, nowNs: number): void {
    const path = legPathOf(this.ctx.flows[piece.flowId] as FlowInfo, piece.dstHost);
    piece.sizeBytes = outerBytes(path.encap, piece.innerBytes, path.ipVersion, path.innerMtu);
    piece.outerId = piece.id;
    if (piece.sizeBytes <= this.egressMtu) return this.transmit(piece, nowNs);
    if (path.outerDf) return this.ctx.drop(piece, nowNs, 'frag-needed');
    const plan = planFragments(piece.sizeBytes, this.egressMtu, path.ipVersion);
    piece.outerFragCount = plan.count;
    for (let i = 0; i < plan.count; i++) {
      const fragment = i === 0 ? piece : this.copyOf(piece);
      fragment.sizeBytes = fragmentBytes(plan, i);
      this.transmit(fragment, nowNs);
    }
  }

  private transmit(packet: Packet, nowNs: number): void {
    this.ctx.wireSent.emit(packet, nowNs, undefined);
    this.forward(packet, nowNs);
  }

  private decapsulated(piece: Packet, nowNs: number): void {
    let whole: Packet | undefined = piece;
    if (piece.innerFragCount > 1) whole = this.innerReassembly.add(piece, piece.datagramId, piece.innerFragCount, nowNs);
    if (whole === undefined) return;
    whole.sizeBytes = whole.datagramBytes;
    this.deliver(whole, nowNs);
  }

  private deliver(packet: Packet, nowNs: number): void {
    const relay = (this.ctx.flows[packet.flowId] as FlowInfo).relay;
    if (relay !== undefined && relay.host === this.index) return this.relayOn(packet, nowNs);
    if (packet.kind === PacketKind.Tcp) return (this.ctx.segmentSinks[packet.flowId] as PacketSink).receive(packet, nowNs);
    if (packet.kind === PacketKind.Gossip) return (this.ctx.gossipSink as PacketSink).receive(packet, nowNs);
    this.ctx.received.emit(packet, nowNs, undefined);
    if (packet.kind !== PacketKind.EchoRequest) {
      this.ctx.pool.release(packet);
      return;
    }
    // Answer in place: the reply reuses the request's packet and keeps its origin time for RTT.
    const replyFlow = this.ctx.flows[(this.ctx.flows[packet.flowId] as FlowInfo).replyFlowId ?? -1];
    if (replyFlow === undefined) throw new Error(`echo request on flow ${packet.flowId} has no reply flow`);
    packet.kind = PacketKind.EchoReply;
    packet.flowId = replyFlow.id;
    packet.flowHash = replyFlow.hash;
    packet.srcHost = this.index;
    packet.dstHost = firstHopOf(replyFlow);
    packet.sentNs = nowNs;
    this.send(packet, nowNs);
  }

  /**
   * Sends a whole datagram of a flow this host relays on towards its receiver over the second
   * leg: addressed to the receiver, fragmented to that leg's inner MTU, charged as a send and
   * encapsulated. It is not counted as sent again: the application sent it once.
   */
  private relayOn(packet: Packet, nowNs: number): void {
    const flow = this.ctx.flows[packet.flowId] as FlowInfo;
    packet.dstHost = flow.dstHost;
    this.fragmentAndProcess(packet, TX, nowNs);
  }

  /** A new pooled packet with every field of `source` but its id. */
  private copyOf(source: Packet): Packet {
    const p = this.ctx.pool.acquire();
    const id = p.id;
    Object.assign(p, source);
    p.id = id;
    return p;
  }
}
