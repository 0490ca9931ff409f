import { LINK_DROP_REASONS, type LinkDropReason } from '../model/context.ts';
import type { Scheduler } from '../core/scheduler.ts';
import type { LinkTx } from '../model/underlay/link-tx.ts';
import { inWindow, type MeasureWindow, snapshotAt, WHOLE_RUN } from './measure-window.ts';

/** A link's counters at one instant. */
interface LinkCounters {
  txPackets: number;
  txBytes: number;
  busyNs: number;
  queueWaitSumNs: number;
  noWaitPackets: number;
  peakQueuePackets: number;
  peakQueueBytes: number;
}

function countersOf(link: LinkTx, nowNs: number): LinkCounters {
  return {
    txPackets: link.txPackets,
    txBytes: link.txBytes,
    busyNs: link.busyNsUntil(nowNs),
    queueWaitSumNs: link.queueWaitSumNs,
    noWaitPackets: link.noWaitPackets,
    peakQueuePackets: link.peakQueuePackets,
    peakQueueBytes: link.peakQueueBytes,
  };
}

const ZERO: LinkCounters = { txPackets: 0, txBytes: 0, busyNs: 0, queueWaitSumNs: 0, noWaitPackets: 0, peakQueuePackets: 0, peakQueueBytes: 0 };

/** One row of links.csv. */
export interface LinkResult {
  link: string;
  rateBps: number;
  txPackets: number;
  txBytes: number;
  /** Share of the run (or of the measurement window) the transmitter was serialising; the other figures cover the same span. */
  utilisation: number;
  peakQueuePackets: number;
  peakQueueBytes: number;
  /** Mean time from entering the queue to starting serialisation, ns. */
  queueWaitMeanNs: number;
  /** Share of transmitted packets that did not wait. */
  noWaitShare: number;
  drops: Record<LinkDropReason, number>;
}

/**
 * Reports every link direction: utilisation, queue peaks and queueing delay from the link's own
 * counters, and drops by reason from its trace point. With a measurement window the counters
 * are taken at its edges (the peaks restart when it opens) and only drops inside it count.
 */
export class LinkMonitor {
  private readonly drops: Map<LinkDropReason, number>[];
  private readonly atStart: LinkCounters[];
  private atEnd: LinkCounters[] | undefined;
  private readonly fromNs: number;
  private readonly toNs: number;

  constructor(
    private readonly links: readonly LinkTx[],
    private readonly durationNs: number,
    window: MeasureWindow = WHOLE_RUN,
    scheduler?: Scheduler,
  ) {
    this.fromNs = Math.max(0, window.fromNs);
    this.toNs = Math.min(durationNs, window.toNs);
    this.drops = links.map((link) => {
      const drops = new Map<LinkDropReason, number>(LINK_DROP_REASONS.map((r) => [r, 0]));
      link.dropped.connect((_p, now, reason) => {
        if (inWindow(window, now)) drops.set(reason, (drops.get(reason) as number) + 1);
      });
      return drops;
    });
    this.atStart = links.map(() => ZERO);
    if (scheduler && this.fromNs > 0) {
      snapshotAt(scheduler, this.fromNs, durationNs, (now) => {
        links.forEach((link, i) => {
          this.atStart[i] = countersOf(link, now);
          link.restartPeaks();
        });
      });
    }
    if (scheduler) snapshotAt(scheduler, this.toNs, durationNs, (now) => (this.atEnd = links.map((link) => countersOf(link, now))));
  }

  results(): LinkResult[] {
    const spanNs = this.toNs - this.fromNs;
    return this.links.map((link, i) => {
      const a = this.atStart[i] as LinkCounters;
      const b = this.atEnd?.[i] ?? countersOf(link, this.durationNs);
      const txPackets = b.txPackets - a.txPackets;
      return {
        link: link.name,
        rateBps: link.params.rateBps,
        txPackets,
        txBytes: b.txBytes - a.txBytes,
        utilisation: (b.busyNs - a.busyNs) / spanNs,
        peakQueuePackets: b.peakQueuePackets,
        peakQueueBytes: b.peakQueueBytes,
        queueWaitMeanNs: txPackets === 0 ? 0 : (b.queueWaitSumNs - a.queueWaitSumNs) / txPackets,
        noWaitShare: txPackets === 0 ? 0 : (b.noWaitPackets - a.noWaitPackets) / txPackets,
        drops: Object.fromEntries(this.drops[i] as Map<LinkDropReason, number>) as Record<LinkDropReason, number>,
      };
    });
  }
}
