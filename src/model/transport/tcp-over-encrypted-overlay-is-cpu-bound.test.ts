import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { CPU_PROFILES } from '../host/cpu-profile.ts';
import { packetCostNs } from '../host/stack-cost.ts';
import { encryptedBytes } from '../overlay/encapsulation.ts';
import { mssFor, segmentBytes } from './tcp-header.ts';

/**
 * TCP through an encrypted VXLAN overlay (container MTU 1424, MSS 1384 − 12 = 1372 with
 * timestamps) between two hosts on a 100 Gbit/s link, so only CPU limits. Both directions of
 * a connection are processed on one core per host (by flow hash). Offloads are off, so every
 * packet is a segment of its own. Per data segment a core works on the segment (1424 B inner)
 * and on half an ACK (52 B inner; one ACK per two segments), each costing segment + copy +
 * VXLAN + cipher with the aesni profile. One core thus
 * carries at most 1e9 / (cost(1424) + cost(52)/2) segments per second, whichever host is
 * the narrower. Several streams spread over cores by their hash, and go faster. SACK is off:
 * slow start overflows the receiver's 1000-packet backlog by megabytes, and RFC 6675 recovery
 * resends every hole within an RTT, so a resent first segment that meets the still-full backlog
 * is lost again and only the 200 ms timeout finds it (lost-retransmission detection, RACK, is
 * not modelled); in a 300 ms run that hides the CPU limit this test is about.
 */
const aesni = CPU_PROFILES.aesni;
if (!aesni) throw new Error('no aesni profile');
const MSS = mssFor(1424, true);
const cost = (inner: number) => packetCostNs(aesni, true, 'vxlan-esp', inner, encryptedBytes('vxlan-esp', inner, 1424), true, true, 0, false);
const CORE_SEGMENTS_PER_S = 1e9 / (cost(segmentBytes(MSS, true)) + cost(segmentBytes(0, true)) / 2);
const CORE_GOODPUT_BPS = CORE_SEGMENTS_PER_S * MSS * 8;

function scenario(streams: number, cores: number): string {
  return `
name: tcp-cpu
duration: 300ms
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 100Gbps, delay: 10us }]
hosts: { cores: ${cores}, cpu: aesni, offloads: false }
networks: { secure: { encrypted: true } }
services:
  client: { replicas: 1, networks: [secure], placement: [a] }
  server: { replicas: 1, networks: [secure], placement: [b] }
workloads:
  - { name: iperf, kind: tcp-bulk, from: client, to: server, streams: ${streams}, congestion: newreno, sack: false }
`;
}

describe('TCP through an encrypted overlay is CPU-bound', () => {
  it('the MSS is 1372 and a core carries 1e9 / (cost(segment) + cost(ACK)/2) segments/s', () => {
    expect(MSS).toBe(1372);
    // By hand: the segment is 1424 B inner, ESP payload 1454 + 0 pad + 2 trailer = 1456 B:
    // 1986 + 3075 + 370 = 5431, + 1424 × 0.449 + 1456 × 0.82 / 3.6 = 6402.0 ns (checksum costs 0
    // in aesni). The ACK is 52 B inner, ESP 82 + 0 + 2 = 84 B: 5431 + 52 × 0.449 + 84 × 0.82 / 3.6
    // = 5473.5 ns, half of it per segment: 2736.7 ns.
    // 1e9 / 9138.7 = 109 425 segments/s × 1372 B × 8 = 1.201 Gbit/s.
    expect(cost(1424)).toBeCloseTo(5431 + 1424 * 0.449 + (1456 * 0.82) / 3.6, 6);
    expect(cost(52)).toBeCloseTo(5431 + 52 * 0.449 + (84 * 0.82) / 3.6, 6);
    expect(CORE_GOODPUT_BPS / 1e9).toBeCloseTo(1.201, 3);
  });

  it('one stream keeps its core busy and stays under that core’s capacity; four streams on four cores go faster', async () => {
    const one = await runScenario(loadScenarioText('cpu.yaml', scenario(1, 4)).resolved);
    const four = await runScenario(loadScenarioText('cpu.yaml', scenario(4, 4)).resolved);
    const goodput = (r: typeof one) => (r.connections ?? []).reduce((a, c) => a + c.forwardBytes * 8, 0) / 0.3;
    const busiest = (r: typeof one) => Math.max(...r.cores.map((c) => c.utilisation));
    const distinctCores = new Set(four.flows.map((f) => f.cpuCore)).size;
    console.log(
      `core capacity ${(CORE_GOODPUT_BPS / 1e9).toFixed(3)} Gbit/s; one stream ${(goodput(one) / 1e9).toFixed(3)} Gbit/s, busiest core ${busiest(one).toFixed(3)}; ` +
        `four streams on ${distinctCores} distinct cores ${(goodput(four) / 1e9).toFixed(3)} Gbit/s`,
    );
    // CPU-bound: its core is (nearly) always busy while the link is idle. Retransmissions and
    // segments dropped at the receiver's full backlog cost CPU without adding goodput, and slow
    // start takes a few ms: 80% of the capacity at least.
    expect(busiest(one)).toBeGreaterThan(0.9);
    expect(Math.max(...one.links.map((l) => l.utilisation))).toBeLessThan(0.05);
    expect(goodput(one)).toBeLessThanOrEqual(CORE_GOODPUT_BPS);
    expect(goodput(one)).toBeGreaterThan(0.8 * CORE_GOODPUT_BPS);
    // Four streams hash onto distinct cores (by their flow hashes, fixed), each as fast as one stream.
    expect(distinctCores).toBeGreaterThanOrEqual(2);
    expect(goodput(four)).toBeGreaterThan(0.9 * distinctCores * goodput(one));
    expect(goodput(four)).toBeLessThanOrEqual(distinctCores * CORE_GOODPUT_BPS);
  });
});
