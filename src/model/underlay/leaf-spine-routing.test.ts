import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../scenario/build.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { ScenarioError } from '../../scenario/errors.ts';
import { runScenario } from '../../scenario/run.ts';

const leafSpine = (workloads: string) => `
name: ls
duration: 10ms
hosts: { cpu: none }
underlay:
  topology: leaf-spine
  hosts: 8
  racks: 2
  spines: 4
  hostLink: { bandwidth: 10Gbps, delay: 1us }
  fabricLink: { bandwidth: 40Gbps, delay: 1us }
workloads: ${workloads}
`;

describe('leaf-spine routing', () => {
  it('places hosts in racks in order and routes cross-rack traffic over every spine by flow hash', async () => {
    const flows = Array.from({ length: 64 }, (_, i) => `\n  - { name: f${i}, kind: udp-cbr, from: h${1 + (i % 4)}, to: h${5 + ((i >> 2) % 4)}, packetRate: 1000/s, payload: 100B }`).join('');
    const loaded = loadScenarioText('ls.yaml', leafSpine(flows));
    const result = await runScenario(loaded.resolved);
    const spineLoads = [1, 2, 3, 4].map((s) => result.links.find((l) => l.link === `leaf1->spine${s}`)?.txPackets ?? 0);
    // 64 flows × 10 packets; each flow stays on one spine, and every spine carries some.
    expect(spineLoads.reduce((a, b) => a + b, 0)).toBe(640);
    for (const load of spineLoads) expect(load).toBeGreaterThan(0);
    for (const load of spineLoads) expect(load % 10).toBe(0);
    // Hosts h1..h4 hang off leaf1, h5..h8 off leaf2.
    expect(result.links.some((l) => l.link === 'h4->leaf1')).toBe(true);
    expect(result.links.some((l) => l.link === 'h5->leaf2')).toBe(true);
    // Every packet crossed host link, leaf, spine, leaf, host link: 4 × 1 µs + serialisations.
    for (const f of result.flows) expect(f.rxPackets).toBe(10);
  });

  it('a cross-rack path has 4 hops; its delay is the sum of serialisations and propagation', async () => {
    const loaded = loadScenarioText('ls.yaml', leafSpine('\n  - { name: one, kind: udp-cbr, from: h1, to: h8, packetRate: 1000/s, packetSize: 1000B }'));
    const result = await runScenario(loaded.resolved);
    // Ethernet framing 38 B: 1038 B × 8 = 8304 bit; 830.4 ns at 10G (twice), 207.6 ns at 40G (twice).
    // Each hop rounds on its own (idle links carry no error): 830 + 208 + 208 + 830 + 4 × 1000.
    expect(result.flows[0]?.delay.minNs).toBe(830 + 208 + 208 + 830 + 4000);
    expect(result.flows[0]?.delay.maxNs).toBe(6076);
  });

  it('never routes through a host, and a host that is only reachable through another host is an error', () => {
    const text = `
name: chain
duration: 1s
underlay:
  topology: explicit
  hosts: [a, b, c]
  links:
    - { between: [a, b], bandwidth: 1Gbps }
    - { between: [b, c], bandwidth: 1Gbps }
`;
    expect(() => loadScenarioText('chain.yaml', text)).toThrow(ScenarioError);
    expect(() => loadScenarioText('chain.yaml', text)).toThrow(/chain\.yaml:4:1: underlay: the topology is disconnected: host c cannot reach host a/);
  });

  it('builds a 1000-host leaf-spine with full routing tables', () => {
    const text = `
name: big
duration: 1s
underlay: { topology: leaf-spine, hosts: 1000, racks: 25, spines: 4, hostLink: { bandwidth: 10Gbps }, fabricLink: { bandwidth: 40Gbps } }
`;
    const sim = buildSimulation(loadScenarioText('big.yaml', text).resolved, 1);
    expect(sim.hosts).toHaveLength(1000);
    expect(sim.switches).toHaveLength(29);
    expect(sim.links).toHaveLength(2 * (1000 + 25 * 4));
    // A leaf reaches a host in another rack through any of the 4 spines.
    const leaf1 = sim.switches[0];
    expect(leaf1?.portSets[leaf1.routeSetOf[999] as number]).toHaveLength(4);
  });
});
