import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../scenario/build.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { CPU_PROFILES } from '../host/cpu-profile.ts';

/**
 * One client task on h1 sends one 128-byte UDP packet to a one-task service on h2 over VXLAN
 * (aesni profile, one core, 10 Gbit/s links with 5 µs delay through one switch). Directly
 * (mode: task) it leaves at 0 and takes stack + copy + VXLAN on each side plus two hops
 * of (128 + 50 + 38) × 8 / 10 = 172.8 ns serialisation and 5000 ns propagation. Through the
 * service the client first asks the embedded DNS (dnsLookupNs = 9200 ns), so the packet leaves
 * at 9200 ns; in VIP mode the client host also runs IPVS and NAT on it (ipvsNs = 767 ns).
 */
const aesni = CPU_PROFILES.aesni;
if (!aesni) throw new Error('no aesni profile');

function scenario(mode: string): string {
  return `
name: vip
duration: 1ms
underlay: { topology: star, hosts: 2, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 1, cpu: aesni }
networks: { appnet: {} }
services:
  client: { networks: [appnet], placement: [h1] }
  server: { networks: [appnet], placement: [h2] }
workloads:
  - { name: u, kind: udp-cbr, from: client, to: server, mode: ${mode}, packetRate: 1000/s, payload: 100B }
`;
}

/** [sent, received] of the one packet. */
function trace(mode: string): [number, number][] {
  const sim = buildSimulation(loadScenarioText('vip.yaml', scenario(mode)).resolved, 1);
  const out: [number, number][] = [];
  sim.ctx.received.connect((p, nowNs) => out.push([p.sentNs, nowNs]));
  sim.ctx.scheduler.run({ untilNs: 1e6 });
  return out;
}

describe('reaching a service adds the DNS lookup before the first packet and IPVS on the client host', () => {
  const wireNs = 2 * (Math.round((128 + 50 + 38) * 0.8) + 5000);
  // One side: a segment of its own, 128 bytes copied, and VXLAN (rounded to the ns by the core).
  const sideNs = Math.round(aesni.segmentNs + 128 * aesni.copyNsPerByte + aesni.vxlanNs);
  const directNs = 2 * sideNs + wireNs;

  it('the profile’s service costs are 767 ns of IPVS and 9200 ns of DNS', () => {
    expect([aesni.ipvsNs, aesni.dnsLookupNs]).toEqual([767, 9200]);
  });

  it('task mode: sent at 0, one-way time is the two hosts’ CPU plus the wire', () => {
    expect(trace('task')).toEqual([[0, directNs]]);
  });

  it('dnsrr: sent after the lookup, same one-way time (no IPVS)', () => {
    expect(trace('dnsrr')).toEqual([[9200, 9200 + directNs]]);
  });

  it('vip: sent after the lookup, one-way time plus IPVS and NAT once on the client host', () => {
    expect(trace('vip')).toEqual([[9200, 9200 + directNs + 767]]);
  });

  it('vip: both flows of a TCP connection are NATed on the client host only', () => {
    const text = scenario('vip').replace('kind: udp-cbr', 'kind: tcp-bulk').replace(', packetRate: 1000/s, payload: 100B', '');
    const sim = buildSimulation(loadScenarioText('vip.yaml', text).resolved, 1);
    expect(sim.ctx.flows.map((f) => [f.name, f.srcHost, f.natHost])).toEqual([
      ['u', 0, 0],
      ['u/reverse', 1, 0],
    ]);
  });
});
