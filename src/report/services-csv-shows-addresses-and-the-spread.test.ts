import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { serviceTable } from './services.ts';

/**
 * Two clients on h1 open 4 connections each to a 3-task VIP service (h1's one IPVS table: 8
 * over 3 in round robin gives 3, 3, 2 in an order that depends on where h1's list starts) and send one UDP flow each to a 2-task dnsrr service
 * (h1's DNS server rotates: one flow to each). Addresses in 10.0.1.0/24: gateway .1, the VIPs of
 * client and api (.2, .3), then the tasks in task order.
 */
const SCENARIO = `
name: svc
duration: 5ms
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps, delay: 5us } }
networks: { appnet: {} }
services:
  client: { replicas: 2, networks: [appnet], placement: [h1] }
  api: { replicas: 3, networks: [appnet], placement: [h2, h3, h4] }
  cache: { replicas: 2, networks: [appnet], endpointMode: dnsrr, placement: [h2, h3] }
workloads:
  - { name: rpc, kind: tcp-rpc, from: client, to: api, rate: 2000/s, connections: 4 }
  - { name: udp, kind: udp-cbr, from: client, to: cache, packetRate: 1000/s, payload: 100B }
`;

describe('services.csv', () => {
  it('lists each task with its addresses and the connections routed to it', async () => {
    const result = await runScenario(loadScenarioText('svc.yaml', SCENARIO).resolved);
    const table = serviceTable(result);
    const col = (name: string) => table.columns.indexOf(name);
    const picked = table.rows.map((r) => [r[col('task')], r[col('vip')], r[col('address')]]);
    expect(picked).toEqual([
      ['client.1', '10.0.1.2', '10.0.1.4'],
      ['client.2', '10.0.1.2', '10.0.1.5'],
      ['api.1', '10.0.1.3', '10.0.1.6'],
      ['api.2', '10.0.1.3', '10.0.1.7'],
      ['api.3', '10.0.1.3', '10.0.1.8'],
      ['cache.1', '', '10.0.1.9'],
      ['cache.2', '', '10.0.1.10'],
    ]);
    // h1's list of api tasks starts where h1's stream says; the spread is 3, 3, 2 in some order.
    const routed = (prefix: string) => table.rows.filter((r) => String(r[col('task')]).startsWith(prefix)).map((r) => Number(r[col('routed')]));
    expect(routed('client')).toEqual([0, 0]);
    expect(routed('api').sort()).toEqual([2, 3, 3]);
    expect(routed('cache')).toEqual([1, 1]);
    // Every UDP packet a cache task received came on its one routed flow: 5 per flow in 5 ms at 1000/s.
    expect(table.rows.filter((r) => String(r[col('task')]).startsWith('cache')).map((r) => r[col('rxPackets')])).toEqual([5, 5]);
  });
});
