import { describe, expect, it } from 'vitest';
import { resultFiles } from '../../report/write-results.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { runScenario } from '../../scenario/run.ts';

/**
 * 30 hosts (no push/pull scaling: period 30 s; NetworkDB bulk sync 30 s, ref §2.1, §3.2); h30
 * has 7946/udp blocked from the start. Five endpoints join at 5 s. Gossip reaches the other 28
 * hosts within a few seconds; h30 hears nothing by UDP, so it learns each event only at a bulk
 * sync or push/pull, which bounds its lag by the 30 s sync interval (+ a TCP transfer). Its probes
 * and others' probes of it succeed over TCP, so nobody suspects it (ref §3.5).
 * With 7946/tcp blocked too it never learns them, and the summary says so.
 */
function scenario(block: string): string {
  return `name: fw
seed: 5
duration: 70s
underlay: { topology: abstract, hosts: 30 }
networks: { appnet: { subnet: 10.0.0.0/24 } }
services: { web: { replicas: 30, networks: [appnet] } }
gossip:
  events:
    - { kind: firewall, at: 0s, hosts: [h30], block: [${block}] }
    - { kind: endpoints, at: 5s, network: appnet, count: 5, rate: 10/s }
`;
}

async function run(block: string) {
  const loaded = loadScenarioText('fw.yaml', scenario(block));
  const result = await runScenario(loaded.resolved);
  return { result, files: await resultFiles(result, { scenarioFile: 'fw.yaml', scenarioSha256: '', toolVersion: 'test', sets: [] }) };
}

describe('a host with 7946/udp blocked', () => {
  it('learns table events only through bulk sync or push/pull: lag ≤ 30 s sync interval, every event reaches it, no suspicion', async () => {
    const { result } = await run('udp');
    const g = result.gossip!;
    const table = g.events.filter((e) => e.kind === 'endpoint-create');
    expect(table).toHaveLength(10);
    for (const e of table) {
      expect(e.reachNs[3], e.label).toBeDefined();
      // 99 % of 29 hosts is 29: the last one is h30; 90 % (27 hosts) comes by UDP gossip well before.
      expect(e.reachNs[3]!).toBeLessThanOrEqual(30e9 + 1e9);
      expect(e.reachNs[1]!).toBeLessThan(e.reachNs[3]!);
    }
    expect(g.totals.falseSuspicions).toBe(0);
    expect(g.totals.tcpOnlyProbes).toBeGreaterThan(0);
  });

  it('with 7946/tcp blocked as well never converges, and summary.md says so', async () => {
    const { result, files } = await run('udp, tcp');
    const table = result.gossip!.events.filter((e) => e.kind === 'endpoint-create');
    for (const e of table) expect(e.reachNs[3]).toBeUndefined();
    expect(files.get('summary.md')).toContain('events never reached every host that should know them');
    expect(files.get('gossip.csv')).toContain(',false,');
  });
});
