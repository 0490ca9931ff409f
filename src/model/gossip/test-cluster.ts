import { RandomStreams } from '../../core/rng.ts';
import { Scheduler } from '../../core/scheduler.ts';
import { SimContext } from '../context.ts';
import { GossipCluster } from './cluster.ts';
import { LAN, type MemberlistConfig, NETWORKDB_DEFAULTS } from './profiles.ts';
import type { GossipEventSpec } from './spec.ts';

/** A cluster of `n` hosts for tests: LAN defaults unless overridden, no NetworkDB, 100 µs abstract transport. */
export function testCluster(n: number, seed: number, over: Partial<MemberlistConfig> = {}, opts: { loss?: number; stagger?: boolean; events?: GossipEventSpec[] } = {}) {
  const ctx = new SimContext(new Scheduler(), new RandomStreams(seed));
  const names = Array.from({ length: n }, (_, i) => `h${i + 1}`);
  const cluster = new GossipCluster(ctx, names, {
    memberlist: { ...LAN, ...over },
    networkdb: { ...NETWORKDB_DEFAULTS, enabled: false },
    transport: { kind: 'abstract', delayNs: 100_000, jitterNs: 0, tcpRateBps: 1e9 },
    lossProbability: opts.loss ?? 0,
    absent: [],
    networks: [],
    events: opts.events ?? [],
    stagger: opts.stagger ?? true,
  });
  return { ctx, cluster };
}
