import type { GossipCluster, TrackedEvent } from '../model/gossip/cluster.ts';
import { isMembershipKind, knowsMembership } from '../model/gossip/cluster.ts';
import { State } from '../model/gossip/messages.ts';
import { TRAFFIC_NAMES } from '../model/gossip/transport.ts';

/** Shares of nodes reported as "time to reach". */
export const CONVERGENCE_SHARES = [0.5, 0.9, 0.99, 1] as const;
/** Times after an event at which the share informed is reported (the convergence curve), ns. */
export const CURVE_POINTS_NS = [200e6, 500e6, 1e9, 2e9, 5e9, 10e9, 30e9, 60e9] as const;

class EventRecord {
  readonly learnedNs: Float64Array;
  firstDetectionNs = -1;
  constructor(readonly ev: TrackedEvent) {
    this.learnedNs = new Float64Array(ev.shouldKnow.length).fill(-1);
  }
}

/**
 * A partition heal being watched: per observer, how many live hosts of the other side it does not
 * hold alive. It knows of the heal when that count first reaches 0.
 */
class HealWatch {
  /** Per observer: cross hosts not alive in its view. */
  readonly missing: Int32Array;
  /** Bit `obs × n + subj` set while obs does not hold cross host subj alive. */
  private readonly notAlive: Uint8Array;
  /** 1 for the hosts on either side whose view counts (live at the heal, still up). */
  readonly subjects: Uint8Array;
  constructor(
    readonly record: EventRecord,
    private readonly c: GossipCluster,
  ) {
    const n = c.n;
    const ev = record.ev;
    const side = ev.side!;
    this.subjects = ev.shouldKnow.slice();
    this.missing = new Int32Array(n);
    this.notAlive = new Uint8Array(Math.ceil((n * n) / 8));
    for (let obs = 0; obs < n; obs++) {
      if (this.subjects[obs] !== 1) continue;
      for (let subj = 0; subj < n; subj++) {
        if (this.subjects[subj] !== 1 || side[subj] === side[obs] || (c.view[obs * n + subj]! & 7) === State.Alive) continue;
        this.setBit(obs * n + subj, 1);
        this.missing[obs]!++;
      }
    }
  }

  private setBit(i: number, v: number): void {
    const b = i >> 3;
    const m = 1 << (i & 7);
    this.notAlive[b] = v ? this.notAlive[b]! | m : this.notAlive[b]! & ~m;
  }

  private bit(i: number): number {
    return (this.notAlive[i >> 3]! >> (i & 7)) & 1;
  }

  /** `obs` now holds `subj` in `state`; returns true when obs has just come to hold every cross host alive. */
  update(obs: number, subj: number, state: number): boolean {
    const side = this.record.ev.side!;
    if (this.subjects[obs] !== 1 || this.subjects[subj] !== 1 || side[obs] === side[subj]) return false;
    const i = obs * this.c.n + subj;
    const was = this.bit(i);
    const now = state === State.Alive ? 0 : 1;
    if (was === now) return false;
    this.setBit(i, now);
    this.missing[obs] = this.missing[obs]! + now - was;
    return this.missing[obs] === 0;
  }

  /** `node` stopped: it no longer counts as an observer, nor as a host the others must hold alive. Returns the observers this completes. */
  drop(node: number): number[] {
    if (this.subjects[node] !== 1) return [];
    this.subjects[node] = 0;
    const n = this.c.n;
    const done: number[] = [];
    for (let obs = 0; obs < n; obs++) {
      if (this.subjects[obs] !== 1 || this.bit(obs * n + node) === 0) continue;
      this.setBit(obs * n + node, 0);
      if (--this.missing[obs]! === 0) done.push(obs);
    }
    return done;
  }
}

/** One row of gossip.csv. */
export interface GossipEventResult {
  event: number;
  kind: TrackedEvent['kind'];
  label: string;
  network: string;
  startNs: number;
  /** Hosts that should know (live at the event and still live, or informed before they stopped). */
  shouldKnow: number;
  informed: number;
  /** Time from the event until each share of CONVERGENCE_SHARES knew, ns; undefined = never in the run. */
  reachNs: (number | undefined)[];
  /** Crash: first suspicion or death raised by any member, ns after the crash. */
  firstDetectionNs: number | undefined;
  /** Share informed at each of CURVE_POINTS_NS after the event (undefined past the end of the run). */
  curve: (number | undefined)[];
}

