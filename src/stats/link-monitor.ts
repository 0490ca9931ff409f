import { LINK_DROP_REASONS, type LinkDropReason } from '../model/context.ts';
import type { LinkTx } from '../model/underlay/link-tx.ts';

/** One row of links.csv. */
export interface LinkResult {
  link: string;
  rateBps: number;
  txPackets: number;
  txBytes: number;
  /** Share of the run the transmitter was serialising. */
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
 * counters, and drops by reason from its trace point.
 */
export class LinkMonitor {
  private readonly drops: Map<LinkDropReason, number>[];

  constructor(
    private readonly links: readonly LinkTx[],
    private readonly durationNs: number,
  ) {
    this.drops = links.map((link) => {
      const drops = new Map<LinkDropReason, number>(LINK_DROP_REASONS.map((r) => [r, 0]));
      link.dropped.connect((_p, _now, reason) => drops.set(reason, (drops.get(reason) as number) + 1));
      return drops;
    });
  }

  results(): LinkResult[] {
    return this.links.map((link, i) => ({
      link: link.name,
      rateBps: link.params.rateBps,
      txPackets: link.txPackets,
      txBytes: link.txBytes,
      utilisation: link.busyNsUntil(this.durationNs) / this.durationNs,
      peakQueuePackets: link.peakQueuePackets,
      peakQueueBytes: link.peakQueueBytes,
      queueWaitMeanNs: link.txPackets === 0 ? 0 : link.queueWaitSumNs / link.txPackets,
      noWaitShare: link.txPackets === 0 ? 0 : link.noWaitPackets / link.txPackets,
      drops: Object.fromEntries(this.drops[i] as Map<LinkDropReason, number>) as Record<LinkDropReason, number>,
    }));
  }
}
