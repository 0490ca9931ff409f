import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../scenario/load.ts';
import { runScenario } from '../scenario/run.ts';
import { ingressSummary } from './ingress-summary.ts';
import { serviceTable } from './services.ts';

/**
 * web's two tasks run on h1 and h2 of four swarm nodes; the external client h5 opens 8 TCP
 * connections to port 8080, two to each node in turn. Each node's round robin over both tasks
 * completes one cycle: h1 and h2 keep one connection and relay one, h3 and h4 relay both, so 6
 * of 8 take the extra hop (share 0.75 exactly) and each task gets 4 connections, 3 of them
 * relayed. Ingress addresses in 10.0.0.0/24: gateway .1, the four nodes' ingress-sbox
 * endpoints .2 to .5, web's ingress VIP .6, then the tasks.
 */
const SCENARIO = `
name: mesh
duration: 20ms
underlay: { topology: star, hosts: 5, hostLink: { bandwidth: 10Gbps, delay: 5us } }
hosts: { cores: 2, cpu: aesni }
networks: { appnet: {} }
services:
  web: { replicas: 2, networks: [appnet], placement: [h1, h2], ports: [{ published: 8080, target: 80 }] }
workloads:
  - { name: ext, kind: tcp-rpc, from: h5, to: web, port: 8080, rate: 2000/s, arrivals: constant, connections: 8, request: 100B, response: 1KB }
`;

describe('services.csv and summary.json show the routing mesh’s extra hop', async () => {
  const result = await runScenario(loadScenarioText('mesh.yaml', SCENARIO).resolved);
  const table = serviceTable(result);
  const col = (name: string) => table.columns.indexOf(name);
  const ingressRows = table.rows.filter((r) => r[col('network')] === 'ingress');

  it('one ingress row per task with its ingress address, the connections routed to it and those relayed', () => {
    expect(ingressRows.map((r) => [r[col('task')], r[col('vip')], r[col('address')], r[col('routed')], r[col('extraHops')], r[col('extraHopShare')]])).toEqual([
      ['web.1', '10.0.0.6', '10.0.0.7', 4, 3, 0.75],
      ['web.2', '10.0.0.6', '10.0.0.8', 4, 3, 0.75],
    ]);
  });

  it('every request is answered through the relay, and the extra hop costs delay', () => {
    const s = ingressSummary(result, 'ext');
    expect([s?.connections, s?.extraHops, s?.extraHopShare]).toEqual([8, 6, 0.75]);
    const requests = ingressRows.reduce((a, r) => a + Number(r[col('requests')]), 0);
    // 2000/s evenly: one every 0.5 ms from 0.5 ms to 19.5 ms, 39 requests, each answered within about 100 µs.
    expect(requests).toBe(39);
    expect(result.workloads[0]?.tcp?.requestLatency?.count).toBe(39);
    expect(result.workloads[0]?.tcp?.retransmittedSegments).toBe(0);
    expect(s?.extraHopDelayMeanNs).toBeGreaterThan((s?.localDelayMeanNs ?? 0) + 10_000);
  });

  it('the external traffic counts on the ingress rows only, not again on appnet’s', () => {
    const appnetRows = table.rows.filter((r) => r[col('network')] === 'appnet');
    expect(appnetRows.map((r) => [r[col('task')], r[col('routed')], r[col('rxPackets')], r[col('requests')]])).toEqual([
      ['web.1', 0, 0, 0],
      ['web.2', 0, 0, 0],
    ]);
    expect(ingressRows.every((r) => Number(r[col('rxPackets')]) > 0)).toBe(true);
  });
});
