import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * 100 hosts on a star, 25 µs per link, so host to host is 50 µs of propagation plus about 0.5 µs
 * of serialisation per hop. The same control plane once over the abstract transport with a 50 µs
 * one-way delay and once as real packets over the links. Gossip runs in 200 ms ticks, so a
 * microsecond more per datagram moves nothing that matters: convergence must agree closely,
 * while only the underlay run puts gossip on the links and the hosts' cores.
 */
function scenario(transport: string): string {
  return `
name: gossip-underlay
seed: 5
duration: 20s
underlay: { topology: star, hosts: 100, hostLink: { bandwidth: 10Gbps, delay: 25us } }
hosts: { cpu: aesni, cores: 4 }
networks: { appnet: { subnet: 10.0.0.0/24 } }
services: { web: { replicas: 100, networks: [appnet] } }
gossip:
  profile: lan
  transport: ${transport}
  events:
    - { kind: endpoints, at: 2s, network: appnet, action: create, count: 20, rate: 20/s }
    - { kind: crash, at: 5s, hosts: [h17] }
`;
}

const run = (transport: string) => runScenario(loadScenarioText('g.yaml', scenario(transport)).resolved);

describe('gossip over the simulated underlay', () => {
  it('converges like the abstract transport with the same latency, and its packets load the links and cores', async () => {
    const abstract = await run('{ kind: abstract, delay: 50us }');
    const underlay = await run('{ kind: underlay }');
    const a = abstract.gossip;
    const u = underlay.gossip;
    if (!a || !u) throw new Error('no gossip results');
    // Every event reached every host that should know it, on both transports.
    expect(u.events.every((e) => e.reachNs[3] !== undefined)).toBe(true);
    expect(a.events.every((e) => e.reachNs[3] !== undefined)).toBe(true);
    // Times to 100 % agree within 10 % on average (rounds of 200 ms dominate, not µs of latency).
    const mean = (r: typeof a) => r.events.reduce((s, e) => s + (e.reachNs[3] as number), 0) / r.events.length;
    expect(Math.abs(mean(u) / mean(a) - 1)).toBeLessThan(0.1);

    // Only the underlay run carries gossip as packets: per host a flow, two link hops each (the
    // links also count the TCP exchanges' segments: see tcp-exchange-over-the-underlay.test.ts).
    expect(abstract.links.every((l) => l.txPackets === 0)).toBe(true);
    const flows = underlay.flows.filter((f) => f.workload === 'gossip');
    expect(flows).toHaveLength(100);
    const received = flows.reduce((s, f) => s + f.rxPackets, 0);
    const hops = underlay.links.reduce((s, l) => s + l.txPackets, 0);
    expect(received).toBeGreaterThan(10_000);
    expect(hops).toBeGreaterThanOrEqual(2 * received);
    // ...and costs CPU on the hosts' cores.
    expect(underlay.cores.reduce((s, c) => s + c.packets, 0)).toBeGreaterThan(2 * received - 1);
  });

  it('is deterministic', async () => {
    const one = await run('{ kind: underlay }');
    const two = await run('{ kind: underlay }');
    expect(JSON.stringify(two.gossip)).toBe(JSON.stringify(one.gossip));
    expect(two.eventsProcessed).toBe(one.eventsProcessed);
  });

  it('needs links: an abstract underlay with the underlay transport is an error', () => {
    const text = scenario('{ kind: underlay }').replace('underlay: { topology: star, hosts: 100, hostLink: { bandwidth: 10Gbps, delay: 25us } }', 'underlay: { topology: abstract, hosts: 100 }').replace('hosts: { cpu: aesni, cores: 4 }\n', '');
    expect(() => loadScenarioText('g.yaml', text)).toThrow(/gossip\.transport\.kind: gossip over the underlay needs links/);
  });
});
