import type { GossipCluster } from './cluster.ts';

/** A scenario event of the control plane, due at `atNs`. */
export interface ScheduledAction {
  atNs: number;
  run: (nowNs: number) => void;
}

/**
 * The scenario's timed control-plane events as actions on the cluster (crash, leave, join,
 * recover, partition and its heal, loss, firewall, network attachments, endpoint changes), in
 * time order; equal times keep scenario order.
 */
export function planEvents(c: GossipCluster): ScheduledAction[] {
  const actions: ScheduledAction[] = [];
  const endpoints = new Endpoints(c);
  const add = (atNs: number, run: (nowNs: number) => void) => actions.push({ atNs, run });
  let group = 0;
  for (const e of c.spec.events) {
    switch (e.kind) {
      case 'crash':
        add(e.atNs, (now) => {
          for (const h of e.hosts) {
            if (!c.isUp(h)) continue;
            c.track('crash', h, c.names[h]!, '', now);
            c.agentStopped(h, now);
          }
        });
        break;
      case 'leave':
        add(e.atNs, (now) => {
          for (const h of e.hosts) {
            if (!c.isUp(h) || c.agents[h]!.leaving) continue;
            c.track('leave', h, c.names[h]!, '', now);
            c.agents[h]!.leave();
          }
        });
        break;
      case 'join':
      case 'recover':
        add(e.atNs, (now) => {
          for (const h of e.hosts) {
            if (c.isUp(h)) continue;
            c.track(e.kind, h, c.names[h]!, '', now);
            if (e.kind === 'recover') c.ndb.forget(h);
            c.networkEvents.restart(h);
            c.agents[h]!.start(now, true);
          }
        });
        break;
      case 'partition': {
        const g = ++group;
        add(e.atNs, () => {
          for (const h of e.hosts) c.reach.group[h] = g;
        });
        add(e.healNs, (now) => {
          const side = new Uint8Array(c.n);
          for (const h of e.hosts) {
            if (c.reach.group[h] === g) c.reach.group[h] = 0;
            side[h] = 1;
          }
          c.trackFor('partition-heal', -1, `partition ${g} (${e.hosts.length} hosts)`, '', now, c.liveHosts(-1), side);
        });
        break;
      }
      case 'loss':
        add(e.atNs, () => {
          c.reach.lossProbability = e.probability;
        });
        break;
      case 'firewall':
        add(e.atNs, () => {
          for (const h of e.hosts) {
            if (e.udp) c.reach.udpBlocked[h] = 1;
            if (e.tcp) c.reach.tcpBlocked[h] = 1;
          }
        });
        if (Number.isFinite(e.untilNs)) {
          add(e.untilNs, () => {
            for (const h of e.hosts) {
              if (e.udp) c.reach.udpBlocked[h] = 0;
              if (e.tcp) c.reach.tcpBlocked[h] = 0;
            }
          });
        }
        break;
      case 'network':
        add(e.atNs, (now) => c.networkEvents.apply(e.network, e.hosts, e.action, now));
        break;
      case 'endpoints':
        for (let i = 0; i < e.count; i++) {
          const at = e.atNs + i * e.intervalNs;
          if (e.action === 'create' || e.action === 'churn') add(at, (now) => endpoints.create(e.network, now));
          if (e.action === 'delete' || e.action === 'churn') add(at, (now) => endpoints.delete(e.network, now));
        }
        break;
    }
  }
  // Stable order by time: equal times keep scenario order.
  return actions.map((a, i) => [a, i] as const).sort((x, y) => x[0].atNs - y[0].atNs || x[1] - y[1]).map((x) => x[0]);
}

/** Endpoint creates and deletes of the scenario's endpoint events. */
class Endpoints {
  /** Per network: the round-robin position among its members for the next create. */
  private readonly cursor: number[];
  constructor(private readonly c: GossipCluster) {
    this.cursor = c.spec.networks.map(() => 0);
  }

  /** An endpoint (task) starts on the next live host attached to the network, round-robin. */
  create(net: number, nowNs: number): void {
    const network = this.c.ndb.networks[net]!;
    const members = network.members;
    for (let tries = 0; tries < members.length; tries++) {
      const owner = members[this.cursor[net]!++ % members.length]!;
      if (!this.c.isUp(owner) || this.c.inCluster[owner] === 0 || network.isMember[owner] === 0) continue;
      this.c.ndb.createEndpoint(net, owner, nowNs, this.c.endpointEventIds(net, nowNs));
      return;
    }
  }

  /** A random endpoint of the network whose owner is up is removed. */
  delete(net: number, nowNs: number): void {
    const live = this.c.ndb.liveEndpoints[net]!;
    for (let tries = 0; tries < 3 * live.length; tries++) {
      const i = this.c.rng.int(live.length);
      const entry = live[i]!;
      if (!this.c.isUp(entry.owner) || this.c.inCluster[entry.owner] === 0) continue;
      this.c.ndb.deleteEndpoint(net, entry, nowNs, this.c.endpointEventIds(net, nowNs));
      return;
    }
  }
}
