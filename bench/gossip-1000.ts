/**
 * Gossip control plane, 1000 hosts, LAN profile, 120 s simulated, 100 endpoint events and a
 * crash, over the packet underlay: a leaf-spine of 25 racks, every datagram a packet through
 * the hosts' cores and the links. Target: < 10 s wall and < 1 GB peak RSS.
 * Run: node --import tsx bench/gossip-1000.ts [--rounds N] (default 3; the best is judged)
 */
import { runGossipBench } from './gossip-lib.ts';

await runGossipBench({
  hosts: 1000,
  durationS: 120,
  subnet: '10.0.0.0/20',
  events: [
    '{ kind: endpoints, at: 10s, network: appnet, action: create, count: 50, rate: 10/s }',
    '{ kind: endpoints, at: 60s, network: appnet, action: delete, count: 50, rate: 10/s }',
    '{ kind: crash, at: 30s, hosts: [h17] }',
  ],
  underlay:
    'underlay: { topology: leaf-spine, hosts: 1000, racks: 25, spines: 4, hostLink: { bandwidth: 10Gbps, delay: 5us }, fabricLink: { bandwidth: 40Gbps, delay: 2us } }',
  transport: '{ kind: underlay }',
  targetWallS: 10,
  defaultRounds: 3,
  targetRssMb: 1024,
});
