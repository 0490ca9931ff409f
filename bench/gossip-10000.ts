/**
 * Gossip control plane, 10 000 hosts, LAN profile, 60 s simulated, abstract transport, with a
 * burst of 20 endpoint joins and one crash. Target: < 120 s wall and < 2 GB peak RSS.
 * Run: node --import tsx bench/gossip-10000.ts [--rounds N] (default 1)
 */
import { runGossipBench } from './gossip-lib.ts';

await runGossipBench({
  hosts: 10_000,
  durationS: 60,
  subnet: '10.0.0.0/16',
  events: ['{ kind: endpoints, at: 10s, network: appnet, action: create, count: 20, rate: 10/s }', '{ kind: crash, at: 20s, hosts: [h17] }'],
  targetWallS: 120,
  defaultRounds: 1,
  targetRssMb: 2048,
});
