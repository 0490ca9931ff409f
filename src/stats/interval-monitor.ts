import type { SimContext } from '../model/context.ts';
import type { CpuCore } from '../model/host/cpu-core.ts';
import type { LinkTx } from '../model/underlay/link-tx.ts';
import { DelayRecorder } from './delay-recorder.ts';

/** One row of intervals.csv (long form): a figure of one entity over the interval ending at `timeNs`. */
export interface IntervalRow {
  timeNs: number;
  /** `link`, `flow` or `core`. */
  kind: 'link' | 'flow' | 'core';
  /** The link (`h1->leaf1`), flow (`web-to-db/web.1`) or core (`h1/cpu0`). */
  entity: string;
  /** `utilisation`, `queuePackets`, `drops`, `goodputBps`, `delayP50Ns` or `delayP99Ns`. */
  metric: string;
  value: number;
}

/**
 * Time series like iperf3's `-i` or OMNeT++ vectors: at the end of each interval, each link's
 * utilisation, mean queue (packets waiting, averaged over time) and drops, each flow's goodput and one-way delay p50/p99, and each core's
 * utilisation over that interval. Entities idle in an interval have no row for it. The run
 * calls {@link sample} between events, so sampling adds no events to the simulation.
 */
export class IntervalMonitor {
  readonly rows: IntervalRow[] = [];
  private lastNs = 0;
  private readonly linkBusyNs: number[];
  private readonly linkDrops: number[];
  private readonly linkQueueAreaPacketNs: number[];
  private readonly coreBusyNs: number[];
  private readonly flowPayloadBytes: number[];
  private readonly flowDelays: DelayRecorder[];

  constructor(
    private readonly ctx: SimContext,
    private readonly links: readonly LinkTx[],
    private readonly cores: readonly { host: string; core: number; cpu: CpuCore }[],
  ) {
    this.linkBusyNs = links.map(() => 0);
    this.linkDrops = links.map(() => 0);
    this.linkQueueAreaPacketNs = links.map(() => 0);
    links.forEach((link, i) => link.dropped.connect(() => (this.linkDrops[i] = (this.linkDrops[i] as number) + 1)));
    this.coreBusyNs = cores.map(() => 0);
    this.flowPayloadBytes = ctx.flows.map(() => 0);
    this.flowDelays = ctx.flows.map(() => new DelayRecorder());
    ctx.received.connect((p, nowNs) => {
      this.flowPayloadBytes[p.flowId] = (this.flowPayloadBytes[p.flowId] as number) + p.payloadBytes;
      (this.flowDelays[p.flowId] as DelayRecorder).record(nowNs - p.sentNs);
    });
  }

  /** Closes the interval ending at `nowNs` and starts the next. */
  sample(nowNs: number): void {
    const spanNs = nowNs - this.lastNs;
    if (spanNs <= 0) return;
    const row = (kind: IntervalRow['kind'], entity: string, metric: string, value: number) => this.rows.push({ timeNs: nowNs, kind, entity, metric, value });
    this.links.forEach((link, i) => {
      const busyNs = link.busyNsUntil(nowNs);
      if (busyNs > (this.linkBusyNs[i] as number)) row('link', link.name, 'utilisation', (busyNs - (this.linkBusyNs[i] as number)) / spanNs);
      const areaPacketNs = link.queueAreaPacketNsUntil(nowNs);
      if (areaPacketNs > (this.linkQueueAreaPacketNs[i] as number)) row('link', link.name, 'queuePackets', (areaPacketNs - (this.linkQueueAreaPacketNs[i] as number)) / spanNs);
      if ((this.linkDrops[i] as number) > 0) row('link', link.name, 'drops', this.linkDrops[i] as number);
      this.linkBusyNs[i] = busyNs;
      this.linkQueueAreaPacketNs[i] = areaPacketNs;
      this.linkDrops[i] = 0;
    });
    this.ctx.flows.forEach((flow, i) => {
      const delays = this.flowDelays[i] as DelayRecorder;
      if (delays.count === 0) return;
      row('flow', flow.name, 'goodputBps', ((this.flowPayloadBytes[i] as number) * 8e9) / spanNs);
      row('flow', flow.name, 'delayP50Ns', delays.percentileNs(50));
      row('flow', flow.name, 'delayP99Ns', delays.percentileNs(99));
      this.flowPayloadBytes[i] = 0;
      this.flowDelays[i] = new DelayRecorder();
    });
    this.cores.forEach(({ host, core, cpu }, i) => {
      const busyNs = cpu.busyNsUntil(nowNs);
      if (busyNs > (this.coreBusyNs[i] as number)) row('core', `${host}/cpu${core}`, 'utilisation', (busyNs - (this.coreBusyNs[i] as number)) / spanNs);
      this.coreBusyNs[i] = busyNs;
    });
    this.lastNs = nowNs;
  }
}
