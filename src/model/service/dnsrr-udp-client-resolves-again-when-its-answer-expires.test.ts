import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/** One udp-cbr client on h5 to a 4-task dnsrr service, 100 datagrams/s for 4 s, with a DNS cache TTL. */
function scenario(ttl: string): string {
  return `name: dnsrr-udp
seed: 2
duration: 4s
underlay: { topology: star, hosts: 5, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cpu: none }
networks: { appnet: { subnet: 10.0.9.0/24 } }
services:
  api: { replicas: 4, networks: [appnet], placement: [h1, h2, h3, h4], endpointMode: dnsrr }
  web: { replicas: 1, networks: [appnet], placement: [h5] }
workloads:
  - { name: dgram, kind: udp-cbr, from: web, to: api, packetRate: 100/s, payload: 100B, dnsCacheTtl: ${ttl} }
`;
}

async function datagramsPerTask(ttl: string): Promise<number[]> {
  const result = await runScenario(loadScenarioText('dnsrr-udp.yaml', scenario(ttl)).resolved);
  const rx = new Map<string, number>();
  for (const f of result.flows) if (f.workload === 'dgram') rx.set(f.dst, (rx.get(f.dst) ?? 0) + f.rxPackets);
  return ['api.1', 'api.2', 'api.3', 'api.4'].map((t) => rx.get(t) ?? 0);
}

/**
 * h5's DNS server rotates its answer by one task per query, and the client sends to the first
 * address. With a 1 s TTL the client resolves at 0, 1, 2 and 3 s, so each of the 4 tasks gets
 * one second of datagrams: exactly 100 each. With TTL 0 the flow resolves once, at its start,
 * and one task gets all 400.
 */
describe('a dnsrr UDP client', () => {
  it('resolves again when its answer expires and moves to the next task of the answer', async () => {
    expect(await datagramsPerTask('1s')).toEqual([100, 100, 100, 100]);
  });

  it('with TTL 0 resolves once and keeps its first task', async () => {
    const perTask = await datagramsPerTask('0s');
    expect(perTask.filter((n) => n === 400)).toHaveLength(1);
    expect(perTask.reduce((a, n) => a + n, 0)).toBe(400);
  });
});