/** Whole-run gossip figures. */
export interface GossipTotals {
  nodes: number;
  /** Per traffic category (TRAFFIC_NAMES) then total: packets and wire bytes per node per second. */
  packetsPerNodePerS: Record<string, number>;
  bytesPerNodePerS: Record<string, number>;
  falseSuspicions: number;
  falseDeaths: number;
  refutations: number;
  queueDepthMax: number;
  queueDepthMean: number;
  tableQueueDepthMax: number;
  tableQueueDepthMean: number;
  udpDropped: number;
  tcpOnlyProbes: number;
  pushPullFailures: number;
  bulkSyncFailures: number;
  joinFailures: number;
  /** NetworkDB reconnect attempts (re-joins of a failed node), and those that could not connect. */
  reconnects: number;
  reconnectFailures: number;
}

export interface GossipResult {
  events: GossipEventResult[];
  totals: GossipTotals;
}

/** Follows the gossip traces: who learned each tracked event when, traffic, queues, false positives. */
export class GossipMonitor {
  private readonly records: EventRecord[] = [];
  private readonly activeBySubject = new Map<number, EventRecord>();
  private readonly heals: HealWatch[] = [];
  private readonly packets = new Float64Array(16);
  private readonly bytes = new Float64Array(16);
  private falseSuspicions = 0;
  private falseDeaths = 0;
  private depthMax = 0;
  private depthSum = 0;
  private depthCount = 0;
  private tDepthMax = 0;
  private tDepthSum = 0;
  private tDepthCount = 0;

  constructor(private readonly cluster: GossipCluster) {
    const now = () => cluster.ctx.scheduler.nowNs;
    cluster.eventStarted.connect((ev) => this.onEvent(ev));
    cluster.memberView.connect((obs, subj, state) => this.onView(obs, subj, state, now()));
    cluster.tableLearned.connect((id, node, t) => this.learn(this.records[id], node, t));
    cluster.learnVoided.connect((id, node) => {
      const r = this.records[id];
      if (r !== undefined && r.learnedNs[node]! < 0) r.ev.shouldKnow[node] = 0;
    });
    cluster.nodeDown.connect((node, t) => {
      for (const r of this.records) if (r.ev.shouldKnow[node] === 1 && r.learnedNs[node]! < 0) r.ev.shouldKnow[node] = 0;
      for (const h of this.heals) for (const obs of h.drop(node)) this.learn(h.record, obs, t);
    });
    // A host that leaves a network need no longer learn that network's table events, nor hold its entries.
    cluster.networkDetached.connect((node, network) => {
      const name = cluster.ndb.networks[network]!.name;
      for (const r of this.records) {
        const scoped = r.ev.kind.startsWith('endpoint') || r.ev.kind === 'network-sync';
        if (scoped && r.ev.network === name && r.ev.shouldKnow[node] === 1 && r.learnedNs[node]! < 0) r.ev.shouldKnow[node] = 0;
      }
    });
    cluster.sent.connect((_node, b, cat) => {
      this.packets[cat] = this.packets[cat]! + (cat >= 8 ? Math.max(1, Math.ceil(b / 1500)) : 1);
      this.bytes[cat] = this.bytes[cat]! + b;
    });
    cluster.queueSampled.connect((_n, d) => {
      if (d > this.depthMax) this.depthMax = d;
      this.depthSum += d;
      this.depthCount++;
    });
    cluster.tableQueueSampled.connect((_n, d) => {
      if (d > this.tDepthMax) this.tDepthMax = d;
      this.tDepthSum += d;
      this.tDepthCount++;
    });
  }

  private onEvent(ev: TrackedEvent): void {
    const r = new EventRecord(ev);
    this.records[ev.id] = r;
    if (ev.kind === 'partition-heal') {
      const h = new HealWatch(r, this.cluster);
      this.heals.push(h);
      for (let obs = 0; obs < this.cluster.n; obs++) if (h.subjects[obs] === 1 && h.missing[obs] === 0) this.learn(r, obs, ev.startNs);
      return;
    }
    if (!isMembershipKind(ev.kind)) return;
    this.activeBySubject.set(ev.subject, r);
    // Hosts that already hold the news (e.g. never noticed a short crash) know it at once.
    const c = this.cluster;
    for (let obs = 0; obs < c.n; obs++) {
      if (ev.shouldKnow[obs] === 1 && knowsMembership(ev.kind, c.view[obs * c.n + ev.subject]! & 7)) r.learnedNs[obs] = ev.startNs;
    }
  }

