import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * Offered load above capacity at a drop-tail queue: in the long run the link carries exactly its
 * capacity and drops the rest, so the loss ratio tends to (offered − capacity) / offered.
 * Here 1000-byte IP packets (no framing) meet a 1 Gbit/s bottleneck: capacity 125 000 packets/s.
 */
function scenario(kind: 'udp-cbr' | 'udp-poisson', packetsPerS: number): string {
  return `
name: overload
seed: 3
duration: 4s
underlay:
  topology: explicit
  hosts: [A, B]
  switches: [R]
  links:
    - { between: [A, R], bandwidth: 100Gbps, framing: none }
    - { between: [R, B], bandwidth: 1Gbps, framing: none, queue: 50 }
workloads:
  - { name: load, kind: ${kind}, from: A, to: B, packetRate: ${packetsPerS}/s, packetSize: 1000B }
`;
}

const CAPACITY_PPS = 1e9 / 8000;

describe('drop-tail loss under overload equals offered load minus capacity', () => {
  it.each([
    ['udp-cbr', 1.5],
    ['udp-cbr', 2],
    ['udp-poisson', 1.25],
    ['udp-poisson', 3],
  ] as const)('%s at %s× capacity', async (kind, overload) => {
    const offered = CAPACITY_PPS * overload;
    const result = await runScenario(loadScenarioText('overload.yaml', scenario(kind, offered)).resolved);
    const flow = result.flows[0];
    const bottleneck = result.links.find((l) => l.link === 'R->B');
    if (!flow || !bottleneck) throw new Error('missing flow or link');
    const expectedLoss = (overload - 1) / overload;
    // Every drop is a queue-full drop at R, and the flow's count agrees with the link's.
    expect(bottleneck.drops['queue-full']).toBe(flow.lostPackets);
    // The queue holds at most 50 packets and the run lasts 4 s (500 000 packet times), so edge
    // effects are below 0.02%; Poisson counts add a relative spread of about 1/sqrt(n) ≈ 0.1%.
    expect(Math.abs(flow.lostPackets / flow.txPackets - expectedLoss)).toBeLessThan(0.002);
    expect(bottleneck.utilisation).toBeGreaterThan(0.999);
    expect(bottleneck.peakQueuePackets).toBe(50);
  });
});
