import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/** One udp-cbr client on h5 to api's VIP (4 tasks), at `ratePerS` datagrams/s for 1000 s, with a gossip plane (no failure). */
function scenario(ratePerS: string): string {
  return `name: idle-udp
seed: 4
duration: 1000s
underlay: { topology: star, hosts: 5, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cpu: none }
networks: { appnet: { subnet: 10.0.9.0/24 } }
services:
  api: { replicas: 4, networks: [appnet], placement: [h1, h2, h3, h4] }
  web: { replicas: 1, networks: [appnet], placement: [h5] }
workloads:
  - { name: dgram, kind: udp-cbr, from: web, to: api, packetRate: ${ratePerS}, payload: 100B }
gossip:
  profile: lan
  transport: { kind: abstract, delay: 100us, jitter: 50us }
`;
}

async function tasksReached(ratePerS: string): Promise<number[]> {
  const result = await runScenario(loadScenarioText('idle-udp.yaml', scenario(ratePerS)).resolved);
  return result.flows.filter((f) => f.workload === 'dgram').map((f) => f.rxPackets);
}

/**
 * IPVS forgets a UDP connection entry after 300 s without a datagram (ip_vs_proto_udp.c), so
 * the next datagram is scheduled afresh and the round robin moves on. Gaps on either side of
 * 300 s, within a second of it: datagrams 300.00000003 s apart (at 0, 300, 600 and 900 s; the
 * rate's last digit leaves the gap just above 300 s) each open a new entry, so the four tasks
 * get one each; 299 s apart (0, 299, 598, 897 s) the entry never idles out and one task gets all 4.
 */
describe("a client host's IPVS entry for a UDP flow", () => {
  it('expires after 300 s without a datagram, so the next one is scheduled afresh', async () => {
    const perTask = await tasksReached('0.003333333333/s');
    expect(perTask.filter((n) => n === 1)).toHaveLength(4);
    expect(perTask.reduce((a, n) => a + n, 0)).toBe(4);
  });

  it('lives on while datagrams come within 300 s', async () => {
    const perTask = await tasksReached('0.0033444816/s');
    expect(perTask.filter((n) => n === 4)).toHaveLength(1);
    expect(perTask.reduce((a, n) => a + n, 0)).toBe(4);
  });
});