  private onView(obs: number, subj: number, state: number, nowNs: number): void {
    const c = this.cluster;
    const truthUp = c.isUp(subj) && !c.agents[subj]!.leaving;
    if (state === State.Suspect && truthUp && obs !== subj) this.falseSuspicions++;
    if (state === State.Dead && truthUp && obs !== subj) this.falseDeaths++;
    for (const h of this.heals) if (h.update(obs, subj, state)) this.learn(h.record, obs, nowNs);
    const r = this.activeBySubject.get(subj);
    if (r === undefined) return;
    if (r.ev.kind === 'crash' && r.firstDetectionNs < 0 && (state === State.Suspect || state === State.Dead)) r.firstDetectionNs = nowNs;
    if (knowsMembership(r.ev.kind, state)) this.learn(r, obs, nowNs);
  }

  private learn(r: EventRecord | undefined, node: number, nowNs: number): void {
    if (r === undefined || r.ev.shouldKnow[node] !== 1 || r.learnedNs[node]! >= 0) return;
    r.learnedNs[node] = nowNs;
  }

  results(durationNs: number): GossipResult {
    const events = this.records.map((r) => eventResult(r, durationNs));
    const c = this.cluster;
    const perNodeS = c.n * (durationNs / 1e9);
    const packetsPerNodePerS: Record<string, number> = {};
    const bytesPerNodePerS: Record<string, number> = {};
    let totalP = 0;
    let totalB = 0;
    TRAFFIC_NAMES.forEach((name, i) => {
      const p = this.packets[i]! + this.packets[i + 8]!;
      const b = this.bytes[i]! + this.bytes[i + 8]!;
      totalP += p;
      totalB += b;
      packetsPerNodePerS[name] = round3(p / perNodeS);
      bytesPerNodePerS[name] = round3(b / perNodeS);
    });
    packetsPerNodePerS.total = round3(totalP / perNodeS);
    bytesPerNodePerS.total = round3(totalB / perNodeS);
    const transport = c.transport as { dropped?: number };
    return {
      events,
      totals: {
        nodes: c.n,
        packetsPerNodePerS,
        bytesPerNodePerS,
        falseSuspicions: this.falseSuspicions,
        falseDeaths: this.falseDeaths,
        refutations: c.refutations,
        queueDepthMax: this.depthMax,
        queueDepthMean: round3(this.depthCount === 0 ? 0 : this.depthSum / this.depthCount),
        tableQueueDepthMax: this.tDepthMax,
        tableQueueDepthMean: round3(this.tDepthCount === 0 ? 0 : this.tDepthSum / this.tDepthCount),
        udpDropped: transport.dropped ?? 0,
        tcpOnlyProbes: c.tcpOnlyProbes,
        pushPullFailures: c.pushPullFailures,
        bulkSyncFailures: c.ndb.bulkSyncFailures,
        joinFailures: c.joinFailures,
        reconnects: c.reconnects,
        reconnectFailures: c.reconnectFailures,
      },
    };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function eventResult(r: EventRecord, durationNs: number): GossipEventResult {
  const ev = r.ev;
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < ev.shouldKnow.length; i++) {
    if (ev.shouldKnow[i] !== 1) continue;
    size++;
    const t = r.learnedNs[i]!;
    if (t >= 0) times.push(t - ev.startNs);
  }
  times.sort((a, b) => a - b);
  const reachNs = CONVERGENCE_SHARES.map((q) => {
    if (size === 0) return 0;
    const k = Math.ceil(q * size);
    return k <= times.length ? times[k - 1] : undefined;
  });
  const curve = CURVE_POINTS_NS.map((dt) => {
    if (ev.startNs + dt > durationNs) return undefined;
    if (size === 0) return 1;
    let k = 0;
    while (k < times.length && times[k]! <= dt) k++;
    return Math.round((k / size) * 1e6) / 1e6;
  });
  return {
    event: ev.id,
    kind: ev.kind,
    label: ev.label,
    network: ev.network,
    startNs: ev.startNs,
    shouldKnow: size,
    informed: times.length,
    reachNs,
    firstDetectionNs: r.firstDetectionNs >= 0 ? r.firstDetectionNs - ev.startNs : undefined,
    curve,
  };
}
