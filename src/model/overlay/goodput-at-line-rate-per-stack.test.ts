import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * A saturated 10 Gbit/s link carries rate × payload / (outer IP packet + framing) of payload,
 * whatever the stack. Ideal hosts, so only the link limits. Payload 1000 B: inner L = 1028 B.
 * Outer sizes by hand: bare 1028; VXLAN 1078 (IPv4) / 1098 (IPv6); ESP 1028 + 76 + pad, pad =
 * (−(1058 + 2)) mod 4 = 0 → 1104; WireGuard ceil16(1028) = 1040 → 1100 (IPv4) / 1120 (IPv6).
 * Ethernet framing adds 38 B per packet.
 */
const CASES = [
  { stack: 'bare underlay', network: '{ driver: host }', ip: 4, outer: 1028 },
  { stack: 'VXLAN', network: '{ driver: overlay }', ip: 4, outer: 1078 },
  { stack: 'VXLAN, IPv6 underlay', network: '{ driver: overlay }', ip: 6, outer: 1098 },
  { stack: 'VXLAN + ESP', network: '{ driver: overlay, encrypted: true }', ip: 4, outer: 1104 },
  { stack: 'WireGuard', network: '{ driver: overlay, encapsulation: wireguard }', ip: 4, outer: 1100 },
  { stack: 'WireGuard, IPv6 underlay', network: '{ driver: overlay, encapsulation: wireguard }', ip: 6, outer: 1120 },
] as const;

describe('goodput at line rate for each stack', () => {
  it.each(CASES)('$stack: rate × 1000 / ($outer + 38), within 0.5%', async ({ network, ip, outer }) => {
    const text = `
name: line-rate
duration: 200ms
underlay:
  topology: explicit
  ipVersion: ${ip}
  hosts: [a, b]
  links: [{ between: [a, b], bandwidth: 10Gbps, delay: 5us }]
hosts: { cpu: none }
networks: { net: ${network} }
services:
  src: { replicas: 1, networks: [net], placement: [a] }
  dst: { replicas: 1, networks: [net], placement: [b] }
workloads:
  - { name: flood, kind: udp-cbr, from: src, to: dst, rate: 12Gbps, payload: 1000B }
`;
    const result = await runScenario(loadScenarioText('line-rate.yaml', text).resolved);
    const flow = result.flows[0];
    if (!flow) throw new Error('no flow');
    const expectedBps = (10e9 * 1000) / (outer + 38);
    expect(Math.abs(flow.goodputBps / expectedBps - 1)).toBeLessThan(0.005);
    // Every delivered datagram crossed as exactly one outer packet of the hand-computed size.
    expect(flow.underlayBytes).toBe(flow.underlayPackets * outer);
  });
});
