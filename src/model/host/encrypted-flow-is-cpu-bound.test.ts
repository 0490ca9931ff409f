import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';
import { CPU_PROFILES } from './cpu-profile.ts';

/**
 * Two hosts on a 100 Gbit/s link (never the bottleneck) with an encrypted VXLAN overlay. A UDP
 * flow of 1372-byte payloads makes 1400-byte inner packets; ESP encrypts P = 1400 + 30 = 1430
 * bytes plus 0 bytes of padding and the 2-byte trailer: 1432 bytes. A UDP datagram is a segment
 * of its own, and ESP pays VXLAN and the cipher per packet, so with the aesni profile one side
 * spends segment 1986 + copy 1400 × 0.449 + VXLAN 3075 + cipher 370 + 1432 × 0.82 / 3.6 ns per
 * packet, and one core carries 1e9 / cost packets per second.
 */
const aesni = CPU_PROFILES.aesni;
if (!aesni) throw new Error('no aesni profile');
const COST_NS = 1986 + 1400 * 0.449 + 3075 + 370 + (1432 * 0.82) / 3.6;
const CORE_PPS = 1e9 / COST_NS;
const PAYLOAD_BYTES = 1372;

function scenario(cores: number, flows: number, packetsPerS: number): string {
  return `
name: cpu-bound
duration: 1s
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 100Gbps, delay: 10us }]
hosts: { cores: ${cores}, cpu: aesni }
networks: { secure: { encrypted: true } }
services:
  client: { replicas: ${flows}, networks: [secure], placement: [a] }
  server: { replicas: ${flows}, networks: [secure], placement: [b] }
workloads:
  - { name: load, kind: udp-cbr, from: client, to: server, mode: task, packetRate: ${packetsPerS}/s, payload: ${PAYLOAD_BYTES}B }
`;
}

describe('an encrypted flow is limited by one core', () => {
  it('the per-packet cost is the sum of the profile parts', () => {
    expect(aesni.segmentNs + 1400 * aesni.copyNsPerByte + aesni.vxlanNs + aesni.cryptoFixedNs + 1432 * aesni.cryptoNsPerByte).toBeCloseTo(COST_NS, 9);
  });

  it('one flow offered 1.5× a core’s capacity delivers the core’s capacity (within 2%)', async () => {
    const result = await runScenario(loadScenarioText('cpu.yaml', scenario(4, 1, Math.round(CORE_PPS * 1.5))).resolved);
    const flow = result.flows[0];
    if (!flow) throw new Error('no flow');
    const expectedBps = CORE_PPS * PAYLOAD_BYTES * 8;
    expect(Math.abs(flow.goodputBps / expectedBps - 1)).toBeLessThan(0.02);
    // The surplus is dropped at the sender's full backlog; one core on each host is saturated.
    const busy = result.cores.filter((c) => c.utilisation > 0.99);
    expect(busy.map((c) => c.host).sort()).toEqual(['a', 'b']);
    expect(result.cores.reduce((a, c) => a + c.backlogDrops, 0)).toBe(flow.lostPackets);
  });

  it.each([
    [1, 4],
    [2, 4],
    [4, 4],
    [16, 4],
    [3, 8],
  ])('%i flows on %i cores deliver (distinct cores hashed) × capacity', async (flows, cores) => {
    const result = await runScenario(loadScenarioText('cpu.yaml', scenario(cores, flows, Math.round(CORE_PPS * 1.5))).resolved);
    // Receive-side scaling: each flow's packets go to one core (by flow hash), the same on both hosts.
    const used = new Set(result.flows.map((f) => f.cpuCore)).size;
    expect(used).toBeLessThanOrEqual(Math.min(flows, cores));
    if (flows === 1) expect(used).toBe(1);
    if (flows >= 4 * cores) expect(used).toBe(cores); // with this many flows every core gets one
    const totalBps = result.flows.reduce((a, f) => a + f.goodputBps, 0);
    expect(Math.abs(totalBps / (used * CORE_PPS * PAYLOAD_BYTES * 8) - 1)).toBeLessThan(0.02);
  });
});
