import { RandomStreams } from '../../core/rng.ts';
import { Scheduler } from '../../core/scheduler.ts';
import { buildSimulation } from '../../scenario/build.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { GossipMonitor } from '../../stats/gossip-monitor.ts';
import { SimContext } from '../context.ts';
import { GossipCluster } from './cluster.ts';
import { LAN, type MemberlistConfig, type NetworkDbConfig, NETWORKDB_DEFAULTS } from './profiles.ts';
import type { GossipEventSpec } from './spec.ts';

/** A cluster of `n` hosts for tests: LAN defaults unless overridden, no table gossip (NetworkDB's reconnect loop runs), 100 µs abstract transport. */
export function testCluster(n: number, seed: number, over: Partial<MemberlistConfig> = {}, opts: { loss?: number; stagger?: boolean; coldStart?: boolean; events?: GossipEventSpec[]; networkdb?: Partial<NetworkDbConfig> } = {}) {
  const ctx = new SimContext(new Scheduler(), new RandomStreams(seed));
  const names = Array.from({ length: n }, (_, i) => `h${i + 1}`);
  const cluster = new GossipCluster(ctx, names, {
    memberlist: { ...LAN, ...over },
    networkdb: { ...NETWORKDB_DEFAULTS, enabled: false, ...opts.networkdb },
    transport: { kind: 'abstract', delayNs: 100_000, jitterNs: 0, tcpRateBps: 1e9 },
    lossProbability: opts.loss ?? 0,
    absent: [],
    networks: [],
    events: opts.events ?? [],
    stagger: opts.stagger ?? true,
    coldStart: opts.coldStart ?? false,
  });
  return { ctx, cluster };
}

/**
 * The gossip control plane of a scenario (abstract transport), built as `runScenario` builds it
 * and watched by a {@link GossipMonitor}, for tests that look at the model's state or its traces
 * while it runs: run it with `ctx.scheduler.run({ untilNs })`.
 */
export function scenarioCluster(text: string, sets: string[] = []) {
  const scenario = loadScenarioText('test.yaml', text, sets).resolved;
  if (scenario.gossip === undefined) throw new Error('the scenario has no gossip section');
  const sim = buildSimulation(scenario, scenario.seed);
  const cluster = new GossipCluster(sim.ctx, sim.hosts.map((h) => h.name), scenario.gossip);
  const monitor = new GossipMonitor(cluster);
  return { ctx: sim.ctx, cluster, monitor, durationNs: scenario.durationNs, hostIndex: (name: string) => sim.hosts.findIndex((h) => h.name === name) };
}
