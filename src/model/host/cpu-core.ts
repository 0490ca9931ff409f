import type { EventTarget } from '../../core/event-queue.ts';
import type { SimContext } from '../context.ts';
import type { Packet } from '../packet.ts';
import { PacketFifo } from '../packet-fifo.ts';
import type { SegmentBatches } from './segment-batches.ts';

/** What a core asks for a packet's cost, and hands the packet back to when it is done with it. */
export interface CpuClient {
  /**
   * CPU time `packet` needs as the core starts on it, ns; `segments` says which segment it joins,
   * `reads` which application read, and `opensPoll` whether it is the first of a NAPI poll.
   */
  cpuCostNs(packet: Packet, segments: SegmentBatches, reads: SegmentBatches, opensPoll: boolean): number;
  afterCpu(packet: Packet, nowNs: number): void;
}

const DONE = 0;

/**
 * One CPU core processing packets one at a time in arrival order (softirq work). Each packet
 * occupies the core for the cost its client gives as the core starts on it (which depends on
 * the segment it joins, see {@link SegmentBatches}); packets wait in a backlog bounded like Linux's
 * `netdev_max_backlog`, and a full backlog drops (reason `cpu-backlog`). A busy core thus
 * delays packets and caps a flow's rate at 1 / cost.
 */
export class CpuCore implements EventTarget {
  // Counters every run reports, kept here rather than behind trace points (see LinkTx).
  /** Packets the core started work on. */
  packets = 0;
  /** Packets dropped because the backlog was full. */
  backlogDrops = 0;
  /** Work time of every started packet, ns (see {@link busyNsUntil}). */
  private busyNs = 0;
  /** When the packet in work is done, ns. */
  private busyUntilNs = 0;

  private busy = false;
  private current: Packet | undefined;
  private readonly backlog = new PacketFifo();
  /** Rounding error carried between back-to-back packets, ns. */
  private carryNs = 0;
  /** Packets started since the core was last idle: a NAPI poll takes at most `pollBudgetPackets` of them. */
  private pollPackets = 0;

  constructor(
    /** e.g. `h3/cpu1`. */
    readonly name: string,
    private readonly ctx: SimContext,
    private readonly client: CpuClient,
    private readonly backlogLimit: number,
    /** Open GSO super-segments and GRO batches; all end when the core goes idle. */
    private readonly segments: SegmentBatches,
    /** Open application reads (TCP data queued for a reader); all end when the core goes idle. */
    private readonly reads: SegmentBatches,
    /** Packets one NAPI poll takes at most (Linux's NAPI weight): a busy core starts a new poll after that many. */
    private readonly pollBudgetPackets: number,
  ) {}

  /** Queues a packet for the core. */
  submit(packet: Packet, nowNs: number): void {
    if (!this.busy) return this.start(packet, nowNs, false);
    if (this.backlog.length >= this.backlogLimit) {
      this.backlogDrops++;
      this.ctx.drop(packet, nowNs, 'cpu-backlog');
      return;
    }
    this.backlog.push(packet);
  }

  /** Work time up to `endNs`, ns: only the last packet's work can reach past the end of a run. */
  busyNsUntil(endNs: number): number {
    return this.busyNs - Math.max(0, this.busyUntilNs - endNs);
  }

  onEvent(_kind: number, nowNs: number): void {
    const packet = this.current as Packet;
    const next = this.backlog.shift();
    if (next === undefined) {
      this.busy = false;
      this.current = undefined;
      this.segments.closeAll();
      this.reads.closeAll();
      this.pollPackets = 0;
    } else this.start(next, nowNs, true);
    this.client.afterCpu(packet, nowNs);
  }

  private start(packet: Packet, nowNs: number, backToBack: boolean): void {
    this.busy = true;
    this.current = packet;
    // A poll begins with the first packet of a busy period and after every budget's worth.
    const opensPoll = this.pollPackets % this.pollBudgetPackets === 0;
    this.pollPackets++;
    const exactNs = this.client.cpuCostNs(packet, this.segments, this.reads, opensPoll) + (backToBack ? this.carryNs : 0);
    const costNs = Math.round(exactNs);
    this.carryNs = exactNs - costNs;
    this.packets++;
    this.busyNs += costNs;
    this.busyUntilNs = nowNs + costNs;
    this.ctx.scheduler.post(costNs, this, DONE);
  }
}
