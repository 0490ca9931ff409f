import type { EventTarget, SimEvent } from '../../core/event-queue.ts';
import type { GossipAgent } from './agent.ts';

/**
 * The agent's event kinds, its timing constants and its suspicion timer. Kinds take the low 4 bits
 * of an event's kind; the agent's epoch sits above them, so timers of a crashed life are ignored.
 */
export const GOSSIP = 0;
export const PROBE_TICK = 1;
export const PROBE_TIMEOUT = 2;
export const PROBE_DEADLINE = 3;
export const PUSH_PULL = 4;
export const NDB_GOSSIP = 5;
export const BULK_SYNC = 6;
export const LEAVE_DONE = 7;
export const REJOIN = 8;
export const RECONNECT = 9;
export const PUSH_PULL_ARM = 10;

/** serf's LeavePropagateDelay: a leaving node keeps gossiping 1 s (ref §4 serf defaults). */
export const LEAVE_PROPAGATE_NS = 1_000_000_000;
/** NetworkDB rejoinClusterInterval: a node that failed to join retries every 60 s (ref §3.2). */
export const REJOIN_INTERVAL_NS = 60_000_000_000;

/** A suspicion timer (suspicion.go): starts at max, falls with independent confirmations. */
export class Suspicion implements EventTarget {
  confirmations = 0;
  readonly from: number[];
  handle: SimEvent | undefined;
  constructor(
    readonly agent: GossipAgent,
    readonly node: number,
    readonly incarnation: number,
    from: number,
    readonly k: number,
    readonly minNs: number,
    readonly maxNs: number,
    readonly startNs: number,
  ) {
    this.from = [from];
  }
  onEvent(_kind: number, nowNs: number): void {
    this.agent.suspicionExpired(this, nowNs);
  }
}
