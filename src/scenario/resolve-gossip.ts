import { RandomStream } from '../core/rng.ts';
import { ENCRYPTION_OVERHEAD_BYTES, NETWORKDB_DEFAULTS, PROFILES } from '../model/gossip/profiles.ts';
import type { GossipEventSpec, GossipSpec } from '../model/gossip/spec.ts';
import { didYouMean } from './errors.ts';
import { checkNetworkEvents, type NetworkEventDraft } from './resolve-gossip-networks.ts';
import type { PathIssue } from './resolve.ts';
import type { Task } from './resolve-services.ts';
import type { ScenarioConfig } from './schema.ts';
import type { GossipConfig } from './schema-gossip.ts';

/** Drops undefined fields, so they do not override profile defaults. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Resolves the `gossip:` section: profile plus overrides, NetworkDB networks from the tasks'
 * placement (a host is in a network when it runs one of its tasks), and timed events with host
 * names turned into indices. Hosts given as a count are drawn from the `gossip/select` stream.
 */
export function resolveGossip(config: ScenarioConfig, g: GossipConfig, hosts: readonly string[], tasks: readonly Task[], issues: PathIssue[]): GossipSpec {
  const m = g.memberlist;
  const memberlist = {
    ...PROFILES[g.profile],
    ...defined({
      probeIntervalNs: m.probeInterval,
      probeTimeoutNs: m.probeTimeout,
      indirectChecks: m.indirectChecks,
      gossipIntervalNs: m.gossipInterval,
      gossipNodes: m.gossipNodes,
      gossipToTheDeadTimeNs: m.gossipToTheDeadTime,
      pushPullIntervalNs: m.pushPullInterval,
      retransmitMult: m.retransmitMult,
      suspicionMult: m.suspicionMult,
      suspicionMaxTimeoutMult: m.suspicionMaxTimeoutMult,
      awarenessMaxMultiplier: m.awarenessMaxMultiplier,
      tcpTimeoutNs: m.tcpTimeout,
      udpBufferSize: m.udpBufferSize,
      disableTcpPings: m.disableTcpPings,
      probeOrder: m.probeOrder,
    }),
    // Docker swarm gives memberlist its gossip keys, protocol 2 → encryption version 1 (ref §1, §3.1).
    encryptionOverheadBytes: ENCRYPTION_OVERHEAD_BYTES[m.encryption ?? 'v1'],
  };
  if (memberlist.probeTimeoutNs > memberlist.probeIntervalNs) {
    issues.push({ path: ['gossip', 'memberlist', 'probeTimeout'], message: `expected a probe timeout no longer than the probe interval (${memberlist.probeIntervalNs / 1e6} ms)` });
  }
  const d = g.networkdb;
  const networkdb = {
    ...NETWORKDB_DEFAULTS,
    ...defined({
      enabled: d.enabled,
      gossipIntervalNs: d.gossipInterval,
      fanout: d.fanout,
      retransmitMult: d.retransmitMult,
      packetBufferSize: d.packetBufferSize,
      bulkSyncIntervalNs: d.bulkSyncInterval,
      reapEntryIntervalNs: d.reapEntryInterval,
      endpointEntryBytes: d.endpointEntryBytes,
      peerEntryBytes: d.peerEntryBytes,
      reconnectIntervalNs: d.reconnectInterval,
    }),
  };

  const networkNames = Object.keys(config.networks);
  const members = networkNames.map(() => new Set<number>());
  const initial: number[][] = networkNames.map(() => []);
  for (const t of tasks) {
    for (const n of config.services[t.service]?.networks ?? []) {
      const i = networkNames.indexOf(n);
      if (i < 0) continue;
      members[i]!.add(t.host);
      initial[i]!.push(t.host);
    }
  }
  const networks = networkNames.map((name, i) => ({ name, members: [...members[i]!].sort((a, b) => a - b), initialEndpoints: initial[i]! }));

  const index = new Map(hosts.map((h, i) => [h, i]));
  const select = new RandomStream(config.seed, 0, 'gossip/select');
  const pick = (sel: string[] | number, path: PropertyKey[]): number[] => {
    if (typeof sel === 'number') {
      if (sel > hosts.length) issues.push({ path, message: `expected at most ${hosts.length} hosts (the underlay has ${hosts.length}), got ${sel}` });
      const all = hosts.map((_, i) => i);
      for (let i = all.length - 1; i > 0; i--) {
        const j = select.int(i + 1);
        [all[i], all[j]] = [all[j]!, all[i]!];
      }
      return all.slice(0, sel).sort((a, b) => a - b);
    }
    const out: number[] = [];
    sel.forEach((h, j) => {
      const i = index.get(h);
      if (i === undefined) issues.push({ path: [...path, j], message: `unknown host "${h}"${didYouMean(h, hosts)}` });
      else out.push(i);
    });
    return out;
  };

  const events: GossipEventSpec[] = [];
  const absent = new Set<number>();
  const joined = new Set<number>();
  const networkDrafts: NetworkEventDraft[] = [];
  const joinedNetworks = new Set(g.events.flatMap((e) => (e.kind === 'network' && e.action === 'join' ? [e.network] : [])));
  const unknownNetwork = (name: string, path: PropertyKey[]): PathIssue => ({
    path: [...path, 'network'],
    message: `unknown network "${name}"${didYouMean(name, networkNames)}; networks: ${networkNames.join(', ') || 'none declared'}`,
  });
  g.events.forEach((e, i) => {
    const path = ['gossip', 'events', i];
    if (e.at >= config.duration) issues.push({ path: [...path, 'at'], message: `expected a time before the end of the run (${config.duration / 1e9} s), got ${e.at / 1e9} s` });
    switch (e.kind) {
      case 'crash':
      case 'recover':
      case 'leave':
        events.push({ atNs: e.at, kind: e.kind, hosts: pick(e.hosts, [...path, 'hosts']) });
        break;
      case 'join': {
        const hs = pick(e.hosts, [...path, 'hosts']);
        for (const h of hs) if (!joined.has(h)) absent.add(h);
        for (const h of hs) joined.add(h);
        events.push({ atNs: e.at, kind: 'join', hosts: hs });
        break;
      }
      case 'partition':
        if (e.heal <= e.at) issues.push({ path: [...path, 'heal'], message: `expected heal to be later than at (${e.at / 1e9} s), got ${e.heal / 1e9} s` });
        events.push({ atNs: e.at, kind: 'partition', hosts: pick(e.hosts, [...path, 'hosts']), healNs: e.heal });
        break;
      case 'loss':
        events.push({ atNs: e.at, kind: 'loss', probability: e.loss });
        break;
      case 'firewall':
        if (e.until !== undefined && e.until <= e.at) issues.push({ path: [...path, 'until'], message: `expected until to be later than at (${e.at / 1e9} s), got ${e.until / 1e9} s` });
        events.push({ atNs: e.at, kind: 'firewall', hosts: pick(e.hosts, [...path, 'hosts']), udp: e.block.includes('udp'), tcp: e.block.includes('tcp'), untilNs: e.until ?? Infinity });
        break;
      case 'endpoints': {
        const ni = networkNames.indexOf(e.network);
        if (ni < 0) {
          issues.push(unknownNetwork(e.network, path));
          break;
        }
        if (networks[ni]!.members.length === 0 && !joinedNetworks.has(e.network)) {
          issues.push({ path: [...path, 'network'], message: `network "${e.network}" has no tasks and no network event joins a host to it, so no host is ever attached to it; give a service on it replicas` });
          break;
        }
        events.push({ atNs: e.at, kind: 'endpoints', network: ni, action: e.action, count: e.count, intervalNs: Math.max(1, Math.round(1e9 / e.rate)) });
        break;
      }
      case 'network': {
        const ni = networkNames.indexOf(e.network);
        pick(e.hosts, [...path, 'hosts']);
        if (ni < 0) {
          issues.push(unknownNetwork(e.network, path));
          break;
        }
        if (!networkdb.enabled) issues.push({ path: [...path, 'kind'], message: 'network events need NetworkDB, but gossip.networkdb.enabled is false' });
        const spec: Extract<GossipEventSpec, { kind: 'network' }> = { atNs: e.at, kind: 'network', network: ni, hosts: [], action: e.action };
        events.push(spec);
        networkDrafts.push({ index: i, names: e.hosts, spec });
        break;
      }
    }
  });
  checkNetworkEvents(networkDrafts, networks, index, issues);
  const t = g.transport;
  if (t.kind === 'underlay' && config.underlay.topology === 'abstract') {
    issues.push({ path: ['gossip', 'transport', 'kind'], message: 'gossip over the underlay needs links: use an explicit, star or leaf-spine underlay, or transport kind abstract' });
  }
  return {
    memberlist,
    networkdb,
    transport: t.kind === 'abstract' ? { kind: 'abstract', delayNs: t.delay, jitterNs: t.jitter, tcpRateBps: t.tcpRate } : { kind: 'underlay', tcpRateBps: t.tcpRate },
    lossProbability: g.loss,
    absent: [...absent].sort((a, b) => a - b),
    networks,
    events,
    stagger: true,
    coldStart: g.start === 'cold',
  };
}
