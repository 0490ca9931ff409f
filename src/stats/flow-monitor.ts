import type { DropReason, SimContext } from '../model/context.ts';
import type { FlowInfo } from '../model/flow.ts';
import { type Packet, PacketKind } from '../model/packet.ts';
import { DelayRecorder, type DelaySummary } from './delay-recorder.ts';
import { inWindow, type MeasureWindow } from './measure-window.ts';

/** A host's first link's layer-2 framing, for on-wire bytes. */
export interface HostFraming {
  /** Bytes added per packet (Ethernet: 38 with preamble and gap). */
  framingBytes: number;
  /** Smallest frame on the wire, framing included (Ethernet: 84); 0 for none. */
  minWireBytes: number;
}

/** Counters of one flow, updated from the run-wide send, receive and drop traces. */
class FlowRecord {
  txPackets = 0;
  txBytes = 0;
  rxPackets = 0;
  rxBytes = 0;
  rxPayloadBytes = 0;
  lostPackets = 0;
  /** Packets (whole or fragments, encapsulated) the sender put on the underlay. */
  underlayPackets = 0;
  underlayBytes = 0;
  reassemblyTimeouts = 0;
  /** Received in the measurement window, IP and payload bytes, and sent on the wire in it, framing included. */
  windowRxBytes = 0;
  windowRxPayloadBytes = 0;
  windowWireBytes = 0;
  /** Fragmented datagrams already counted lost, so a second lost fragment is not counted again. */
  readonly lostDatagrams = new Set<number>();
  readonly delay = new DelayRecorder();
  /** Round-trip times, recorded on echo reply flows only. */
  readonly rtt = new DelayRecorder();
  jitterSumNs = 0;
  lastDelayNs = -1;

  constructor(
    /** Delays, RTTs and rates cover this window. */
    readonly window: MeasureWindow,
  ) {}
}

/** The per-flow table a run reports (one row of flows.csv). */
export interface FlowResult {
  flow: string;
  workload: string;
  protocol: string;
  src: string;
  dst: string;
  /** Core that processes the flow on both hosts. */
  cpuCore: number;
  txPackets: number;
  txBytes: number;
  rxPackets: number;
  rxBytes: number;
  /** Application payload bytes delivered. */
  rxPayloadBytes: number;
  lostPackets: number;
  /** Packets the sender put on the underlay: more than txPackets when fragmented. */
  underlayPackets: number;
  /** Bytes of those packets (outer IP size, framing excluded). */
  underlayBytes: number;
  /** Fragmented datagrams given up at the receiver after the reassembly timeout. */
  reassemblyTimeouts: number;
  /** Sent but neither received nor dropped when the run ended. */
  inFlightPackets: number;
  /** lost / (received + lost). */
  lossRatio: number;
  /** One-way delay of the packets received in the measurement window. */
  delay: DelaySummary;
  /** Mean absolute difference of consecutive one-way delays, ns (as RFC 3550 without smoothing). */
  jitterMeanNs: number;
  /**
   * Delivered application payload bits per second of the flow's active time; with a measurement
   * window, only what arrived inside it, per second of the window (within the active time).
   */
  goodputBps: number;
  /** Delivered IP bits per second, over the same span. */
  throughputBps: number;
  /**
   * Bits the sender put on its link for this flow (outer packets, fragments and link framing,
   * Ethernet's padding to its minimum frame included, lost ones too), per second of the same span.
   */
  wireThroughputBps: number;
  /** Round-trip time of echo flows; undefined for other flows. */
  rtt?: DelaySummary;
  /** For an external client's connection through a published port: the index of the node it was sent to. */
  ingressNode?: number;
  /** With ingressNode: whether the node relayed it to a task on another node (the routing mesh's extra hop). */
  extraHop?: boolean;
}

/**
 * Watches every flow like ns-3's FlowMonitor: counts packets and bytes sent, received and
 * lost, and records one-way delay (receive time − send time) of each delivered packet.
 */
export class FlowMonitor {
  private readonly records: FlowRecord[];

