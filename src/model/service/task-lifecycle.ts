import type { EventTarget } from '../../core/event-queue.ts';
import type { GossipCluster } from '../gossip/cluster.ts';
import type { TableEntry } from '../gossip/messages.ts';
import type { ServiceViews } from './service-views.ts';

/**
 * Swarm's pause between taking a stopping task out of its service (the endpoint entries are
 * deleted) and stopping its container: defaultGossipConvergeDelay, 2 s
 * (daemon/cluster/executor/container/controller.go, moby PR #31142;
 * reference/gossip-controlplane.md §3.2), so that hosts learn the delete while the task still
 * answers.
 */
export const GOSSIP_CONVERGE_DELAY_NS = 2_000_000_000;

/** A task start or stop at a time, with the NetworkDB network its endpoint lives on. */
export interface ScheduledTaskChange {
  atNs: number;
  /** The task's slot in the service views. */
  slot: number;
  op: 'start' | 'stop';
  /** Index of the network in the gossip spec. */
  network: number;
}

/**
 * Tasks that start and stop during the run (`scale` events, rolling updates), as NetworkDB
 * table events: a start creates the task's endpoint entries on its host (moby's
 * CreateEntry on the sandbox join); a stop deletes them (DeleteEntry) and stops the container
 * {@link GOSSIP_CONVERGE_DELAY_NS} later. Each other host adds or removes the task in its IPVS
 * table and DNS when it learns the event by table gossip or bulk sync, in the same run's gossip
 * model. Until then a host does not send to a new task, and still sends to a stopping one, which
 * answers until its container stops and then its host answers the SYN with a reset.
 */
export class TaskLifecycle implements EventTarget {
  /** The endpoint_table entry of each task that has one. */
  private readonly entryOf: Map<number, TableEntry>;
  /** Tracked table event id → the task slot it is about and whether it creates it. */
  private readonly byEvent = new Map<number, { slot: number; create: boolean }>();

  constructor(
    private readonly cluster: GossipCluster,
    private readonly views: ServiceViews,
    private readonly changes: readonly ScheduledTaskChange[],
    /** Endpoint entries of the tasks present at the start, by slot. */
    initialEntries: Map<number, TableEntry>,
  ) {
    this.entryOf = initialEntries;
    cluster.tableLearned.connect((id, node) => {
      const m = this.byEvent.get(id);
      if (m === undefined) return;
      if (m.create) views.learn(node, m.slot);
      else views.drop(node, m.slot);
    });
    changes.forEach((c, i) => cluster.ctx.scheduler.scheduleAt(c.atNs, this, i));
  }

  onEvent(kind: number, nowNs: number): void {
    const n = this.changes.length;
    const c = this.changes[kind % n] as ScheduledTaskChange;
    const host = this.views.hostOf(c.slot);
    if (kind >= n) {
      this.views.stop(c.slot);
      return;
    }
    if (c.op === 'start') {
      if (!this.cluster.isUp(host)) return;
      this.views.start(c.slot);
      this.cluster.ndb.createEndpoint(c.network, host, nowNs, this.tracker(c, nowNs));
      return;
    }
    this.cluster.ctx.scheduler.scheduleAt(nowNs + GOSSIP_CONVERGE_DELAY_NS, this, n + kind);
    this.views.drop(host, c.slot);
    const entry = this.entryOf.get(c.slot);
    if (entry === undefined || !this.cluster.isUp(host) || entry.deleteLtime !== Infinity) return;
    this.cluster.ndb.deleteEndpoint(c.network, entry, nowNs, this.tracker(c, nowNs));
  }

  /** Tracks each table event of a change in gossip.csv and remembers the endpoint_table one. */
  private tracker(c: ScheduledTaskChange, nowNs: number): (entry: TableEntry, op: string) => number {
    const track = this.cluster.endpointEventIds(c.network, nowNs);
    return (entry, op) => {
      const id = track(entry, op);
      if (entry.table === 'endpoint_table') {
        const create = op === 'create';
        this.byEvent.set(id, { slot: c.slot, create });
        if (create) this.entryOf.set(c.slot, entry);
      }
      return id;
    };
  }
}
