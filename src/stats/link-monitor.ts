import { LINK_DROP_REASONS, type LinkDropReason } from '../model/context.ts';
import type { LinkTx } from '../model/underlay/link-tx.ts';

/** Counters of one link direction. */
class LinkRecord {
  txPackets = 0;
  txBytes = 0;
  /** Serialisation time inside the run, ns. */
  busyNs = 0;
  peakQueuePackets = 0;
  peakQueueBytes = 0;
  queueWaitSumNs = 0;
  /** Packets that found the transmitter idle and started at once. */
  noWaitPackets = 0;
  readonly drops = new Map<LinkDropReason, number>(LINK_DROP_REASONS.map((r) => [r, 0]));
}

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

/** Watches every link direction: utilisation, queue peaks, queueing delay and drops by reason. */
export class LinkMonitor {
  private readonly records: LinkRecord[];

  constructor(
    private readonly links: readonly LinkTx[],
    private readonly durationNs: number,
  ) {
    this.records = links.map((link) => {
      const r = new LinkRecord();
      link.enqueued.connect((_p, _now, queued) => {
        if (queued > r.peakQueuePackets) r.peakQueuePackets = queued;
        if (link.queuedBytes > r.peakQueueBytes) r.peakQueueBytes = link.queuedBytes;
      });
      link.txStarted.connect((p, nowNs, txNs) => {
        r.txPackets++;
        r.txBytes += p.sizeBytes;
        r.busyNs += Math.max(0, Math.min(txNs, this.durationNs - nowNs));
        const waitNs = nowNs - p.enqueuedNs;
        r.queueWaitSumNs += waitNs;
        if (waitNs === 0) r.noWaitPackets++;
      });
      link.dropped.connect((_p, _now, reason) => r.drops.set(reason, (r.drops.get(reason) as number) + 1));
      return r;
    });
  }

  results(): LinkResult[] {
    return this.links.map((link, i) => {
      const r = this.records[i] as LinkRecord;
      return {
        link: link.name,
        rateBps: link.params.rateBps,
        txPackets: r.txPackets,
        txBytes: r.txBytes,
        utilisation: r.busyNs / this.durationNs,
        peakQueuePackets: r.peakQueuePackets,
        peakQueueBytes: r.peakQueueBytes,
        queueWaitMeanNs: r.txPackets === 0 ? 0 : r.queueWaitSumNs / r.txPackets,
        noWaitShare: r.txPackets === 0 ? 0 : r.noWaitPackets / r.txPackets,
        drops: Object.fromEntries(r.drops) as Record<LinkDropReason, number>,
      };
    });
  }
}
