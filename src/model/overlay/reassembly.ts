import type { SimContext } from '../context.ts';
import type { Packet } from '../packet.ts';

/** Linux keeps incomplete fragment queues for `ipfrag_time` = 30 s before giving up. */
export const REASSEMBLY_TIMEOUT_NS = 30e9;

interface Pending {
  received: number;
  flowId: number;
  firstNs: number;
}

/**
 * Reassembles fragments by key. The last fragment to arrive stands for the whole packet; the
 * others are released to the pool. Incomplete packets time out after {@link REASSEMBLY_TIMEOUT_NS}
 * (checked lazily, in arrival order, and once more at the end of the run).
 */
export class Reassembly {
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly ctx: SimContext) {}

  /** Adds a fragment of `count` for `key`; returns the packet once all have arrived. */
  add(packet: Packet, key: number, count: number, nowNs: number): Packet | undefined {
    let entry = this.pending.get(key);
    if (entry === undefined) {
      this.expire(nowNs);
      entry = { received: 0, flowId: packet.flowId, firstNs: nowNs };
      this.pending.set(key, entry);
    }
    if (++entry.received < count) {
      this.ctx.pool.release(packet);
      return undefined;
    }
    this.pending.delete(key);
    return packet;
  }

  /** Gives up on packets whose first fragment came more than the timeout before `nowNs`. */
  expire(nowNs: number): void {
    for (const [key, entry] of this.pending) {
      if (nowNs - entry.firstNs <= REASSEMBLY_TIMEOUT_NS) break;
      this.pending.delete(key);
      this.ctx.reassemblyTimedOut.emit(entry.flowId, nowNs, undefined);
    }
  }
}
