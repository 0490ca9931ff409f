import type { EventTarget } from '../../core/event-queue.ts';
import type { RandomStream } from '../../core/rng.ts';
import type { SimContext } from '../context.ts';
import { type FlowInfo, firstHopOf } from '../flow.ts';
import type { Host } from '../host/host.ts';
import { PacketKind } from '../packet.ts';

/** How send times are spaced. */
export type Spacing = 'constant' | 'poisson';

/**
 * When the datagram after `sent` ones goes, before rounding to the ns, given the last one's
 * `lastExactNs`: constant spacing counts from `firstNs` (no drift from rounding), Poisson adds
 * an exponential gap of mean `intervalNs`.
 */
export function nextSendExactNs(spacing: Spacing, firstNs: number, sent: number, intervalNs: number, lastExactNs: number, rng: RandomStream): number {
  return spacing === 'constant' ? firstNs + sent * intervalNs : lastExactNs + rng.exponential(intervalNs);
}

/** Takes a packet from the pool, fills it as datagram `seq` of `flow` sent at `nowNs`, and hands it to `host`. */
export function sendDatagram(ctx: SimContext, host: Host, flow: FlowInfo, kind: PacketKind, packetBytes: number, payloadBytes: number, seq: number, nowNs: number): void {
  const packet = ctx.pool.acquire();
  packet.flowId = flow.id;
  packet.flowHash = flow.hash;
  packet.kind = kind;
  packet.srcHost = flow.srcHost;
  packet.dstHost = firstHopOf(flow);
  packet.sizeBytes = packetBytes;
  packet.payloadBytes = payloadBytes;
  packet.seq = seq;
  packet.sentNs = nowNs;
  packet.originNs = nowNs;
  host.send(packet, nowNs);
}

/**
 * Sends packets of one flow from `startNs` until `stopNs` (exclusive): at a constant interval
 * (UDP CBR, ping) or with exponential gaps (Poisson). Send times are kept exact as real numbers
 * and rounded to the nanosecond only when scheduled, so rounding never drifts the rate.
 */
export class PacketSource implements EventTarget {
  private nextExactNs: number;
  private seq = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly host: Host,
    private readonly flow: FlowInfo,
    private readonly packetKind: PacketKind,
    private readonly spacing: Spacing,
    /** Interval (constant) or mean gap (Poisson), ns. */
    private readonly intervalNs: number,
    private readonly packetBytes: number,
    private readonly payloadBytes: number,
    private readonly rng: RandomStream,
  ) {
    this.nextExactNs = flow.startNs;
    ctx.scheduler.postAt(flow.startNs, this);
  }

  onEvent(_kind: number, nowNs: number): void {
    const ctx = this.ctx;
    const flow = this.flow;
    sendDatagram(ctx, this.host, flow, this.packetKind, this.packetBytes, this.payloadBytes, this.seq++, nowNs);

    this.nextExactNs = nextSendExactNs(this.spacing, flow.startNs, this.seq, this.intervalNs, this.nextExactNs, this.rng);
    const nextNs = Math.round(this.nextExactNs);
    if (nextNs < flow.stopNs) ctx.scheduler.postAt(Math.max(nextNs, nowNs), this);
  }
}
