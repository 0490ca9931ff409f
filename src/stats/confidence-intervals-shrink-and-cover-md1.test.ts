import { describe, expect, it } from 'vitest';
import { summarise } from '../report/summary.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { meanWithCi, tQuantile975 } from './confidence.ts';

/**
 * A–R–B with no framing: 1000-byte packets take 80 ns on the 100 Gbit/s first hop and 8000 ns
 * on the 1 Gbit/s bottleneck; both links have 10 µs of delay. Poisson arrivals at 62 500 /s give
 * ρ = 0.005 on the first hop and ρ = 0.5 at R. Mean one-way delay by Pollaczek–Khinchine (M/D/1):
 *   80 + 0.005·80/(2·0.995) + 10 000 + 8000 + 0.5·8000/(2·0.5) + 10 000 = 32 080.2 ns.
 * The first hop is fast so that its departures stay close to Poisson: it spaces packets at
 * least 80 ns apart, which lowers R's wait by well under 1 ns. Each replication runs 1 s
 * (62 500 packets), long enough for the start from an empty queue to weigh under 0.01%.
 */
const EXPECTED_NS = 80 + (0.005 * 80) / (2 * 0.995) + 10_000 + 8000 + (0.5 * 8000) / (2 * 0.5) + 10_000;

const TEXT = `
name: md1
seed: 11
duration: 1s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [A, B]
  switches: [R]
  links:
    - { between: [A, R], bandwidth: 100Gbps, delay: 10us, framing: none }
    - { between: [R, B], bandwidth: 1Gbps, delay: 10us, framing: none }
workloads:
  - { name: poisson, kind: udp-poisson, from: A, to: B, packetRate: 62500/s, packetSize: 1000B }
`;

async function meanDelays(replications: number): Promise<number[]> {
  const scenario = loadScenarioText('md1.yaml', TEXT).resolved;
  const out: number[] = [];
  for (let r = 0; r < replications; r++) {
    const summary = summarise(await runScenario(scenario, { replication: r }));
    out.push(summary.workloads[0]?.delay.meanNs ?? Number.NaN);
  }
  return out;
}

describe('confidence intervals over replications', () => {
  it('use Student t: 12.706 at 1 degree of freedom, 2.045 at 29, 1.96 beyond 30', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(29)).toBe(2.045);
    expect(tQuantile975(200)).toBe(1.96);
    const ci = meanWithCi([1, 2, 3, 4]);
    // mean 2.5, s = 1.291, half-width 3.182 · 1.291 / 2 = 2.054
    expect(ci.mean).toBe(2.5);
    expect(ci.halfWidth).toBeCloseTo(2.054, 3);
  });

  it('shrink as replications grow, and the 16-replication interval holds the M/D/1 mean delay', async () => {
    const samples = await meanDelays(16);
    const four = meanWithCi(samples.slice(0, 4));
    const sixteen = meanWithCi(samples);
    // Replications are independent: their means (whole ns) differ, bar the odd tie.
    expect(new Set(samples).size).toBeGreaterThan(12);
    // Half-width falls roughly as t·s/√n: from about 3.18/2 to 2.13/4 of s.
    expect(sixteen.halfWidth).toBeLessThan(four.halfWidth);
    expect(sixteen.low).toBeLessThanOrEqual(EXPECTED_NS);
    expect(sixteen.high).toBeGreaterThanOrEqual(EXPECTED_NS);
    // A check that the interval is informative: narrower than 0.2% of the mean.
    expect(sixteen.halfWidth / sixteen.mean).toBeLessThan(0.002);
  });
});
