import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * NewReno (with SACK, the default) over 100 Mbit/s with a 20 ms base RTT and random loss p on
 * the link. Mathis et al.
 * (1997): goodput = MSS/RTT · sqrt(3/(2bp)), with b = 2 segments per ACK (delayed ACKs), the
 * RTT being the connection's mean (taken from its own samples). The send buffer of one BDP
 * (250 000 B, 172 segments) stays above the sawtooth's peak even at p = 1e-4 (mean window
 * sqrt(3/(4p)) = 87 segments, peak 4/3 of it = 115) and keeps the queue short, so random loss
 * is the only loss and the RTT stays near 20 ms. The formula ignores timeouts and multiple
 * losses per window (more likely as p grows) and the randomness of loss gaps (few loss events
 * at p = 1e-4: about 30 per 40 s run): ±30% (the bound), on the mean of 4 seeds × 40 s.
 */
const MSS = 1448;
const SEEDS = [1, 2, 3, 4];

function scenario(p: number): string {
  return `
name: mathis
duration: 40s
hosts: { cpu: none }
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 100Mbps, delay: 10ms, loss: ${p} }]
workloads:
  - { name: bulk, kind: tcp-bulk, from: a, to: b, congestion: newreno, sendBuffer: 250000B }
`;
}

describe("NewReno's goodput under random loss follows Mathis et al.", () => {
  it.each([1e-4, 1e-3, 1e-2])('p = %f: mean of 4 seeds within ±30% of MSS/RTT · sqrt(3/(4p))', async (p) => {
    const resolved = loadScenarioText('mathis.yaml', scenario(p)).resolved;
    const ratios: number[] = [];
    for (const seed of SEEDS) {
      const result = await runScenario(resolved, { seed });
      const c = result.connections?.[0];
      if (!c) throw new Error('no connection');
      const goodputBps = (c.forwardBytes * 8) / 40;
      const rttS = c.rtt.meanNs / 1e9;
      const mathisBps = ((MSS * 8) / rttS) * Math.sqrt(3 / (4 * p));
      ratios.push(goodputBps / mathisBps);
      expect(result.links.reduce((a, l) => a + l.drops['queue-full'], 0)).toBe(0);
    }
    const mean = ratios.reduce((a, r) => a + r, 0) / ratios.length;
    console.log(`p=${p}: goodput/Mathis per seed ${ratios.map((r) => r.toFixed(3)).join(', ')}; mean ${mean.toFixed(3)}`);
    expect(mean).toBeGreaterThan(0.7);
    expect(mean).toBeLessThan(1.3);
  });
});
