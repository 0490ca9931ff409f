import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * A ping every millisecond over a VXLAN overlay between two 1-core hosts. Each echo reaches an
 * idle core, so it is a segment of one whatever the offloads: GRO of a lone packet is a batch
 * of one, and the per-segment cost is paid in full either way. ICMP checksums are computed in
 * software with offloads on or off. By hand (aesni): an 84 B echo (56 B payload + 8 ICMP + 20
 * IP) costs each side segment 1986 + vxlan 3075 + 84 × (copy 0.449 + checksum 0) = 5098.7 ns,
 * which the core rounds to 5099 ns; the outer packet is 134 B, 172 B with Ethernet framing,
 * 137.6 ns at 10 Gbit/s; the link delays it 10 µs. RTT = 2 × (2 × 5099 + 137.6 + 10 000).
 */
const SCENARIO = `
name: ping-offloads
duration: 20ms
underlay:
  topology: explicit
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 10Gbps, delay: 10us }]
hosts: { cores: 1, cpu: aesni }
networks: { appnet: {} }
services:
  client: { networks: [appnet], placement: [a] }
  server: { networks: [appnet], placement: [b] }
workloads:
  - { name: ping, kind: ping, from: client, to: server, interval: 1ms }
`;
const RTT_NS = 2 * (2 * 5099 + 137.6 + 10_000);

async function rttOf(sets: string[]) {
  const result = await runScenario(loadScenarioText('ping.yaml', SCENARIO, sets).resolved);
  const reply = result.flows[1];
  if (reply?.rtt === undefined) throw new Error('no RTT');
  return reply.rtt;
}

describe('a ping’s RTT', () => {
  it('is the same with offloads on, off, and without tunnel offload, and matches the hand computation (within 1 ns of rounding)', async () => {
    const on = await rttOf([]);
    const off = await rttOf(['hosts.offloads=false']);
    const noTunnel = await rttOf(['hosts.tunnelOffload=false']);
    expect(on.count).toBe(20);
    expect(on.minNs).toBe(on.maxNs);
    expect(Math.abs(on.minNs - RTT_NS)).toBeLessThanOrEqual(1);
    expect(off).toEqual(on);
    expect(noTunnel).toEqual(on);
  });
});
