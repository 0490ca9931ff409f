import type { SimContext } from '../model/context.ts';
import { PacketKind } from '../model/packet.ts';
import { DelayRecorder, type DelaySummary } from './delay-recorder.ts';
import type { FlowResult } from './flow-monitor.ts';
import type { TcpWorkloadResult } from './connection-monitor.ts';

/** A workload's flows taken together: what a user asks about "web-to-db". */
export interface WorkloadResult {
  workload: string;
  flows: number;
  txPackets: number;
  rxPackets: number;
  lostPackets: number;
  lossRatio: number;
  /** Sum of its flows' goodput, bit/s. */
  goodputBps: number;
  /** One-way delay over every packet of every flow of the workload. */
  delay: DelaySummary;
  /** Round-trip times, for ping workloads. */
  rtt?: DelaySummary;
  /** TCP workloads: retransmissions, timeouts, flow completion times, request latency. */
  tcp?: TcpWorkloadResult;
  /** One-way delay distribution: the delay at each percentile of {@link CDF_PERCENTILES}. */
  delayCdf: { percentile: number; delayNs: number }[];
}

/** Percentiles at which the delay distribution is reported (latency.csv, the CDF chart). */
export const CDF_PERCENTILES: readonly number[] = [...Array.from({ length: 99 }, (_, i) => i + 1), 99.5, 99.9, 99.99, 100];

/** Records one-way delay (and RTT) per workload across all its flows; counts come from the flow table. */
export class WorkloadMonitor {
  private readonly names: string[] = [];
  private readonly delays: DelayRecorder[] = [];
  private readonly rtts: DelayRecorder[] = [];

  constructor(ctx: SimContext) {
    const index = new Map<string, number>();
    const workloadOfFlow = ctx.flows.map((f) => {
      let i = index.get(f.workload);
      if (i === undefined) {
        i = this.names.length;
        index.set(f.workload, i);
        this.names.push(f.workload);
        this.delays.push(new DelayRecorder());
        this.rtts.push(new DelayRecorder());
      }
      return i;
    });
    ctx.received.connect((p, nowNs) => {
      const w = workloadOfFlow[p.flowId] as number;
      (this.delays[w] as DelayRecorder).record(nowNs - p.sentNs);
      if (p.kind === PacketKind.EchoReply) (this.rtts[w] as DelayRecorder).record(nowNs - p.originNs);
    });
  }

  results(flows: readonly FlowResult[]): WorkloadResult[] {
    return this.names.map((workload, i) => {
      const mine = flows.filter((f) => f.workload === workload);
      const sum = (pick: (f: FlowResult) => number) => mine.reduce((a, f) => a + pick(f), 0);
      const rx = sum((f) => f.rxPackets);
      const lost = sum((f) => f.lostPackets);
      const rtt = this.rtts[i] as DelayRecorder;
      return {
        workload,
        flows: mine.length,
        txPackets: sum((f) => f.txPackets),
        rxPackets: rx,
        lostPackets: lost,
        lossRatio: rx + lost === 0 ? 0 : lost / (rx + lost),
        goodputBps: sum((f) => f.goodputBps),
        delay: (this.delays[i] as DelayRecorder).summary(),
        delayCdf: (this.delays[i] as DelayRecorder).count === 0 ? [] : CDF_PERCENTILES.map((percentile) => ({ percentile, delayNs: (this.delays[i] as DelayRecorder).percentileNs(percentile) })),
        ...(rtt.count > 0 ? { rtt: rtt.summary() } : {}),
      };
    });
  }
}
