import { describe, expect, it } from 'vitest';
import { loadScenario } from './load.ts';
import { runScenario } from './run.ts';

/**
 * scenarios/stack.yaml runs its traffic over what examples/docker-stack.yml declares. Counts,
 * not timings, are checked: they follow from the stack file by hand.
 */
describe('the shipped stack scenario', async () => {
  const { resolved } = loadScenario('scenarios/stack.yaml');
  const result = await runScenario(resolved);
  const connections = result.connections ?? [];
  const hostOf = (task: string) => resolved.topology.hosts[resolved.tasks.find((t) => t.name === task)?.host ?? -1];

  it('shoppers: the external client on h7 opens 6 connections to the published port, each answered by a frontend task', () => {
    const shoppers = connections.filter((c) => c.workload === 'shoppers');
    expect(shoppers).toHaveLength(6);
    for (const c of shoppers) expect([c.client, ['frontend.1', 'frontend.2', 'frontend.3'].includes(c.server)]).toEqual(['h7', true]);
  });

  it('page views: each of the 3 frontend tasks opens 4 connections to the api VIP, and its host\'s round robin gives one to each of the 4 api tasks', () => {
    const pairs = connections.filter((c) => c.workload === 'page-views').map((c) => `${c.client}>${c.server}`).sort();
    const expected = ['frontend.1', 'frontend.2', 'frontend.3'].flatMap((f) => ['api.1', 'api.2', 'api.3', 'api.4'].map((a) => `${f}>${a}`));
    expect(pairs).toEqual(expected);
  });

  it('cache reads: every api task reaches the one cache task, pinned to h6 by its constraint', () => {
    const reads = connections.filter((c) => c.workload === 'cache-reads');
    expect(reads.map((c) => c.server)).toEqual(['cache.1', 'cache.1', 'cache.1', 'cache.1']);
    expect(hostOf('cache.1')).toBe('h6');
  });

  it('the MSS shows which network each crossed: plain frontend (container MTU 1450) or encrypted backend (1424), less 52 B of IP, TCP and timestamps', () => {
    const mss = (workload: string) => [...new Set(connections.filter((c) => c.workload === workload).map((c) => c.mssBytes))];
    expect(mss('page-views')).toEqual([1450 - 52]);
    expect(mss('cache-reads')).toEqual([1424 - 52]);
  });
});