  constructor(
    private readonly ctx: SimContext,
    /** Framing of each host's first link. */
    private readonly hostFraming: readonly HostFraming[],
    /** The measurement window of each flow (by flow id). */
    windows: readonly MeasureWindow[],
  ) {
    this.records = ctx.flows.map((_f, i) => new FlowRecord(windows[i] as MeasureWindow));
    ctx.sent.connect((p) => this.onSent(p));
    ctx.received.connect((p, now) => this.onReceived(p, now));
    ctx.dropped.connect((p, _now, reason) => this.onDropped(p, reason));
    ctx.wireSent.connect((p, now) => {
      // A relayed flow's second leg (sent on by its ingress node) is not the sender's.
      const relay = (ctx.flows[p.flowId] as FlowInfo).relay;
      if (relay !== undefined && p.dstHost !== relay.host) return;
      const r = this.records[p.flowId] as FlowRecord;
      r.underlayPackets++;
      r.underlayBytes += p.sizeBytes;
      if (!inWindow(r.window, now)) return;
      const framing = this.hostFraming[p.srcHost] as HostFraming;
      r.windowWireBytes += Math.max(p.sizeBytes + framing.framingBytes, framing.minWireBytes);
    });
    ctx.reassemblyTimedOut.connect((flowId) => (this.records[flowId] as FlowRecord).reassemblyTimeouts++);
  }

  private onSent(p: Packet): void {
    const r = this.records[p.flowId] as FlowRecord;
    r.txPackets++;
    r.txBytes += p.sizeBytes;
  }

  private onReceived(p: Packet, nowNs: number): void {
    const r = this.records[p.flowId] as FlowRecord;
    r.rxPackets++;
    r.rxBytes += p.sizeBytes;
    r.rxPayloadBytes += p.payloadBytes;
    if (!inWindow(r.window, nowNs)) return;
    r.windowRxBytes += p.sizeBytes;
    r.windowRxPayloadBytes += p.payloadBytes;
    const delayNs = nowNs - p.sentNs;
    r.delay.record(delayNs);
    if (r.lastDelayNs >= 0) r.jitterSumNs += Math.abs(delayNs - r.lastDelayNs);
    r.lastDelayNs = delayNs;
    if (p.kind === PacketKind.EchoReply) r.rtt.record(nowNs - p.originNs);
  }

  /** A datagram is lost once, however many of its fragments are dropped. */
  private onDropped(p: Packet, _reason: DropReason): void {
    const r = this.records[p.flowId] as FlowRecord;
    if (p.innerFragCount > 1 || p.outerFragCount > 1) {
      if (r.lostDatagrams.has(p.datagramId)) return;
      r.lostDatagrams.add(p.datagramId);
    }
    r.lostPackets++;
  }

  /** One-way delays and round-trip times recorded for a flow so far. */
  recordersOf(flowId: number): { delay: DelayRecorder; rtt: DelayRecorder } {
    return this.records[flowId] as FlowRecord;
  }

  /** The flow table at the end of a run of `durationNs`. */
  results(durationNs: number): FlowResult[] {
    return this.ctx.flows.map((flow, i) => resultOf(flow, this.records[i] as FlowRecord, durationNs));
  }
}

function resultOf(flow: FlowInfo, r: FlowRecord, durationNs: number): FlowResult {
  const w = r.window;
  const activeS = (Math.min(flow.stopNs, durationNs, w.toNs) - Math.max(flow.startNs, w.fromNs)) / 1e9;
  const rate = (bytes: number) => (activeS > 0 ? Math.round((bytes * 8) / activeS) : 0);
  const settled = r.rxPackets + r.lostPackets;
  const result: FlowResult = {
    flow: flow.name,
    workload: flow.workload,
    protocol: flow.protocol,
    src: flow.srcName,
    dst: flow.dstName,
    cpuCore: flow.cpuCore,
    txPackets: r.txPackets,
    txBytes: r.txBytes,
    rxPackets: r.rxPackets,
    rxBytes: r.rxBytes,
    rxPayloadBytes: r.rxPayloadBytes,
    lostPackets: r.lostPackets,
    underlayPackets: r.underlayPackets,
    underlayBytes: r.underlayBytes,
    reassemblyTimeouts: r.reassemblyTimeouts,
    inFlightPackets: r.txPackets - settled,
    lossRatio: settled === 0 ? 0 : r.lostPackets / settled,
    delay: r.delay.summary(),
    jitterMeanNs: r.delay.count < 2 ? 0 : Math.round(r.jitterSumNs / (r.delay.count - 1)),
    goodputBps: rate(r.windowRxPayloadBytes),
    throughputBps: rate(r.windowRxBytes),
    wireThroughputBps: rate(r.windowWireBytes),
  };
  if (r.rtt.count > 0) result.rtt = r.rtt.summary();
  if (flow.ingressNode !== undefined) Object.assign(result, { ingressNode: flow.ingressNode, extraHop: flow.relay !== undefined });
  return result;
}
