import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../scenario/build.ts';
import { loadScenarioText } from '../../scenario/load.ts';

/**
 * Connections to a service, counted per task from the flow table after the build (connections
 * are routed when they open, all at the workload's start). IPVS round robin on the client's
 * host, and dnsrr with a cache TTL of 0 (one rotated answer per connection), give every task
 * exactly ⌊n/k⌋ or ⌈n/k⌉ of n connections over k tasks.
 */
function scenario(n: number, k: number, mode: string, ttl = '0s', clients = 1): string {
  return `
name: spread
duration: 1s
underlay: { topology: star, hosts: 8, hostLink: { bandwidth: 10Gbps } }
networks: { appnet: {} }
services:
  client: { replicas: ${clients}, networks: [appnet], placement: [h1, h2] }
  server: { replicas: ${k}, networks: [appnet], placement: [h3, h4, h5, h6, h7, h8] }
workloads:
  - { name: rpc, kind: tcp-rpc, from: client, to: server, mode: ${mode}, dnsCacheTtl: ${ttl}, rate: 1000/s, connections: ${n} }
`;
}

/** Connections per receiving task, in task order, and each connection's [client, server]. */
function spread(text: string): { perTask: number[]; pairs: string[] } {
  const { resolved } = loadScenarioText('spread.yaml', text);
  const sim = buildSimulation(resolved, 1);
  const forward = sim.ctx.flows.filter((f) => f.protocol === 'tcp' && !f.name.endsWith('/reverse'));
  const tasks = resolved.tasks.filter((t) => t.service === 'server').map((t) => t.name);
  return { perTask: tasks.map((t) => forward.filter((f) => f.dstName === t).length), pairs: forward.map((f) => `${f.srcName}>${f.dstName}`) };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('round robin spreads connections evenly', () => {
  it.each([
    [10, 3],
    [7, 7],
    [5, 6],
    [100, 6],
    [13, 4],
  ])('vip: %i connections over %i tasks each get ⌊n/k⌋ or ⌈n/k⌉', (n, k) => {
    const { perTask } = spread(scenario(n, k, 'vip'));
    expect(perTask.reduce((a, b) => a + b, 0)).toBe(n);
    for (const c of perTask) expect([Math.floor(n / k), Math.ceil(n / k)]).toContain(c);
  });

  it('vip: 10 over 3 is 4, 3, 3 in some order (each host’s list starts where that host’s stream says)', () => {
    expect(sorted(spread(scenario(10, 3, 'vip')).perTask)).toEqual([3, 3, 4]);
  });

  it('dnsrr with dnsCacheTtl 0 spreads like round robin', () => {
    for (const [n, k] of [
      [10, 3],
      [13, 4],
      [5, 6],
    ] as const) {
      expect(sorted(spread(scenario(n, k, 'dnsrr')).perTask)).toEqual(sorted(spread(scenario(n, k, 'vip')).perTask));
    }
  });

  it('dnsrr with a cache TTL sends all of a client’s connections to the task its one answer gave first', () => {
    expect(sorted(spread(scenario(10, 3, 'dnsrr', '10s')).perTask)).toEqual([0, 0, 10]);
  });

  it('each client host has its own IPVS table: 4 connections from each of two hosts over 3 tasks, each host giving every task 1 or 2', () => {
    const { pairs } = spread(scenario(4, 3, 'vip', '0s', 2));
    for (const client of ['client.1', 'client.2']) {
      const mine = pairs.filter((p) => p.startsWith(`${client}>`));
      const perTask = ['server.1', 'server.2', 'server.3'].map((t) => mine.filter((p) => p.endsWith(`>${t}`)).length);
      expect(sorted(perTask)).toEqual([1, 1, 2]);
    }
  });

  it('one host’s DNS server rotates across its clients: two clients on h1 get successive first answers', () => {
    const text = scenario(1, 3, 'dnsrr', '0s', 2).replace('placement: [h1, h2]', 'placement: [h1]');
    const [a, b] = spread(text).pairs.map((p) => Number(p.slice(-1)) - 1);
    expect(b).toBe(((a as number) + 1) % 3);
  });
});
