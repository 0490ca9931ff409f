import type { SimContext } from '../model/context.ts';
import { DelayRecorder, type DelaySummary } from './delay-recorder.ts';
import type { FlowMonitor, FlowResult } from './flow-monitor.ts';
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

/**
 * A workload's flows taken together. Its delay and RTT distributions are its flows' added up
 * at the end (the histograms share their buckets, so this equals recording every packet again
 * per workload, without a second record per packet).
 */
export class WorkloadMonitor {
  private readonly names: string[] = [];
  private readonly flowIds: number[][] = [];

  constructor(
    ctx: SimContext,
    private readonly flowMonitor: FlowMonitor,
  ) {
    const index = new Map<string, number>();
    for (const f of ctx.flows) {
      let i = index.get(f.workload);
      if (i === undefined) {
        i = this.names.length;
        index.set(f.workload, i);
        this.names.push(f.workload);
        this.flowIds.push([]);
      }
      (this.flowIds[i] as number[]).push(f.id);
    }
  }

  results(flows: readonly FlowResult[]): WorkloadResult[] {
    return this.names.map((workload, i) => {
      const mine = flows.filter((f) => f.workload === workload);
      const sum = (pick: (f: FlowResult) => number) => mine.reduce((a, f) => a + pick(f), 0);
      const rx = sum((f) => f.rxPackets);
      const lost = sum((f) => f.lostPackets);
      const delay = new DelayRecorder();
      const rtt = new DelayRecorder();
      for (const id of this.flowIds[i] as number[]) {
        const recorders = this.flowMonitor.recordersOf(id);
        delay.add(recorders.delay);
        rtt.add(recorders.rtt);
      }
      return {
        workload,
        flows: mine.length,
        txPackets: sum((f) => f.txPackets),
        rxPackets: rx,
        lostPackets: lost,
        lossRatio: rx + lost === 0 ? 0 : lost / (rx + lost),
        goodputBps: sum((f) => f.goodputBps),
        delay: delay.summary(),
        delayCdf: delay.count === 0 ? [] : CDF_PERCENTILES.map((percentile) => ({ percentile, delayNs: delay.percentileNs(percentile) })),
        ...(rtt.count > 0 ? { rtt: rtt.summary() } : {}),
      };
    });
  }
}
