import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

describe('UDP CBR and ping, computed by hand', () => {
  it('p2p-udp.yaml: every 1500-byte packet takes (1500 + 2) × 8 ns + 1 ms; a packet every 23.552 µs', async () => {
    const result = await runScenario(loadScenario('scenarios/p2p-udp.yaml').resolved);
    const f = result.flows[0];
    if (!f) throw new Error('no flow');
    // 1472 B payload × 8 / 500 Mbit/s = 23 552 ns between packets; 10 s / 23 552 ns = 424 592.4 → 424 593 sent (t = 0 included).
    expect(f.txPackets).toBe(424_593);
    expect(f.txBytes).toBe(424_593 * 1500);
    // Packets sent in the last 1.012016 ms are still on the wire at 10 s: ceil(1 012 016 / 23 552) = 43.
    expect(f.inFlightPackets).toBe(43);
    expect(f.rxPackets).toBe(424_593 - 43);
    expect(f.lostPackets).toBe(0);
    expect(f.delay.minNs).toBe(1_012_016);
    expect(f.delay.maxNs).toBe(1_012_016);
    expect(f.delay.p99Ns).toBe(1_012_016);
    expect(f.jitterMeanNs).toBe(0);
    // Goodput: delivered payload over the 10 s window.
    expect(f.goodputBps).toBe(Math.round(((424_593 - 43) * 1472 * 8) / 10));
    // The link is busy 12 016 ns per packet sent; the last one starts at 424 592 × 23 552 =
    // 9 999 990 784 ns and 2 800 ns of it fall after the end of the run.
    expect(result.links.find((l) => l.link === 'a->b')?.utilisation).toBeCloseTo((424_593 * 12_016 - 2_800) / 1e10, 12);
  });

  it('ping RTT is twice the one-way time of an 84-byte IP packet (56 B payload + 8 ICMP + 20 IP)', async () => {
    const text = `
name: ping
duration: 1s
hosts: { cpu: none }
underlay:
  topology: star
  hosts: 2
  hostLink: { bandwidth: 1Gbps, delay: 20us }
workloads:
  - { name: p, kind: ping, from: h1, to: h2, interval: 100ms }
`;
    const result = await runScenario(loadScenarioText('ping.yaml', text).resolved);
    const [request, reply] = result.flows;
    // Two hops each way through the switch: (84 + 38) × 8 = 976 ns serialisation + 20 µs, twice.
    const oneWayNs = 2 * (976 + 20_000);
    expect(request?.txPackets).toBe(10);
    expect(request?.delay.maxNs).toBe(oneWayNs);
    expect(reply?.rxPackets).toBe(10);
    expect(reply?.rtt?.minNs).toBe(2 * oneWayNs);
    expect(reply?.rtt?.maxNs).toBe(2 * oneWayNs);
  });

  it('a Poisson source sends at its mean rate (count within 4 standard deviations)', async () => {
    const text = `
name: poisson
duration: 10s
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps } }
workloads:
  - { name: p, kind: udp-poisson, from: h1, to: h2, packetRate: 20000/s, payload: 100B }
`;
    const result = await runScenario(loadScenarioText('poisson.yaml', text).resolved);
    const n = result.flows[0]?.txPackets ?? 0;
    expect(Math.abs(n - 200_000)).toBeLessThan(4 * Math.sqrt(200_000));
  });
});
