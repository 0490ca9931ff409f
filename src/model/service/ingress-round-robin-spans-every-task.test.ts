import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../scenario/build.ts';
import { loadScenarioText } from '../../scenario/load.ts';

/**
 * Six tasks of web, two on each of h1, h2 and h3 (spread); the external client h4 opens TCP
 * connections to port 8080. Each node's ingress sandbox has one IPVS table over all six tasks
 * (round robin, starting where that node's list starts), so whole cycles give every task the
 * same count, and the share of connections that take the extra hop is exactly the share of
 * tasks elsewhere: 4 of 6 from every node. Connections are routed when the run is built, so
 * the flow table is read without running.
 */
function flows(nodes: string, connections: number, mode = 'ingress', ingressNetwork = '') {
  const text = `
name: rr
duration: 10ms
underlay: { topology: star, hosts: 4, hostLink: { bandwidth: 10Gbps, delay: 5us } }
networks: { appnet: {}${ingressNetwork} }
services:
  web: { replicas: ${mode === 'host' ? 3 : 6}, networks: [appnet], ports: [{ published: 8080, target: 80, mode: ${mode} }] }
workloads:
  - { name: ext, kind: tcp-rpc, from: h4, to: web, port: 8080, ${nodes} rate: 1000/s, connections: ${connections} }
`;
  const { resolved } = loadScenarioText('rr.yaml', text);
  const sim = buildSimulation(resolved, 1);
  const tcp = sim.connections.map((c) => c.connection);
  const forward = sim.ctx.flows.filter((f) => !f.name.endsWith('/reverse'));
  const reverse = sim.ctx.flows.filter((f) => f.name.endsWith('/reverse'));
  return { forward, reverse, hosts: resolved.topology.hosts, tcp };
}

/** Connections per task name. */
function perTask(list: { dstName: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of list) out[f.dstName] = (out[f.dstName] ?? 0) + 1;
  return out;
}

describe('the ingress node balances over every task of the service cluster-wide', () => {
  it('12 connections to h1: each of the 6 tasks twice, 8 of 12 over the extra hop (4 of 6 tasks are elsewhere)', () => {
    const { forward } = flows('nodes: [h1],', 12);
    expect(perTask(forward)).toEqual({ 'web.1': 2, 'web.2': 2, 'web.3': 2, 'web.4': 2, 'web.5': 2, 'web.6': 2 });
    expect(forward.every((f) => f.ingressNode === 0)).toBe(true);
    const relayed = forward.filter((f) => f.relay !== undefined);
    expect(relayed.length).toBe(8);
    // Exactly the connections whose task is not on h1 were relayed, by h1.
    expect(relayed.every((f) => f.dstHost !== 0 && f.relay?.host === 0)).toBe(true);
  });

  it('18 connections over the default nodes (h1, h2, h3 in turn): 6 per node, each task 3 times, extra-hop share 12/18', () => {
    const { forward } = flows('', 18);
    expect([0, 1, 2].map((n) => forward.filter((f) => f.ingressNode === n).length)).toEqual([6, 6, 6]);
    expect(Object.values(perTask(forward))).toEqual([3, 3, 3, 3, 3, 3]);
    expect(forward.filter((f) => f.relay !== undefined).length / forward.length).toBe(4 / 6);
  });

  it('replies retrace the path: task to the ingress node over the overlay, then to the client; IPVS and NAT on the ingress node both ways', () => {
    const { forward, reverse } = flows('nodes: [h1],', 6);
    forward.forEach((f, i) => {
      const r = reverse[i];
      expect(r?.dstHost).toBe(3);
      expect(r?.natHost).toBe(0);
      expect(f.natHost).toBe(0);
      if (f.relay === undefined) {
        expect(r?.relay).toBeUndefined();
      } else {
        expect([f.path.encap, f.relay.path.encap]).toEqual(['none', 'vxlan']);
        expect([r?.path.encap, r?.relay?.host, r?.relay?.path.encap]).toEqual(['vxlan', 0, 'none']);
      }
    });
  });

  it('host mode: every connection stays on the node it reached, with no IPVS', () => {
    const { forward } = flows('', 6, 'host');
    expect(forward.map((f) => [f.ingressNode, f.dstHost, f.relay, f.natHost])).toEqual([0, 1, 2, 0, 1, 2].map((n) => [n, n, undefined, undefined]));
  });

  it('networks.ingress changes the hop: encrypted, the extra hop is VXLAN with ESP and TCP segments fit its 1424-byte container MTU', () => {
    const { forward, tcp } = flows('nodes: [h1],', 6, 'ingress', ', ingress: { encrypted: true }');
    const relayed = forward.filter((f) => f.relay !== undefined);
    expect(relayed.map((f) => [f.relay?.path.encap, f.relay?.path.innerMtu])).toEqual([1, 2, 3, 4].map(() => ['vxlan-esp', 1424]));
    // 1424 less 20 B IPv4, 20 B TCP and 12 B of timestamps, on every connection (also those served on h1).
    expect(tcp.map((c) => c.config.mssBytes)).toEqual([1, 2, 3, 4, 5, 6].map(() => 1372));
  });
});
